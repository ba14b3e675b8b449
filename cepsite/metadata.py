"""
What machines read of a page: schema.org JSON-LD, Highwire ``citation_*``
tags for reference managers, and the title, description and image that
search engines and social cards show, with their fallbacks.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

DEFAULT_SOCIAL_IMAGE = "img/social-default.png"
# Its size, which social cards read before they fetch it.
DEFAULT_SOCIAL_IMAGE_SIZE = (1200, 630)

# Inside a script element, "</script>" or "<!--" in a string would end or
# change it: these characters are written as JSON escapes instead.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    """
    ``data`` in a ``<script type="application/ld+json">`` element: a data
    block, which browsers never run, so the Content-Security-Policy does not
    concern it.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_ESCAPES)),  # noqa: S308
    )


def absolute(request, url):
    return request.build_absolute_uri(url)


def website(request):
    """The site as a schema.org ``WebSite``, with its search."""
    search = absolute(request, reverse("search"))
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute(request, "/"),
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{search}?q={{query}}",
            "query-input": "required name=query",
        },
    }


def breadcrumb_list(request, crumbs):
    """A schema.org ``BreadcrumbList`` of ``(name, path)`` pairs, home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute(request, path),
            }
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }


def _highwire_date(parts):
    return "/".join(
        f"{part:02d}" if n else f"{part:04d}" for n, part in enumerate(parts)
    )


def highwire_tags(item):
    """
    ``(name, content)`` pairs of Highwire Press ``citation_*`` tags for a
    CSL-JSON item, as Zotero and Google Scholar read them.
    """
    tags = [("citation_title", item.get("title", ""))]
    tags += [
        ("citation_author", name.get("literal") or name.get("family", ""))
        for name in item.get("author", [])
    ]
    issued = (item.get("issued") or {}).get("date-parts", [[]])[0]
    if issued:
        tags.append(("citation_publication_date", _highwire_date(issued)))
        tags.append(("citation_date", _highwire_date(issued)))
    tags += [
        ("citation_publisher", item.get("publisher") or item.get("container-title")),
        ("citation_public_url", item.get("URL", "")),
        ("citation_language", item.get("language", "")),
    ]
    return [(name, content) for name, content in tags if content]


@dataclass(frozen=True)
class PageMeta:
    """The title, description and absolute image URL a page shows machines."""

    title: str
    description: str
    image_url: str
    image_is_default: bool


def _file_url(field_file):
    return field_file.url if field_file else ""


def page_meta(request, item, *, description_fallback=""):
    """
    The ``PageMetadata`` of ``item`` with its fallbacks: the SEO title, else
    the title; the search description, else the summary; the social image,
    else the lead image, else the site's default card.
    """
    title = getattr(item, "seo_title", "") or getattr(item, "title", "")
    description = (
        getattr(item, "search_description", "")
        or getattr(item, "summary", "")
        or description_fallback
        or title
    )
    image = _file_url(getattr(item, "social_image", None)) or _file_url(
        getattr(item, "image", None)
    )
    return PageMeta(
        title=title,
        description=description,
        image_url=absolute(request, image or static(DEFAULT_SOCIAL_IMAGE)),
        image_is_default=not image,
    )
