"""
Importing rows: every row is checked first, by the same rules as the admin
(each type's model form, which runs the model's own cleaning and
constraints), and nothing is saved unless every row passes, or the caller
chose to skip the bad ones.

A row updates the item it matches, if any: a resource or press release by
slug, a quote by kind, text, person and date. Importing a file twice
therefore creates nothing the second time, and reports every row unchanged.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    SuspiciousFileOperation,
    ValidationError,
)
from django.db import models, transaction
from taggit.models import TaggedItem

from cepsite.dates import Precision, truncate_to_precision
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Resource

from .names import NameBook, batched, clean_tag_names
from .reading import Problem
from .saving import Plan, save
from .schema import LIST_KEYS, PRESS, QUOTE, RESOURCE, ROW_TYPES, parse_partial_iso

# Kept by the database, not data that travels between sites.
_NOT_COMPARED = {"id", "created_at", "updated_at", "search_vector"}

_TRUE = {"true", "1", "yes", "y"}
_FALSE = {"false", "0", "no", "n", ""}


@dataclass
class ImportReport:
    """What an import found and did, counted by row type."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    new_organizations: int = 0
    new_people: int = 0
    dry_run: bool = False
    saved: bool = False

    @property
    def invalid_lines(self):
        return sorted({problem.line for problem in self.errors})


class _Rollback(Exception):
    """Leave the transaction without saving: a dry run, or an invalid file."""


def import_content(*, rows, problems=(), dry_run=False, skip_invalid=False):
    """
    Check every row, then save them all in one transaction, or nothing if a
    row is invalid (unless ``skip_invalid``) or for a ``dry_run``. Returns an
    :class:`ImportReport`; ``problems`` are those found reading the file,
    which count as invalid rows.
    """
    report = ImportReport(dry_run=dry_run, errors=list(problems))
    importer = _Importer(report)
    try:
        with transaction.atomic():
            importer.check(rows)
            importer.count_new_names()
            if dry_run or (report.errors and not skip_invalid):
                raise _Rollback
            save(importer.plans, resources_by_slug=importer.resources_by_slug)
            report.saved = True
    except _Rollback:
        pass
    report.errors.sort(key=lambda problem: problem.line)
    report.warnings.sort(key=lambda problem: problem.line)
    return report


def _snapshot(instance):
    values = {}
    for model_field in instance._meta.concrete_fields:
        if model_field.name in _NOT_COMPARED:
            continue
        value = getattr(instance, model_field.attname)
        if isinstance(model_field, models.FileField):
            value = value.name or ""
        values[model_field.attname] = value
    return values


def _messages(error):
    """A ``ValidationError`` or a form's errors as lines for the report."""
    if isinstance(error, ValidationError):
        error = (
            error.message_dict
            if hasattr(error, "error_dict")
            else {NON_FIELD_ERRORS: error.messages}
        )
    lines = []
    for name, messages in error.items():
        for message in messages:
            lines.append(message if name == NON_FIELD_ERRORS else f"{name}: {message}")
    # A model's clean() and its constraint may say the same thing twice.
    field_messages = {line.split(": ", 1)[-1] for line in lines if ": " in line}
    return list(dict.fromkeys(line for line in lines if line not in field_messages))


def _boolean(value, key):
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError(f"{key}: write true or false.")


def _slug(value):
    return "" if value is None else str(value).strip()


class _Importer:
    def __init__(self, report):
        self.report = report
        self.names = NameBook()
        self.plans = {name: [] for name in ROW_TYPES}
        self.seen = defaultdict(dict)
        self.daily_doses = {}
        self.resources_by_slug = {}

    # Checking

    def check(self, rows):
        by_type = defaultdict(list)
        for row in rows:
            name = row.values.get("type")
            if name not in ROW_TYPES:
                self._fail(
                    row,
                    ValidationError(
                        f"type must be one of {', '.join(ROW_TYPES)}, not “{name}”."
                    ),
                )
            else:
                by_type[name].append(row)
        self._check_by_slug(RESOURCE, by_type[RESOURCE.name])
        self.resources_by_slug.update(
            (plan.instance.slug, plan.instance) for plan in self.plans[RESOURCE.name]
        )
        self._check_by_slug(PRESS, by_type[PRESS.name])
        self._check_quotes(by_type[QUOTE.name])

    def _fail(self, row, error):
        self.report.errors.extend(Problem(row.line, m) for m in _messages(error))

    def _accept(self, row_type, plan):
        self.plans[row_type.name].append(plan)
        self.report.warnings.extend(plan.warnings)

    def _shape(self, row_type, row):
        """Refuse unknown keys and values of the wrong shape."""
        unknown = sorted(set(row.values) - row_type.accepted_keys)
        if unknown:
            raise ValidationError(
                f"unknown field{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(unknown)}; a {row_type.name} row has "
                f"{', '.join(row_type.keys)}."
            )
        for key, value in row.values.items():
            if key not in LIST_KEYS and isinstance(value, (dict, list)):
                raise ValidationError(f"{key}: give one value, not a list.")

    def _validate(self, row_type, instance, values):
        """Run the type's model form over the row, changing ``instance``."""
        form_fields = row_type.form.base_fields
        data = {name: getattr(instance, name) for name in form_fields}
        data.update((k, v) for k, v in values.items() if k in form_fields)
        form = row_type.form(data, instance=instance)
        if not form.is_valid():
            raise ValidationError(_messages(form.errors))
        return form.instance

    def _image(self, instance, values, line):
        """
        Take the image's name if the file is in storage; else warn and keep
        the item as it is. Returns the warnings.
        """
        if "image" not in values:
            return []
        name = "" if values["image"] is None else str(values["image"]).strip()
        if name == (instance.image.name or ""):
            return []
        if not name:
            instance.image = ""
            return []
        try:
            found = instance.image.storage.exists(name)
        except (SuspiciousFileOperation, ValueError):
            found = False
        if found:
            instance.image = name
            return []
        kept = "kept the current image" if instance.image else "imported without it"
        return [Problem(line, f"image: “{name}” is not in storage; {kept}.")]

    def _check_by_slug(self, row_type, rows):
        slugs = {_slug(row.values.get("slug")) for row in rows} - {""}
        existing = row_type.model.objects.in_bulk(list(slugs), field_name="slug")
        if row_type is PRESS:
            self._load_linked_resources(rows)
        for row in rows:
            try:
                plan = self._plan_by_slug(row_type, row, existing)
            except ValidationError as error:
                self._fail(row, error)
            else:
                self._accept(row_type, plan)
        self._compare_links(row_type)

    def _plan_by_slug(self, row_type, row, existing):
        self._shape(row_type, row)
        values = dict(row.values)
        slug = values["slug"] = _slug(values.get("slug"))
        if not slug:
            raise ValidationError("slug: This field is required.")
        seen = self.seen[row_type.name]
        if slug in seen:
            raise ValidationError(f"slug: “{slug}” is also on line {seen[slug]}.")
        seen[slug] = row.line
        if "featured" in values:
            values["featured"] = _boolean(values["featured"], "featured")
        tags = clean_tag_names(values["tags"]) if "tags" in values else None
        resources = self._resource_slugs(values) if row_type is PRESS else None

        instance = existing.get(slug) or row_type.model()
        before = _snapshot(instance)
        warnings = self._image(instance, values, row.line)
        instance = self._validate(row_type, instance, values)
        return Plan(
            line=row.line,
            instance=instance,
            fields_changed=_snapshot(instance) != before,
            tags=tags,
            resources=resources,
            warnings=warnings,
        )

    def _load_linked_resources(self, rows):
        slugs = {
            _slug(slug)
            for row in rows
            if isinstance(row.values.get("resources"), list)
            for slug in row.values["resources"]
        }
        known = Resource.objects.in_bulk(list(slugs), field_name="slug")
        # Resources in the same file take precedence: they are saved first.
        self.resources_by_slug = {**known, **self.resources_by_slug}

    def _resource_slugs(self, values):
        if "resources" not in values:
            return None
        slugs = values["resources"] or []
        if not isinstance(slugs, list) or not all(isinstance(s, str) for s in slugs):
            raise ValidationError("resources: give a list of resource slugs.")
        slugs = list(dict.fromkeys(_slug(s) for s in slugs if _slug(s)))
        missing = [s for s in slugs if s not in self.resources_by_slug]
        if missing:
            raise ValidationError(
                "resources: no resource has the slug "
                + ", ".join(f"“{s}”" for s in missing)
                + "."
            )
        return slugs

    def _check_quotes(self, rows):
        def given(key):
            return [row.values.get(key) for row in rows if row.values.get(key)]

        self.names.load(
            organization_names=given("organization"),
            person_names=given("person"),
            person_slugs=given("person_slug"),
        )
        prepared = []
        for row in rows:
            try:
                prepared.append(self._prepare_quote(row))
            except ValidationError as error:
                self._fail(row, error)
        existing = self._existing_quotes({key[1] for _, _, key in prepared})
        for row, values, key in prepared:
            try:
                plan = self._plan_quote(row, values, key, existing)
            except ValidationError as error:
                self._fail(row, error)
            else:
                self._accept(QUOTE, plan)
        self._compare_links(QUOTE)

    def _prepare_quote(self, row):
        """The row's values as the form takes them, and the quote's identity."""
        self._shape(QUOTE, row)
        values = dict(row.values)
        if "said_on_precision" in values and "said_on" not in values:
            raise ValidationError("said_on_precision: give said_on with it.")
        if "said_on" in values:
            said_on = values["said_on"]
            precision = values.pop("said_on_precision", None) or None
            if said_on in (None, ""):
                values.update(said_on=None, said_on_precision=Precision.DAY)
            else:
                try:
                    said_on, precision = parse_partial_iso(said_on, precision)
                except ValueError as error:
                    raise ValidationError(f"said_on: {error}") from error
                values.update(said_on=said_on, said_on_precision=precision)
        values["kind"] = str(values.get("kind") or Quote.Kind.QUOTE).strip()
        values["text"] = str(values.get("text") or "").strip()
        organization = self.names.organization(values.get("organization"))
        if "organization" in values:
            values["organization"] = organization
        values["person"] = self.names.person(
            values.get("person"),
            slug=values.get("person_slug"),
            organization=organization,
        )
        return row, values, self._quote_key(values)

    @staticmethod
    def _quote_key(values):
        said_on = values.get("said_on")
        person = values.get("person")
        return (
            values["kind"],
            values["text"],
            person.pk if person else None,
            said_on,
            values.get("said_on_precision") if said_on else None,
        )

    def _existing_quotes(self, texts):
        existing = {}
        for chunk in batched(texts):
            for quote in (
                Quote.objects.filter(text__in=chunk)
                .select_related("person", "organization")
                .order_by("pk")
            ):
                key = self._quote_key(
                    {
                        "kind": quote.kind,
                        "text": quote.text,
                        "person": quote.person,
                        "said_on": quote.said_on,
                        "said_on_precision": quote.said_on_precision,
                    }
                )
                existing.setdefault(key, quote)
        return existing

    def _plan_quote(self, row, values, key, existing):
        seen = self.seen[QUOTE.name]
        if key in seen:
            raise ValidationError(
                f"the same {key[0]} as line {seen[key]}: kind, text, person and "
                "date all match."
            )
        seen[key] = row.line
        tags = clean_tag_names(values["tags"]) if "tags" in values else None
        instance = existing.get(key) or Quote()
        before = _snapshot(instance)
        instance = self._validate(QUOTE, instance, values)
        # What Quote.save() does, for quotes saved in bulk.
        instance.said_on = truncate_to_precision(
            instance.said_on, instance.said_on_precision
        )
        if instance.featured_on:
            other = self.daily_doses.get(instance.featured_on)
            if other:
                raise ValidationError(
                    f"featured_on: line {other} is already the Daily Dose on "
                    f"{instance.featured_on:%Y-%m-%d}."
                )
            self.daily_doses[instance.featured_on] = row.line
        return Plan(
            line=row.line,
            instance=instance,
            fields_changed=_snapshot(instance) != before,
            tags=tags,
            warnings=[],
        )

    def _compare_links(self, row_type):
        """Settle each plan's action, comparing tags and resources in bulk."""
        plans = self.plans[row_type.name]
        matched = [plan.instance.pk for plan in plans if plan.instance.pk]
        current_tags = defaultdict(set)
        current_resources = defaultdict(set)
        content_type = ContentType.objects.get_for_model(row_type.model)
        for chunk in batched(matched):
            for pk, name in TaggedItem.objects.filter(
                content_type=content_type, object_id__in=chunk
            ).values_list("object_id", "tag__name"):
                current_tags[pk].add(name.lower())
            if row_type is PRESS:
                for pk, slug in PressRelease.resources.through.objects.filter(
                    pressrelease_id__in=chunk
                ).values_list("pressrelease_id", "resource__slug"):
                    current_resources[pk].add(slug)

        for plan in plans:
            pk = plan.instance.pk
            if plan.tags is not None:
                wanted = {name.lower() for name in plan.tags}
                plan.tags_changed = wanted != current_tags[pk]
            if plan.resources is not None:
                plan.resources_changed = set(plan.resources) != current_resources[pk]
            if pk is None:
                plan.action = "created"
            elif plan.fields_changed or plan.tags_changed or plan.resources_changed:
                plan.action = "updated"
            else:
                plan.action = "unchanged"
            getattr(self.report, plan.action)[row_type.name] += 1

    def count_new_names(self):
        """Drop the organisations and people only invalid rows named."""
        quotes = [plan.instance for plan in self.plans[QUOTE.name]]
        organizations, people = self.names.discard_unused(
            used_people={quote.person_id for quote in quotes},
            used_organizations={quote.organization_id for quote in quotes},
        )
        self.report.new_organizations = organizations
        self.report.new_people = people
