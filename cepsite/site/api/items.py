"""Each public item as the API gives it: DESIGN.md's field names, ISO dates."""

from urllib.parse import urlencode

from django.urls import reverse

from cepsite.dates import machine_partial_date
from cepsite.tagging import is_usable_slug


def absolute(request, path):
    return request.build_absolute_uri(path)


def named(items):
    return [{"name": item.name, "slug": item.slug} for item in items]


def organization_ref(organization):
    if organization is None:
        return None
    return {
        "name": organization.name,
        "slug": organization.slug,
        "short_name": organization.short_name,
    }


def source_item(source):
    return {
        "position": source.position,
        "publisher": source.publisher,
        "title": source.title,
        "url": source.public_url,
        "published_on": machine_partial_date(
            source.published_on, source.published_on_precision
        ),
        "published_on_precision": source.published_on_precision,
        "accessed_on": source.accessed_on,
        "language": source.language,
        "archive_url": source.public_archive_url,
        "link_status": source.link_status,
    }


def quote_item(request, quote):
    """A quote with the relations ``QUOTE_RELATIONS`` prefetches."""
    return {
        "id": quote.pk,
        "url": absolute(request, quote.get_absolute_url()),
        "kind": quote.kind,
        "text": quote.text,
        "person": quote.person
        and {"name": quote.person.name, "slug": quote.person.slug},
        "role": quote.role,
        "organization": organization_ref(quote.organization),
        "context": quote.context,
        "said_on": machine_partial_date(quote.said_on, quote.said_on_precision),
        "said_on_precision": quote.said_on_precision,
        "attribution": quote.attribution,
        "original_text": quote.original_text,
        "original_language": quote.original_language,
        "translation_credit": quote.translation_credit,
        "categories": named(quote.categories.all()),
        "sources": [source_item(source) for source in quote.sources.all()],
        "tags": named(quote.tags.all()),
        "featured_on": quote.featured_on,
        "publish_at": quote.publish_at,
        "updated_at": quote.updated_at,
    }


def profile_url(request, entity):
    """The public URL of a person's or organisation's resource page, if public."""
    profile = entity.profile
    if profile is None or not profile.is_public:
        return None
    return absolute(request, profile.get_absolute_url())


def archive_url(request, field, slug):
    return absolute(request, f"{reverse('quotes:archive')}?{urlencode({field: slug})}")


def organization_item(request, organization):
    return {
        **organization_ref(organization),
        "aliases": organization.alias_list,
        "profile_url": profile_url(request, organization),
        "url": archive_url(request, "organization", organization.slug),
    }


def person_item(request, person):
    return {
        "name": person.name,
        "slug": person.slug,
        "aliases": person.alias_list,
        "organization": organization_ref(person.organization),
        "profile_url": profile_url(request, person),
        "url": archive_url(request, "person", person.slug),
    }


def press_item(request, release):
    return {
        "title": release.title,
        "slug": release.slug,
        "url": absolute(request, release.get_absolute_url()),
        "dateline": release.dateline,
        "summary": release.summary,
        "author": release.author,
        "publish_at": release.publish_at,
        "updated_at": release.updated_at,
        "tags": named(release.tags.all()),
        "resources": [resource.slug for resource in release.public_resource_list],
    }


def resource_item(request, resource):
    return {
        "title": resource.title,
        "slug": resource.slug,
        "url": absolute(request, resource.get_absolute_url()),
        "kind": resource.kind,
        "summary": resource.summary,
        "image_alt": resource.image_alt,
        "image_credit": resource.image_credit,
        "publish_at": resource.publish_at,
        "updated_at": resource.updated_at,
        "tags": named(resource.tags.all()),
    }


def tag_item(request, tag):
    return {
        "name": tag.name,
        "slug": tag.slug,
        "url": (
            absolute(request, reverse("tag", args=[tag.slug]))
            if is_usable_slug(tag.slug)
            else None
        ),
    }


def category_item(request, category):
    return {
        "name": category.name,
        "slug": category.slug,
        "definition": category.definition,
        "url": archive_url(request, "category", category.slug),
    }
