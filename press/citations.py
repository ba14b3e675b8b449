"""A press release as a CSL-JSON item, for ``cepsite.citations`` to render."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cepsite import metadata
from cepsite.citations import day_parts, file_links, render


def press_item(release, *, url, accessed):
    """
    The release as a CSL-JSON item, a web page of the genre "Press release":
    its author (else the organisation), its day, the site, the permanent
    ``url`` and the ``accessed`` day.
    """
    author = release.author or settings.SITE_NAME
    item = {
        "id": f"press-{release.pk}",
        "type": "webpage",
        "genre": "Press release",
        "title": release.title,
        "author": [{"literal": author}],
        "container-title": settings.SITE_NAME,
        "issued": day_parts(timezone.localtime(release.publish_at).date()),
        "URL": url,
        "accessed": day_parts(accessed),
        "language": "en",
    }
    if release.dateline:
        item["publisher-place"] = release.dateline
    return item


def press_json_ld(release, *, url, meta, request):
    """The release as a schema.org ``NewsArticle``."""
    organization = {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri("/"),
    }
    author = (
        {"@type": "Person", "name": release.author} if release.author else organization
    )
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": meta.title[:110],
        "name": release.title,
        "description": meta.description,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": release.publish_at.isoformat(),
        "dateModified": release.updated_at.isoformat(),
        "author": author,
        "publisher": organization,
        "image": meta.image_url,
        "inLanguage": "en",
    }
    if release.dateline:
        data["dateline"] = release.dateline
    return data


def press_page_metadata(release, *, request):
    """
    What the release's page shows machines and citers: its title,
    description and image (SEO fields first), the rendered citation styles,
    the file links, the Highwire tags and the JSON-LD with breadcrumbs.
    """
    url = request.build_absolute_uri(release.get_absolute_url())
    item = press_item(release, url=url, accessed=timezone.localdate())
    meta = metadata.page_meta(request, release)
    return {
        "meta": meta,
        "citations": render(item),
        "cite_links": file_links("press:cite", release.slug),
        "highwire": metadata.highwire_tags(item),
        "json_ld": [
            press_json_ld(release, url=url, meta=meta, request=request),
            metadata.breadcrumb_list(
                request,
                [
                    ("Home", reverse("home")),
                    ("Press", reverse("press:list")),
                    (release.title, release.get_absolute_url()),
                ],
            ),
        ],
    }
