"""
What changed between two versions of a press release, quote or resource, as
the history pages show it: the fields an editor compares, how each one reads
(choices by label, related items by name, dates as the site writes them, rich
text flagged to be shown rendered), the item's tags in a version, and which
two versions a comparison's ``?from=&to=`` asks for. The admin that uses them
is ``cepsite.admin.history``.
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

from cepsite.richtext import RichTextField
from cepsite.tagging import Tag, TaggedItem

from .diffs import rendered_diff, word_diff

# Kept up to date by the database; a version of it means nothing.
NOT_VERSIONED = ("search_vector", "tags")
# Bookkeeping that changes on every save and tells an editor nothing.
NOT_COMPARED = ("id", "created_at", "updated_at")


def compared_fields(model):
    """The fields of ``model`` an editor compares, in the model's order."""
    opts = model._meta
    return [
        field
        for field in [*opts.concrete_fields, *opts.many_to_many]
        if field.name not in (*NOT_COMPARED, *NOT_VERSIONED)
    ]


@dataclass(frozen=True)
class FieldChange:
    """One field that differs between two versions, as the admin shows it."""

    label: str
    old: str
    new: str
    rich: bool = False

    @property
    def diff(self):
        if self.rich:
            return rendered_diff(self.old, self.new)
        return word_diff(self.old, self.new)

    @property
    def source_diff(self):
        """The rich text's HTML, compared as written; none for plain text."""
        return word_diff(self.old, self.new) if self.rich else None


def _related_text(model, pks):
    found = {obj.pk: str(obj) for obj in model._base_manager.filter(pk__in=pks)}
    return [found.get(pk, f"(deleted #{pk})") for pk in pks]


def readable(field, value):
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ManyToManyField):
        return ", ".join(sorted(_related_text(field.related_model, list(value))))
    if isinstance(field, models.ForeignKey):
        return _related_text(field.related_model, [value])[0]
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j M. Y, H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j M. Y")
    return str(value)


def field_change(field, before, after):
    """``field`` from the field values ``before`` to those ``after``."""
    return FieldChange(
        capfirst(field.verbose_name),
        readable(field, before.get(field.attname)),
        readable(field, after.get(field.attname)),
        rich=isinstance(field, RichTextField),
    )


def tag_names(version):
    """The tags the item had in ``version``'s revision, sorted."""
    tagged_items = version.revision.version_set.filter(
        content_type=ContentType.objects.get_for_model(TaggedItem)
    )
    tag_ids = [
        tagged.field_dict["tag_id"]
        for tagged in tagged_items
        if str(tagged.field_dict["object_id"]) == version.object_id
        and tagged.field_dict["content_type_id"] == version.content_type_id
    ]
    names = dict(Tag.objects.filter(pk__in=tag_ids).values_list("pk", "name"))
    return sorted(names.get(pk, f"(deleted tag #{pk})") for pk in tag_ids)


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def chosen_versions(versions, query):
    """
    ``(old, new)`` from ``versions`` (oldest first) as ``?from=&to=`` ask:
    by default the latest and the one before it; ``old`` is None for "the
    first version", compared with nothing.
    """
    by_pk = {version.pk: version for version in versions}
    new = by_pk.get(_int_or_none(query.get("to")), versions[-1])
    if "from" in query:
        return by_pk.get(_int_or_none(query["from"])), new
    older = [version for version in versions if version.pk < new.pk]
    return (older[-1] if older else None), new
