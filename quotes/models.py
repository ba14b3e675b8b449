import datetime
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from cepsite.dates import Precision, format_partial_date, truncate_to_precision
from cepsite.publishing import Publishable, PublishableQuerySet
from cepsite.sql import pop_related, public_condition, select_list
from resources.models import Organization, Person


class YearOf(ExtractYear):
    """
    The year of a date, as ``ExtractYear``. On PostgreSQL, ``EXTRACT``
    returns a numeric, dearer to compute for every row of a count than
    ``date_part``'s float: a fifth of the archive's grouped count.
    """

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(date_part('year', {sql}) AS integer)", params


# What an organisation facet shows of an organisation.
_FACET_FIELDS = ("pk", "slug", "name", "short_name")


@dataclass(frozen=True)
class Facets:
    """
    A result summed up: the organisations with the most items (and
    whether others have some too) and the items of each year, newest first
    with undated items last.
    """

    organizations: list
    more_organizations: bool
    years: list

    @classmethod
    def empty(cls):
        return cls(organizations=[], more_organizations=False, years=[])

    @classmethod
    def of_counts(cls, counts, *, organizations, known=()):
        """
        The facets of (organisation key, year, number of items) triples, as
        :meth:`QuoteQuerySet.counts_by_organization_and_year` gives them,
        with at most ``organizations`` organisations; one query for their
        names, none when every organisation counted is among ``known``
        (organisations already read, such as the one filtered by).
        """
        by_organization, by_year = Counter(), Counter()
        for key, year, number in counts:
            if key is not None:
                by_organization[key] += number
            by_year[year] += number
        names = [
            {field: getattr(organization, field) for field in _FACET_FIELDS}
            for organization in known
            if organization is not None and organization.pk in by_organization
        ]
        unknown = by_organization.keys() - {row["pk"] for row in names}
        if unknown:
            names += Organization.objects.filter(pk__in=unknown).values(*_FACET_FIELDS)
        counted = sorted(
            (
                {
                    "slug": row["slug"],
                    "name": row["name"],
                    "short_name": row["short_name"],
                    "count": by_organization[row["pk"]],
                }
                for row in names
            ),
            key=lambda row: (-row["count"], row["name"]),
        )
        years = sorted(
            by_year.items(), key=lambda item: (item[0] is None, -(item[0] or 0))
        )
        return cls(
            organizations=counted[:organizations],
            more_organizations=len(counted) > organizations,
            years=[{"year": year, "count": count} for year, count in years],
        )

    @classmethod
    def of_rows(cls, rows, *, organizations, known=()):
        """The facets of items given as (organisation key, date) pairs."""
        counts = Counter(
            (key, said_on.year if said_on else None) for key, said_on in rows
        )
        return cls.of_counts(
            [(key, year, number) for (key, year), number in counts.items()],
            organizations=organizations,
            known=known,
        )


class Summarised:
    """
    Quotes for a paginator, counted and summed up by organisation and year
    in one grouped query: an index-only scan of the matching rows, where a
    count and two facets would each scan them again. Slicing reads pages
    from ``queryset``, in its order.
    """

    def __init__(self, queryset):
        self.queryset = queryset

    @cached_property
    def _counts(self):
        return self.queryset.counts_by_organization_and_year()

    def count(self):
        return sum(number for _, _, number in self._counts)

    def facets(self, *, organizations, known=()):
        """The :class:`Facets`, from the same query as the count."""
        return Facets.of_counts(self._counts, organizations=organizations, known=known)

    def __getitem__(self, index):
        return self.queryset[index]

    def __len__(self):
        return self.count()


class QuoteQuerySet(PublishableQuerySet):
    def by_organization(self, organization):
        return self.filter(organization=organization)

    def by_person(self, person):
        return self.filter(person=person)

    def in_period(self, start=None, end=None):
        """
        Items whose whole date lies between two days, inclusive.

        Partial dates are stored as the first day of their month or year. A
        month-precise quote therefore falls inside any range that covers its
        month, and stays out of a range that covers only part of it: nobody
        knows which day of March 2023 it was said on.
        """
        queryset = self
        if start is not None:
            queryset = queryset.filter(said_on__gte=start)
        if end is not None and end < datetime.date.max:
            after = end + datetime.timedelta(days=1)
            # The first condition follows from the others; it is the one an
            # index on the date can stop at.
            queryset = queryset.filter(said_on__lt=after).filter(
                Q(said_on_precision=Precision.DAY, said_on__lte=end)
                | Q(said_on_precision=Precision.MONTH, said_on__lt=after.replace(day=1))
                | Q(
                    said_on_precision=Precision.YEAR,
                    said_on__lt=after.replace(month=1, day=1),
                )
            )
        elif end is not None:
            queryset = queryset.filter(said_on__isnull=False)
        return queryset

    def newest_first(self):
        """
        Newest first, undated last. Items ranked by a text search (see
        cepsite.fulltext.search_quotes) stay most relevant first, and newest
        first among equals: for words, the best match is what a reader wants.
        """
        order = [models.F("said_on").desc(nulls_last=True), "-pk"]
        if "search_rank" in self.query.annotations:
            order.insert(0, "-search_rank")
        return self.order_by(*order)

    def with_attribution(self):
        return self.select_related("person", "organization")

    def counts_by_organization_and_year(self):
        """
        (organisation key, year, number of items) for every pair that has
        items; ``None`` for no organisation or no date. One query, which the
        archive-order indexes answer without reading the table.
        """
        return list(
            self.order_by()
            .values_list("organization_id", YearOf("said_on"))
            # COUNT(*): the indexes hold every column the query reads.
            .annotate(number=Count("*"))
        )

    def facets(self, *, organizations, known=()):
        """
        The :class:`Facets` of these items, with at most ``organizations``
        organisations; two queries, or one when the organisations are
        ``known`` (see :meth:`Facets.of_counts`).
        """
        return Facets.of_counts(
            self.counts_by_organization_and_year(),
            organizations=organizations,
            known=known,
        )


class QuoteManager(models.Manager.from_queryset(QuoteQuerySet)):
    """
    Besides the queryset's methods, the lists of public items that pages
    read every time, with each item's person and organisation, written in
    SQL (see :mod:`cepsite.sql`).
    """

    def daily_dose(self, on=None):
        """
        The public item featured on ``on`` (today by default), else the latest
        one featured before it, with its person and organisation; ``None`` if
        there is none. Published-only, so a scheduled or draft item can never
        reach the home page. Every page with the sidebar asks this: one
        query, which the ``featured_on`` index answers from its newest end.
        """
        on = on or timezone.localdate()
        items = self._public_with_attribution(
            "q.featured_on <= %s",
            [connections[self.db].ops.adapt_datefield_value(on)],
            order="q.featured_on DESC",
            limit=1,
        )
        return items[0] if items else None

    def latest_of(self, field_name, keys, *, limit):
        """
        The latest public items of the organisations (``field_name``
        "organization") or people ("person") whose keys are ``keys``, newest
        first and undated last, as the archive lists them; with their person
        and organisation. One query, which the archive-order indexes answer.
        """
        if not keys:
            return []
        column = connections[self.db].ops.quote_name(
            Quote._meta.get_field(field_name).column
        )
        return self._public_with_attribution(
            f"q.{column} IN ({', '.join(['%s'] * len(keys))})",
            list(keys),
            order="q.said_on DESC NULLS LAST, q.id DESC",
            limit=limit,
        )

    def _public_with_attribution(self, condition, params, *, order, limit):
        """
        Up to ``limit`` public items meeting ``condition`` (SQL on the table
        ``q``, with ``params``), in ``order``, each with its person and
        organisation read in the same query.
        """
        connection = connections[self.db]
        quote = connection.ops.quote_name
        person = quote(Quote._meta.get_field("person").column)
        organization = quote(Quote._meta.get_field("organization").column)
        public, public_params = public_condition(connection, "q")
        sql = f"""
            SELECT {select_list(connection, Quote, "q", leave_out={"search_vector"})},
              {select_list(connection, Person, "p", prefix="person__")},
              {select_list(connection, Organization, "o", prefix="organization__")}
            FROM {quote(Quote._meta.db_table)} q
            LEFT JOIN {quote(Person._meta.db_table)} p ON p.id = q.{person}
            LEFT JOIN {quote(Organization._meta.db_table)} o ON o.id = q.{organization}
            WHERE {public} AND {condition}
            ORDER BY {order}
            LIMIT %s
        """
        items = list(self.raw(sql, [*public_params, *params, limit]))
        for item in items:
            item.person = pop_related(item, Person, "person__")
            item.organization = pop_related(item, Organization, "organization__")
        return items


class Quote(Publishable):
    """A quote, fact or tweet in the archive of extremists' own words."""

    class Kind(models.TextChoices):
        QUOTE = "quote", "Quote"
        FACT = "fact", "Fact"
        TWEET = "tweet", "Tweet"

    Precision = Precision

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.QUOTE)
    text = models.TextField()
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quotes",
        help_text="Who said it. Facts have no person.",
    )
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text='The person\'s role at the time, such as "Security Official".',
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quotes",
    )
    context = models.CharField(
        max_length=500,
        blank=True,
        help_text='The occasion, such as "In response to the strikes:".',
    )
    said_on = models.DateField("date", null=True, blank=True)
    said_on_precision = models.CharField(
        "date precision",
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text="How much of the date is known. Month and year dates print "
        'as "Mar. 2023" and "2023".',
    )
    source_title = models.CharField(max_length=300, blank=True)
    source_url = models.URLField(max_length=1000, blank=True)
    tags = TaggableManager(blank=True)
    featured_on = models.DateField(
        "Daily Dose on",
        null=True,
        blank=True,
        help_text="The day this item is the home page's Daily Dose.",
    )
    # Maintained by a database trigger on PostgreSQL (see cepsite.fulltext);
    # unused elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = QuoteManager()

    class Meta(Publishable.Meta):
        ordering = [models.F("said_on").desc(nulls_last=True), "-pk"]
        indexes = [
            *Publishable.Meta.indexes,
            models.Index(fields=["-said_on", "-id"], name="quote_said_on"),
            models.Index(fields=["kind", "-said_on"], name="quote_kind_said_on"),
            models.Index(fields=["organization", "-said_on"], name="quote_org_said_on"),
            models.Index(fields=["person", "-said_on"], name="quote_person_said_on"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["featured_on"],
                name="quote_one_daily_dose_per_day",
                violation_error_message="Another item is already the Daily Dose "
                "on that day.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="fact") | Q(person__isnull=True),
                name="quote_fact_has_no_person",
                violation_error_message="A fact has no person; remove the person "
                "or make it a quote.",
            ),
        ]

    def __str__(self):
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else text[:79] + "…"

    def get_absolute_url(self):
        return reverse("quotes:detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.kind == self.Kind.FACT and self.person_id:
            raise ValidationError(
                {
                    "person": "A fact has no person; remove the person or make it "
                    "a quote."
                }
            )

    def save(self, *args, **kwargs):
        self.said_on = truncate_to_precision(self.said_on, self.said_on_precision)
        super().save(*args, **kwargs)

    @property
    def display_date(self):
        """The date as far as it is known: "12 Mar. 2023", "Mar. 2023", "2023"."""
        return format_partial_date(self.said_on, self.said_on_precision)

    @property
    def attribution(self):
        """ "Abu Ali al-Askari, Kata'ib Hezbollah (KH) Security Official"."""
        affiliation = self.organization.display_name if self.organization else ""
        description = " ".join(part for part in (affiliation, self.role) if part)
        speaker = self.person.name if self.person else ""
        return ", ".join(part for part in (speaker, description) if part)
