from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def press_archive_list(archive):
    """
    The years and months that have releases, each linking to the list
    filtered to it, as nested lists; built in Python rather than a template
    (docs/decisions/0008-press-archive-list-in-python.md). Years, months and
    counts are integers; the names are escaped.
    """
    url = escape(reverse("press:list"))
    years = []
    for row in archive:
        year = int(row["year"])
        months = "".join(
            f'<li><a href="{url}?year={year}&amp;month={int(month["month"])}">'
            f"{escape(str(month['name']))}</a>"
            f' <span class="count">({int(month["count"])})</span></li>'
            for month in row["months"]
        )
        years.append(
            f'<li><a href="{url}?year={year}">{year}</a>'
            f' <span class="count">({int(row["count"])})</span>'
            f'<ul class="press-archive__months">{months}</ul></li>'
        )
    return mark_safe(f'<ul class="press-archive__years">{"".join(years)}</ul>')
