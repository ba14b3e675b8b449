"""Template tags for what machines read of a page (see ``cepsite.metadata``)."""

from django import template
from django.templatetags.static import static

from cepsite import metadata

register = template.Library()


@register.simple_tag
def json_ld(data):
    """``data`` as a JSON-LD script element, safe inside HTML."""
    return metadata.json_ld_script(data)


@register.simple_tag(takes_context=True)
def website_json_ld(context):
    return metadata.json_ld_script(metadata.website(context["request"]))


@register.simple_tag(takes_context=True)
def default_social_image(context):
    return metadata.absolute(context["request"], static(metadata.DEFAULT_SOCIAL_IMAGE))
