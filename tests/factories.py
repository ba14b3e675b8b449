"""Small functions that make valid objects with one call and take overrides."""

import itertools
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from cepsite.publishing import Status
from press.models import PressRelease
from quotes.models import Quote, Source
from resources.models import Organization, Person, Resource

_sequence = itertools.count(1)


def _next():
    return next(_sequence)


def make_resource(*, tags=(), **fields):
    n = _next()
    fields.setdefault("title", f"Resource {n}")
    fields.setdefault("slug", slugify(fields["title"]) + f"-{n}")
    fields.setdefault("kind", Resource.Kind.COUNTRY)
    fields.setdefault("summary", f"Summary of {fields['title']}.")
    fields.setdefault("body", f"<p>About {fields['title']}.</p>")
    fields.setdefault("status", Status.PUBLISHED)
    fields.setdefault("publish_at", timezone.now() - timedelta(days=1))
    resource = Resource.objects.create(**fields)
    if tags:
        resource.tags.add(*tags)
    return resource


def make_organization(**fields):
    n = _next()
    fields.setdefault("name", f"Organisation {n}")
    fields.setdefault("slug", slugify(fields["name"]) + f"-{n}")
    return Organization.objects.create(**fields)


def make_person(**fields):
    n = _next()
    fields.setdefault("name", f"Person {n}")
    fields.setdefault("slug", slugify(fields["name"]) + f"-{n}")
    return Person.objects.create(**fields)


def make_quote(*, tags=(), **fields):
    n = _next()
    fields.setdefault("text", f"Words number {n}.")
    fields.setdefault("kind", Quote.Kind.QUOTE)
    fields.setdefault("said_on", date(2023, 3, 12))
    fields.setdefault("status", Status.PUBLISHED)
    fields.setdefault("publish_at", timezone.now() - timedelta(days=1))
    quote = Quote.objects.create(**fields)
    if tags:
        quote.tags.add(*tags)
    return quote


def make_press_release(*, tags=(), resources=(), **fields):
    n = _next()
    fields.setdefault("title", f"Press release {n}")
    fields.setdefault("slug", slugify(fields["title"]) + f"-{n}")
    fields.setdefault("dateline", "New York, N.Y.")
    fields.setdefault("summary", f"Summary of {fields['title']}.")
    fields.setdefault("body", f"<p>Body of {fields['title']}.</p>")
    fields.setdefault("status", Status.PUBLISHED)
    fields.setdefault("publish_at", timezone.now() - timedelta(days=n % 50 + 1))
    release = PressRelease.objects.create(**fields)
    if tags:
        release.tags.add(*tags)
    if resources:
        release.resources.add(*resources)
    return release


# Every staff account the tests make signs in with this.
STAFF_PASSWORD = "correct horse battery"


def admin_url(model, view, *args):
    """The admin URL of ``view`` ("changelist", "add", "change"...) for ``model``."""
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def make_staff_user(username="editor", *, superuser=True, **fields):
    fields.setdefault("email", f"{username}@example.org")
    user = get_user_model().objects.create_user(
        username=username, password=STAFF_PASSWORD, is_staff=True, **fields
    )
    if superuser:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    return user


def _admin_publishing_data(when):
    local = timezone.localtime(when)
    return {
        "status": Status.PUBLISHED,
        "publish_at_0": f"{local:%Y-%m-%d}",
        "publish_at_1": f"{local:%H:%M:%S}",
    }


def press_release_admin_data(**overrides):
    """What an editor submits on the press release add page, ready to POST."""
    n = _next()
    data = {
        "title": f"Press release {n}",
        "slug": f"press-release-{n}",
        "dateline": "New York, N.Y.",
        "summary": "A summary.",
        "body": "<p>The body.</p>",
        "author": "",
        "image_alt": "",
        "image_caption": "",
        "resources": [],
        "tags": "",
        **_admin_publishing_data(timezone.now() - timedelta(hours=1)),
    }
    data.update(overrides)
    return data


def resource_admin_data(**overrides):
    """What an editor submits on the resource add page, ready to POST."""
    n = _next()
    data = {
        "title": f"Resource {n}",
        "slug": f"resource-{n}",
        "kind": Resource.Kind.COUNTRY,
        "summary": "A summary.",
        "body": "<p>The body.</p>",
        "image_alt": "",
        "image_credit": "",
        "tags": "",
        **_admin_publishing_data(timezone.now() - timedelta(hours=1)),
    }
    data.update(overrides)
    return data


def make_staff_member(username, *, role, **fields):
    """A staff user in the Contributors or the Editors group, not a superuser."""
    from django.contrib.auth.models import Group

    from cepsite.roles import ROLE_GROUPS

    user = make_staff_user(username, superuser=False, **fields)
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    return user


def source_admin_data(*sources):
    """The sources inline's fields for new ``sources`` (dicts), ready to POST."""
    data = {"sources-TOTAL_FORMS": str(len(sources))}
    for n, source in enumerate(sources):
        row = {
            "position": str(n),
            "publisher": "",
            "title": "",
            "url": "",
            "published_on": "",
            "published_on_precision": "day",
            "accessed_on": "",
            "language": "",
            "archive_url": "",
            **source,
        }
        data.update((f"sources-{n}-{key}", value) for key, value in row.items())
    return data


def make_source(quote, **fields):
    fields.setdefault("position", quote.sources.count())
    fields.setdefault("title", f"Source of quote {quote.pk}")
    return Source.objects.create(quote=quote, **fields)


def quote_admin_data(**overrides):
    """What an editor submits on the quote add page, ready to POST."""
    n = _next()
    data = {
        "kind": Quote.Kind.QUOTE,
        "text": f"Words submitted number {n}.",
        "context": "",
        "person": "",
        "role": "",
        "organization": "",
        "said_on": "2023-03-12",
        "said_on_precision": "day",
        "featured_on": "",
        "tags": "",
        # The sources inline, with no rows (see source_admin_data).
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
        **_admin_publishing_data(timezone.now() - timedelta(hours=1)),
    }
    data.update(overrides)
    return data
