from django import template
from django.utils.html import format_html

from cepsite.dates import machine_partial_date

register = template.Library()


@register.simple_tag
def said_on(quote):
    """
    When ``quote`` was said, as far as it is known, in a ``<time>`` element:
    ``{% said_on quote %}``. Every quote card shows one, so it is built here
    rather than by a template included for each.
    """
    if quote.said_on is None:
        return quote.display_date
    return format_html(
        '<time datetime="{}">{}</time>',
        machine_partial_date(quote.said_on, quote.said_on_precision),
        quote.display_date,
    )


@register.simple_tag
def prefetched_categories(quote):
    """
    ``quote``'s categories if its queryset prefetched them, else none: a
    card in a list must not send a query of its own.
    """
    cache = getattr(quote, "_prefetched_objects_cache", {})
    return list(cache.get("categories", ()))
