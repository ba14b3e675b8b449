"""
A quote row's ``sources``: a list of objects, in order, each with the keys
``publisher``, ``title``, ``url``, ``published_on`` ("2023-03-12", "2023-03"
or "2023"), ``accessed_on`` (a day), ``language`` and ``archive_url``. A row
without ``sources`` may still give ``source_title`` and ``source_url``, which
then stand for its first and only source. The quote's own ``source_title``
and ``source_url`` are always its first source's.

What each site found when capturing and checking a source is its own: it is
neither exported nor read.
"""

import datetime
from collections import defaultdict

from django import forms
from django.core.exceptions import ValidationError

from cepsite.dates import Precision
from quotes.models import Source

from .names import BATCH, batched
from .reading import decode_json
from .schema import parse_partial_iso

KEYS = (
    "publisher",
    "title",
    "url",
    "published_on",
    "accessed_on",
    "language",
    "archive_url",
)
_TEXT_KEYS = ("publisher", "title", "url", "language", "archive_url")
_ADDRESS = forms.URLField(assume_scheme="https")


def _text(value, label):
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise ValidationError(f"{label}: give text.")
    return str(value).strip()


def _dates(values, label):
    published_on, precision = None, Precision.DAY
    if values.get("published_on") not in (None, ""):
        try:
            published_on, precision = parse_partial_iso(values["published_on"])
        except ValueError as error:
            raise ValidationError(f"{label}.published_on: {error}") from error
    accessed_on = None
    if values.get("accessed_on") not in (None, ""):
        try:
            accessed_on = datetime.date.fromisoformat(str(values["accessed_on"]))
        except ValueError as error:
            raise ValidationError(
                f"{label}.accessed_on: give a day, such as 2023-03-12."
            ) from error
    return published_on, precision, accessed_on


def _source(values, label):
    if not isinstance(values, dict):
        raise ValidationError(f"{label}: give an object with {', '.join(KEYS)}.")
    unknown = sorted(set(values) - set(KEYS))
    if unknown:
        raise ValidationError(
            f"{label}: unknown key{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(unknown)}; a source has {', '.join(KEYS)}."
        )
    published_on, precision, accessed_on = _dates(values, label)
    texts = {key: _text(values.get(key), f"{label}.{key}") for key in _TEXT_KEYS}
    for key in ("url", "archive_url"):
        # As in the admin: an address without a scheme is taken as HTTPS.
        texts[key] = _ADDRESS.to_python(texts[key])
    source = Source(
        **texts,
        published_on=published_on,
        published_on_precision=precision,
        accessed_on=accessed_on,
    )
    try:
        source.full_clean(exclude=["quote", "position"])
    except ValidationError as error:
        raise ValidationError(
            [
                f"{label}.{name}: {message}"
                for name, messages in error.message_dict.items()
                for message in messages
            ]
        ) from error
    return source


def _listed(given):
    """Return the ``sources`` key's value as a list, or raise."""
    if given in (None, ""):
        return []
    if isinstance(given, str):
        # A CSV cell holds the list as JSON.
        try:
            given = decode_json(given)
        except ValueError as error:
            raise ValidationError(
                "sources: give a JSON list of sources in this column."
            ) from error
    if not isinstance(given, list):
        raise ValidationError("sources: give a list of sources.")
    return given


def _given(values):
    """Return the row's sources as given, each with its label, or ``None``."""
    if "sources" in values:
        given = _listed(values.pop("sources"))
        return [(f"sources[{n}]", entry) for n, entry in enumerate(given, start=1)]
    if "source_title" in values or "source_url" in values:
        first = {"title": values.get("source_title"), "url": values.get("source_url")}
        label = "source_url" if first["url"] else "source_title"
        return [(label, first)] if any(first.values()) else []
    return None


def read_sources(values):
    """
    Return the row's sources as unsaved ``Source`` rows, or ``None`` when it
    gives none (the quote keeps its own); raise a ValidationError naming
    each bad source and key ("sources[2].url: ..."). The row's source_title
    and source_url become the first source's.
    """
    given = _given(values)
    if given is None:
        return None
    sources, errors = [], []
    for label, entry in given:
        try:
            sources.append(_source(entry, label))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    for position, source in enumerate(sources):
        source.position = position
    first = sources[0] if sources else Source()
    values["source_title"], values["source_url"] = first.title, first.url
    return sources


def _compared(source):
    return tuple(
        getattr(source, name)
        for name in (*_TEXT_KEYS, "published_on", "published_on_precision")
    ) + (source.accessed_on,)


def legacy_sources(title, url):
    """A quote stored without sources stands for its title and URL as one."""
    return [_compared(Source(title=title, url=url))] if (title or url) else []


def current_sources(pks):
    """Return the stored quotes' sources, compared as rows give them, by key."""
    current = defaultdict(list)
    for chunk in batched(pks):
        for source in Source.objects.filter(quote_id__in=chunk).order_by(
            "quote_id", "position", "pk"
        ):
            current[source.quote_id].append(_compared(source))
    return current


def sources_changed(sources, current):
    return [_compared(source) for source in sources] != current


def save_sources(plans):
    """Give each quote whose row changed its sources exactly those of its row."""
    plans = [plan for plan in plans if plan.sources_changed]
    stale = [plan.instance.pk for plan in plans if plan.action == "updated"]
    for chunk in batched(stale):
        Source.objects.filter(quote_id__in=chunk).delete()
    for plan in plans:
        for source in plan.sources:
            source.quote_id = plan.instance.pk
    Source.objects.bulk_create(
        [source for plan in plans for source in plan.sources], batch_size=BATCH
    )
