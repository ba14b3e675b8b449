from django import template
from django.utils import timezone

from cepsite.pagecache import cached_result
from quotes.models import Quote

register = template.Library()


@register.inclusion_tag("includes/daily_dose.html")
def daily_dose_block(on=None):
    """
    The Daily Dose for ``on`` (today by default), else the latest before it:
    ``{% load site_tags %}{% daily_dose_block %}``. It changes only at
    midnight or on an edit, so it is kept under the content version.
    """
    on = on or timezone.localdate()
    quote = cached_result(
        f"daily-dose:{on.isoformat()}", lambda: Quote.objects.daily_dose(on=on)
    )
    return {"quote": quote}
