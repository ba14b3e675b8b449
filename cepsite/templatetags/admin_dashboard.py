"""``{% admin_dashboard as dashboard %}``: the editors' dashboard on /admin/."""

from django import template

from cepsite.admin.dashboard import dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_dashboard(context):
    """What the dashboard shows the signed-in user (``cepsite.admin.dashboard``)."""
    return dashboard(context["request"])
