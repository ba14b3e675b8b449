"""
What machines read of the assembly's pages: reference pages describe the
organisations and people they are about as schema.org ``Organization`` and
``Person``, with every other name they go by.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cepsite import metadata
from cepsite.citations import day_parts
from resources.models import Organization, Person


def _alternate_names(speaker):
    names = []
    short_name = getattr(speaker, "short_name", "")
    for name in [short_name, *speaker.alias_list]:
        if name and name != speaker.name and name not in names:
            names.append(name)
    return names


def subject_json_ld(speaker, *, url, description):
    """An organisation or person as schema.org, with ``alternateName``."""
    kind = "Organization" if isinstance(speaker, Organization) else "Person"
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": speaker.name,
        "url": url,
    }
    if description:
        data["description"] = description
    alternate = _alternate_names(speaker)
    if alternate:
        data["alternateName"] = alternate
    return data


def resource_page_metadata(resource, *, request, speakers):
    """
    The reference page's title, description and image (SEO fields first) and
    its JSON-LD: the organisations or people it describes, and breadcrumbs.
    """
    url = request.build_absolute_uri(resource.get_absolute_url())
    meta = metadata.page_meta(request, resource)
    structured = [
        subject_json_ld(speaker, url=url, description=resource.summary)
        for speaker in speakers
        if isinstance(speaker, Organization | Person)
    ]
    if not structured:
        structured.append(
            {
                "@context": "https://schema.org",
                "@type": "Article",
                "headline": meta.title[:110],
                "description": meta.description,
                "url": url,
                "image": meta.image_url,
                "datePublished": resource.publish_at.isoformat(),
                "dateModified": resource.updated_at.isoformat(),
            }
        )
    structured.append(
        metadata.breadcrumb_list(
            request,
            [
                ("Home", reverse("home")),
                ("Resources", reverse("resources:list")),
                (resource.title, resource.get_absolute_url()),
            ],
        )
    )
    highwire = metadata.highwire_tags(
        {
            "title": meta.title,
            "issued": day_parts(timezone.localtime(resource.publish_at).date()),
            "container-title": settings.SITE_NAME,
            "URL": url,
            "language": "en",
        }
    )
    return {"meta": meta, "json_ld": structured, "highwire": highwire}
