"""The tables of a release: their Table Schemas and rows, read in chunks."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from cepsite.dates import machine_partial_date
from cepsite.tagging import TaggedItem
from quotes.models import Quote, Source, public_link

from ..api import queries

CHUNK = 2000


def _field(name, kind, description, **extra):
    return {"name": name, "type": kind, "description": description, **extra}


def _utc(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


def _iso(day):
    return day.isoformat() if day else ""


def _chunks(queryset, *fields):
    """``queryset``'s rows of ``fields`` (the first is "pk"), CHUNK at a time."""
    last = 0
    while True:
        rows = list(
            queryset.filter(pk__gt=last).order_by("pk").values_list(*fields)[:CHUNK]
        )
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _slugs_by_quote(pairs):
    found = {}
    for quote_id, slug in pairs:
        found.setdefault(quote_id, []).append(slug)
    return {key: ";".join(sorted(slugs)) for key, slugs in found.items()}


QUOTE_FIELDS = (
    "pk", "kind", "text", "person_id", "role", "organization_id", "context",
    "said_on", "said_on_precision", "original_text", "original_language",
    "translation_credit", "featured_on", "publish_at", "updated_at",
)  # fmt: skip
# Reversed once: a reverse() a row would cost more than the rest of the row.
URL_PLACEHOLDER = 987654321


def _quotes():
    path = reverse("quotes:detail", args=[URL_PLACEHOLDER])
    quote_type = ContentType.objects.get_for_model(Quote)
    for rows in _chunks(Quote.objects.published(), *QUOTE_FIELDS):
        ids = [row[0] for row in rows]
        categories = _slugs_by_quote(
            Quote.categories.through.objects.filter(quote_id__in=ids).values_list(
                "quote_id", "category__slug"
            )
        )
        tags = _slugs_by_quote(
            TaggedItem.objects.filter(
                content_type=quote_type, object_id__in=ids
            ).values_list("object_id", "tag__slug")
        )
        for row in rows:
            pk, kind, text, person, role, organization, context = row[:7]
            said_on, precision, original, language, credit = row[7:12]
            featured_on, publish_at, updated_at = row[12:]
            yield [
                pk,
                settings.SITE_URL + path.replace(str(URL_PLACEHOLDER), str(pk)),
                kind,
                text,
                person or "",
                role,
                organization or "",
                context,
                machine_partial_date(said_on, precision) or "",
                precision,
                original,
                language,
                credit,
                categories.get(pk, ""),
                tags.get(pk, ""),
                _iso(featured_on),
                _utc(publish_at),
                _utc(updated_at),
            ]


SOURCE_FIELDS = (
    "pk", "position", "publisher", "title", "url", "published_on",
    "published_on_precision", "accessed_on", "language", "archive_url",
    "link_status",
)  # fmt: skip


def _sources():
    for rows in _chunks(Quote.objects.published(), "pk"):
        sources = Source.objects.filter(quote_id__in=[row[0] for row in rows])
        for source in sources.order_by("quote_id", "position", "pk").values_list(
            "quote_id", *SOURCE_FIELDS
        ):
            quote_id, pk, position, publisher, title, url = source[:6]
            published_on, precision, accessed_on, language, archive_url = source[6:11]
            yield [
                pk,
                quote_id,
                position,
                publisher,
                title,
                public_link(url),
                machine_partial_date(published_on, precision) or "",
                precision,
                _iso(accessed_on),
                language,
                public_link(archive_url),
                source[11],
            ]


def _organizations():
    for organization in queries.public_organizations().iterator(chunk_size=CHUNK):
        yield [
            organization.pk,
            organization.name,
            organization.short_name,
            organization.slug,
            "; ".join(organization.alias_list),
        ]


def _people():
    for person in queries.public_people().iterator(chunk_size=CHUNK):
        yield [
            person.pk,
            person.name,
            person.slug,
            "; ".join(person.alias_list),
            person.organization_id or "",
        ]


def _categories():
    for category in queries.public_categories().iterator(chunk_size=CHUNK):
        yield [category.pk, category.name, category.slug, category.definition]


def _tags():
    for tag in queries.public_tags().iterator(chunk_size=CHUNK):
        yield [tag.pk, tag.name, tag.slug]


PARTIAL_DATE = (
    "ISO 8601 to its precision (EDTF level 0): YYYY-MM-DD, YYYY-MM or YYYY; "
    "empty when undetermined."
)
PRECISION = {"enum": ["day", "month", "year"]}
ID = _field("id", "integer", "The item's number, stable across releases.")


def _reference(field, resource):
    return {"fields": field, "reference": {"resource": resource, "fields": "id"}}


TABLES = {
    "quotes": {
        "title": "Quotes, facts and tweets",
        "rows": _quotes,
        "fields": [
            ID,
            _field("url", "string", "Its permanent public address."),
            _field(
                "kind",
                "string",
                "quote, fact or tweet.",
                constraints={"enum": ["quote", "fact", "tweet"]},
            ),
            _field("text", "string", "The words, in English."),
            _field("person_id", "integer", "Who said it (people.id); empty for facts."),
            _field("role", "string", "The person's role at the time."),
            _field(
                "organization_id", "integer", "The organisation (organizations.id)."
            ),
            _field("context", "string", "The occasion."),
            _field("said_on", "string", f"When it was said. {PARTIAL_DATE}"),
            _field(
                "said_on_precision",
                "string",
                "day, month or year.",
                constraints=PRECISION,
            ),
            _field("original_text", "string", "The words as said, if given."),
            _field("original_language", "string", "The original's BCP 47 code."),
            _field("translation_credit", "string", "Who translated it."),
            _field("categories", "string", "Category slugs, separated by ';'."),
            _field("tags", "string", "Tag slugs, separated by ';'."),
            _field("featured_on", "date", "The day it was the Daily Dose."),
            _field("publish_at", "datetime", "When it was published (UTC)."),
            _field("updated_at", "datetime", "When it last changed (UTC)."),
        ],
        "foreignKeys": [
            _reference("person_id", "people"),
            _reference("organization_id", "organizations"),
        ],
    },
    "sources": {
        "title": "The sources of each quote, in order",
        "rows": _sources,
        "fields": [
            ID,
            _field("quote_id", "integer", "The quote (quotes.id)."),
            _field("position", "integer", "Its place among the quote's sources."),
            _field("publisher", "string", "Who published it."),
            _field("title", "string", "Its title."),
            _field("url", "string", "Its address."),
            _field("published_on", "string", f"When it was published. {PARTIAL_DATE}"),
            _field(
                "published_on_precision",
                "string",
                "day, month or year.",
                constraints=PRECISION,
            ),
            _field("accessed_on", "date", "When it was read."),
            _field("language", "string", "Its BCP 47 language code."),
            _field("archive_url", "string", "A public web-archive copy."),
            _field("link_status", "string", "unchecked, live, moved or dead."),
        ],
        "foreignKeys": [_reference("quote_id", "quotes")],
    },
    "people": {
        "title": "People",
        "rows": _people,
        "fields": [
            ID,
            _field("name", "string", "Their name."),
            _field("slug", "string", "Their archive filter value."),
            _field(
                "aliases", "string", "Other names and spellings, separated by '; '."
            ),
            _field(
                "organization_id",
                "integer",
                "Their current organisation (organizations.id).",
            ),
        ],
        "foreignKeys": [],
    },
    "organizations": {
        "title": "Organisations",
        "rows": _organizations,
        "fields": [
            ID,
            _field("name", "string", "Its name."),
            _field("short_name", "string", "Its short name, such as KH."),
            _field("slug", "string", "Its archive filter value."),
            _field(
                "aliases", "string", "Other names and spellings, separated by '; '."
            ),
        ],
        "foreignKeys": [],
    },
    "categories": {
        "title": "Categories of rhetoric",
        "rows": _categories,
        "fields": [
            ID,
            _field("name", "string", "Its name."),
            _field("slug", "string", "The value in quotes.categories."),
            _field("definition", "string", "What it covers."),
        ],
        "foreignKeys": [],
    },
    "tags": {
        "title": "Tags",
        "rows": _tags,
        "fields": [
            ID,
            _field("name", "string", "Its name."),
            _field("slug", "string", "The value in quotes.tags."),
        ],
        "foreignKeys": [],
    },
}


def table_schema(name):
    table = TABLES[name]
    schema = {"fields": table["fields"], "primaryKey": ["id"], "missingValues": [""]}
    if table["foreignKeys"]:
        schema["foreignKeys"] = table["foreignKeys"]
    return schema
