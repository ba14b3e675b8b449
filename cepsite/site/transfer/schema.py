"""
What each type of content looks like in a file, and the forms that check a
row before it is saved.

A row is a flat mapping of the models' field names to values:
text, numbers, booleans, ``null``, and lists of text for ``tags`` and a press
release's ``resources``. Dates are ISO 8601; a quote's ``said_on`` is
written as far as it is known ("2023-03-12", "2023-03" or "2023"), so one
value carries both the date and its precision.
"""

from dataclasses import dataclass

from django import forms
from django.db import models
from django.utils import timezone

from cepsite.dates import Precision, machine_partial_date, parse_partial_date
from press.models import PressRelease
from quotes.models import Quote, Source
from resources.models import Resource

LIST_KEYS = frozenset({"tags", "resources"})
# Lists of objects: in a CSV file, a JSON array in one cell.
RECORD_LIST_KEYS = frozenset({"sources"})

_PRECISION_BY_PARTS = {1: Precision.YEAR, 2: Precision.MONTH, 3: Precision.DAY}


def parse_partial_iso(text, precision=None):
    """Return "2023-03-12", "2023-03" or "2023" as ``(first day, precision)``."""
    # ``precision`` comes from a separate said_on_precision column: it may make
    # a full date less precise ("2023-03-12" known to the month), never more.
    text = str(text).strip()
    first_day, _ = parse_partial_date(text)
    written = _PRECISION_BY_PARTS[len(text.split("-"))]
    if not precision:
        return first_day, written
    if precision not in Precision.values:
        raise ValueError(
            f"said_on_precision must be one of {', '.join(Precision.values)}."
        )
    order = list(Precision.values)
    if order.index(precision) < order.index(written):
        raise ValueError(
            f"“{text}” is known to the {written} only, not to the {precision}."
        )
    return first_day, precision


class KnownObjectField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` that also accepts the object itself."""

    def to_python(self, value):
        # The importer has already found (or created) every organisation and
        # person it names: there is no need to look each one up again.
        if isinstance(value, self.queryset.model):
            return value
        return super().to_python(value)


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        # As in the admin: an address without a scheme is taken as HTTPS.
        kwargs["assume_scheme"] = "https"
    if isinstance(model_field, models.ForeignKey):
        kwargs["form_class"] = KnownObjectField
    return model_field.formfield(**kwargs)


# A withdrawal travels with the item, so that a restored export withdraws it.
PUBLISHING = ["status", "publish_at", "withdrawn_at", "withdrawal_note"]


class ResourceRowForm(forms.ModelForm):
    class Meta:
        model = Resource
        fields = [
            "title", "slug", "kind", "summary", "body",
            "image_alt", "image_credit", "featured", *PUBLISHING,
        ]  # fmt: skip
        formfield_callback = _formfield


class PressRowForm(forms.ModelForm):
    class Meta:
        model = PressRelease
        fields = [
            "title", "slug", "dateline", "summary", "body", "author",
            "image_alt", "image_caption", *PUBLISHING,
        ]  # fmt: skip
        formfield_callback = _formfield


class QuoteRowForm(forms.ModelForm):
    class Meta:
        model = Quote
        fields = [
            "kind", "text", "person", "role", "organization", "context",
            "said_on", "said_on_precision", "original_text", "original_language",
            "translation_credit", "source_title", "source_url",
            "featured_on", *PUBLISHING,
        ]  # fmt: skip
        formfield_callback = _formfield

    def _get_validation_exclusions(self):
        # The importer hands over people and organisations it has just found
        # or created; the model's check that they exist would query for them
        # again on every row. Quote.clean() still keeps a fact without a person.
        return super()._get_validation_exclusions() | {"person", "organization"}


class _SharedFields(dict):
    """Form fields that every instance of a row form shares instead of copying."""

    def __deepcopy__(self, memo):
        # Django copies a form's fields so that a rendered form may change its
        # own; a row form is validated once, never rendered, and changes none.
        return dict(self)


for _form in (ResourceRowForm, PressRowForm, QuoteRowForm):
    _form.base_fields = _SharedFields(_form.base_fields)


@dataclass(frozen=True)
class RowType:
    """One type of row: its name in files, model, form, and keys in order."""

    name: str
    label: str
    model: type
    form: type
    keys: tuple
    # Read but never exported: another spelling, or an instruction.
    extra_keys: frozenset = frozenset()

    @property
    def accepted_keys(self):
        """Return the keys a row may carry: those exported, and the extra ones."""
        return {"type", *self.keys, *self.extra_keys}


RESOURCE = RowType(
    name="resource",
    label="resources",
    model=Resource,
    form=ResourceRowForm,
    keys=(
        "title", "slug", "kind", "summary", "body", "image", "image_alt",
        "image_credit", "featured", "status", "publish_at", "withdrawn_at",
        "withdrawal_note", "tags",
    ),
    extra_keys=frozenset({"old_slug"}),
)  # fmt: skip

PRESS = RowType(
    name="press",
    label="press releases",
    model=PressRelease,
    form=PressRowForm,
    keys=(
        "title", "slug", "dateline", "summary", "body", "author", "image",
        "image_alt", "image_caption", "resources", "status", "publish_at",
        "withdrawn_at", "withdrawal_note", "tags",
    ),
    extra_keys=frozenset({"old_slug"}),
)  # fmt: skip

QUOTE = RowType(
    name="quote",
    label="quotes",
    model=Quote,
    form=QuoteRowForm,
    keys=(
        "kind", "text", "person", "person_slug", "role", "organization",
        "context", "said_on", "original_text", "original_language",
        "translation_credit", "sources", "featured_on", "status", "publish_at",
        "withdrawn_at", "withdrawal_note", "tags",
    ),
    # source_title and source_url: a first source, as older files give it.
    extra_keys=frozenset({"said_on_precision", "source_title", "source_url"}),
)  # fmt: skip

# In the order an import must save them: press releases link to resources.
ROW_TYPES = {row_type.name: row_type for row_type in (RESOURCE, PRESS, QUOTE)}


def tag_names(item):
    """Return the item's tag names, sorted, from its prefetched tags if any."""
    return sorted((tag.name for tag in item.tags.all()), key=str.lower)


def _publishing(item):
    withdrawn_at = item.withdrawn_at
    return {
        "status": item.status,
        "publish_at": timezone.localtime(item.publish_at).isoformat(),
        "withdrawn_at": timezone.localtime(withdrawn_at).isoformat()
        if withdrawn_at
        else None,
        "withdrawal_note": item.withdrawal_note,
    }


def resource_record(resource):
    return {
        "type": RESOURCE.name,
        "title": resource.title,
        "slug": resource.slug,
        "kind": resource.kind,
        "summary": resource.summary,
        "body": resource.body,
        "image": resource.image.name or "",
        "image_alt": resource.image_alt,
        "image_credit": resource.image_credit,
        "featured": resource.featured,
        **_publishing(resource),
        "tags": tag_names(resource),
    }


def press_record(release):
    return {
        "type": PRESS.name,
        "title": release.title,
        "slug": release.slug,
        "dateline": release.dateline,
        "summary": release.summary,
        "body": release.body,
        "author": release.author,
        "image": release.image.name or "",
        "image_alt": release.image_alt,
        "image_caption": release.image_caption,
        "resources": sorted(resource.slug for resource in release.resources.all()),
        **_publishing(release),
        "tags": tag_names(release),
    }


def source_row(source):
    """Return a source as a row gives it (see ``transfer.sources``)."""
    return {
        "publisher": source.publisher,
        "title": source.title,
        "url": source.url,
        "published_on": machine_partial_date(
            source.published_on, source.published_on_precision
        ),
        "accessed_on": source.accessed_on.isoformat() if source.accessed_on else None,
        "language": source.language,
        "archive_url": source.archive_url,
    }


def source_rows(quote):
    """
    Return the quote's sources, from its prefetched ones; a quote saved
    without any stands for its source_title and source_url as one.
    """
    sources = [source_row(source) for source in quote.sources.all()]
    if sources or not (quote.source_title or quote.source_url):
        return sources
    return [source_row(Source(title=quote.source_title, url=quote.source_url))]


def quote_record(quote):
    return {
        "type": QUOTE.name,
        "kind": quote.kind,
        "text": quote.text,
        "person": quote.person.name if quote.person else None,
        "person_slug": quote.person.slug if quote.person else None,
        "role": quote.role,
        "organization": quote.organization.name if quote.organization else None,
        "context": quote.context,
        "said_on": machine_partial_date(quote.said_on, quote.said_on_precision),
        "original_text": quote.original_text,
        "original_language": quote.original_language,
        "translation_credit": quote.translation_credit,
        "sources": source_rows(quote),
        "featured_on": quote.featured_on.isoformat() if quote.featured_on else None,
        **_publishing(quote),
        "tags": tag_names(quote),
    }
