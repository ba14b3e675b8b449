"""
An item's public corrections, newest first, each with its date:
``{% load corrections %}{% corrections_for item %}``.
"""

from django import template

from cepsite.site.corrections import corrections_of

register = template.Library()


@register.inclusion_tag("includes/corrections.html")
def corrections_for(item):
    """The item's corrections, newest first, each with its date; nothing if none."""
    return {"corrections": corrections_of(item)}
