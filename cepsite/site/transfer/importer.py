"""
Importing rows: every row is checked first, by the same rules as the admin,
and nothing is saved unless every row passes, or the caller chose to skip
the bad ones.

A row updates the item it matches, if any: a resource or press release by
slug (or by ``old_slug``, which renames it), a quote by kind, text, person
and date. Importing a file twice therefore creates nothing the second time,
and reports every row unchanged. With ``keep_existing`` a matched item is
left as it is, and only the missing ones are added.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from cepsite.dates import truncate_to_precision
from quotes.models import Quote
from resources.models import Resource

from .checks import (
    boolean,
    check_shape,
    messages,
    read_said_on,
    slug_text,
    snapshot,
    take_image,
    validate,
)
from .matching import (
    action,
    current_links,
    existing_quotes,
    match_by_slug,
    quote_key,
)
from .names import NameBook, clean_tag_names
from .reading import Problem
from .saving import Plan, save
from .schema import PRESS, QUOTE, RESOURCE, ROW_TYPES
from .sources import current_sources, legacy_sources, read_sources, sources_changed


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
    # Once saved: the item each valid row stands for, by row type, in file order.
    items: dict = field(default_factory=dict)

    @property
    def invalid_lines(self):
        return sorted({problem.line for problem in self.errors})


class _Rollback(Exception):
    """Leave the transaction without saving: a dry run, or an invalid file."""


def import_content(
    *, rows, problems=(), dry_run=False, skip_invalid=False, keep_existing=False
):
    """Check every row, then save them all or, for a bad file or a dry run, none."""
    report = ImportReport(dry_run=dry_run, errors=list(problems))
    importer = _Importer(report, keep_existing=keep_existing)
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
    else:
        report.items = {
            name: [plan.instance for plan in plans]
            for name, plans in importer.plans.items()
        }
    report.errors.sort(key=lambda problem: problem.line)
    report.warnings.sort(key=lambda problem: problem.line)
    return report


def _kept(row, instance):
    """Return the plan that leaves a matched item as it is."""
    return Plan(
        line=row.line, instance=instance, fields_changed=False, tags=None, warnings=[]
    )


def _row_tags(values):
    return clean_tag_names(values["tags"]) if "tags" in values else None


class _Importer:
    def __init__(self, report, *, keep_existing):
        self.report = report
        self.keep_existing = keep_existing
        self.names = NameBook()
        self.plans = {name: [] for name in ROW_TYPES}
        self.seen = defaultdict(dict)
        self.daily_doses = {}
        self.resources_by_slug = {}

    # Checking

    def check(self, rows):
        by_type = self._by_type(rows)
        self._check_by_slug(RESOURCE, by_type[RESOURCE.name])
        self.resources_by_slug.update(
            (plan.instance.slug, plan.instance) for plan in self.plans[RESOURCE.name]
        )
        self._check_by_slug(PRESS, by_type[PRESS.name])
        self._check_quotes(by_type[QUOTE.name])

    def _by_type(self, rows):
        by_type = defaultdict(list)
        for row in rows:
            name = row.values.get("type")
            if name in ROW_TYPES:
                by_type[name].append(row)
            else:
                self._fail(
                    row,
                    ValidationError(
                        f"type must be one of {', '.join(ROW_TYPES)}, not “{name}”."
                    ),
                )
        return by_type

    def _fail(self, row, error):
        self.report.errors.extend(Problem(row.line, m) for m in messages(error))

    def _accept(self, row_type, plan):
        self.plans[row_type.name].append(plan)
        self.report.warnings.extend(plan.warnings)

    # Resources and press releases, matched by slug

    def _check_by_slug(self, row_type, rows):
        slugs = {
            slug_text(row.values.get(key))
            for row in rows
            for key in ("slug", "old_slug")
        } - {""}
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
        check_shape(row_type, row)
        values = dict(row.values)
        slug = values["slug"] = slug_text(values.get("slug"))
        old_slug = slug_text(values.pop("old_slug", None))
        if old_slug == slug:
            old_slug = ""
        if not slug:
            raise ValidationError("slug: This field is required.")
        self._claim(row_type, row, slug=slug, old_slug=old_slug)
        instance = match_by_slug(existing, slug, old_slug)
        if instance and self.keep_existing:
            return _kept(row, instance)
        if "featured" in values:
            values["featured"] = boolean(values["featured"], "featured")
        tags = _row_tags(values)
        resources = self._resource_slugs(values) if row_type is PRESS else None
        instance = instance or row_type.model()
        before = snapshot(instance)
        warnings = take_image(instance, values, row.line)
        instance = validate(row_type, instance, values)
        return Plan(
            line=row.line,
            instance=instance,
            fields_changed=snapshot(instance) != before,
            tags=tags,
            resources=resources,
            warnings=warnings,
        )

    def _claim(self, row_type, row, *, slug, old_slug):
        """Refuse a slug, or an old one, that another row of the file has."""
        seen = self.seen[row_type.name]
        for key, value in (("slug", slug), ("old_slug", old_slug)):
            if value and value in seen:
                raise ValidationError(
                    f"{key}: “{value}” is also on line {seen[value]}."
                )
        seen[slug] = row.line
        if old_slug:
            seen[old_slug] = row.line

    def _load_linked_resources(self, rows):
        slugs = {
            slug_text(slug)
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
        slugs = list(dict.fromkeys(slug_text(s) for s in slugs if slug_text(s)))
        missing = [s for s in slugs if s not in self.resources_by_slug]
        if missing:
            raise ValidationError(
                "resources: no resource has the slug "
                + ", ".join(f"“{s}”" for s in missing)
                + "."
            )
        return slugs

    # Quotes, matched by kind, text, person and date

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
        existing = existing_quotes({key[1] for _, _, key in prepared})
        for row, values, key in prepared:
            try:
                plan = self._plan_quote(row, values, key, existing)
            except ValidationError as error:
                self._fail(row, error)
            else:
                self._accept(QUOTE, plan)
        self._compare_links(QUOTE)

    def _prepare_quote(self, row):
        """Return the row, its values as the form takes them, and its quote's key."""
        check_shape(QUOTE, row)
        values = dict(row.values)
        read_said_on(values)
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
        return row, values, quote_key(values)

    def _plan_quote(self, row, values, key, existing):
        seen = self.seen[QUOTE.name]
        if key in seen:
            raise ValidationError(
                f"the same {key[0]} as line {seen[key]}: kind, text, person and "
                "date all match."
            )
        seen[key] = row.line
        if key in existing and self.keep_existing:
            return _kept(row, existing[key])
        tags = _row_tags(values)
        sources = read_sources(values)
        instance = existing.get(key) or Quote()
        before = snapshot(instance)
        stored_first_source = (instance.source_title, instance.source_url)
        instance = validate(QUOTE, instance, values)
        # What Quote.save() does, for quotes saved in bulk.
        instance.said_on = truncate_to_precision(
            instance.said_on, instance.said_on_precision
        )
        self._claim_daily_dose(instance, row)
        return Plan(
            line=row.line,
            instance=instance,
            fields_changed=snapshot(instance) != before,
            tags=tags,
            warnings=[],
            sources=sources,
            stored_first_source=stored_first_source,
        )

    def _claim_daily_dose(self, quote, row):
        """Refuse a Daily Dose day that an earlier row of the file has."""
        if not quote.featured_on:
            return
        other = self.daily_doses.get(quote.featured_on)
        if other:
            raise ValidationError(
                f"featured_on: line {other} is already the Daily Dose on "
                f"{quote.featured_on:%Y-%m-%d}."
            )
        self.daily_doses[quote.featured_on] = row.line

    # Every type

    def _compare_links(self, row_type):
        """Settle each plan's action, comparing tags and resources in bulk."""
        plans = self.plans[row_type.name]
        pks = [plan.instance.pk for plan in plans if plan.instance.pk]
        current_tags, current_resources = current_links(row_type, pks)
        stored_sources = current_sources(pks) if row_type is QUOTE else {}
        for plan in plans:
            pk = plan.instance.pk
            if plan.sources is not None:
                stored = stored_sources.get(pk) or legacy_sources(
                    *plan.stored_first_source
                )
                plan.sources_changed = sources_changed(plan.sources, stored)
            if plan.tags is not None:
                wanted = {name.lower() for name in plan.tags}
                plan.tags_changed = wanted != current_tags[pk]
            if plan.resources is not None:
                plan.resources_changed = set(plan.resources) != current_resources[pk]
            plan.action = action(plan)
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
