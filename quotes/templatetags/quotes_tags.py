from django import template

from quotes.models import Quote

register = template.Library()


@register.inclusion_tag("includes/daily_dose.html")
def daily_dose_block(on=None):
    """
    The Daily Dose for ``on`` (today by default), else the latest before it,
    in one query: ``{% load quotes_tags %}{% daily_dose_block %}``.
    """
    return {"quote": Quote.objects.daily_dose(on=on)}
