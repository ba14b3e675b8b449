"""The archive's reads: the chainable queries behind every public list of quotes."""

import datetime
from collections import Counter

from django.db import connections, models
from django.db.models import Count, Q, Sum
from django.utils import timezone

from cepsite.dates import Precision
from cepsite.publishing import PublishableQuerySet, Status
from cepsite.tagging import with_tag

from .facets import Facets, Totals, YearOf, category_facets
from .tallies import NONE, CategoryTally, OrganizationTally, QuoteTally, YearTally


def _summed(tallies, key, kind=None):
    """``{key: number}`` of a tally model or queryset, over every kind or one."""
    if isinstance(tallies, type):
        tallies = tallies.objects.all()
    if kind:
        tallies = tallies.filter(kind=kind)
    return dict(
        tallies.filter(number__gt=0)
        .values_list(key)
        .annotate(number=Sum("number"))
        .order_by()
    )


def _positive(counts):
    return {key: number for key, number in counts.items() if number > 0}


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

    def overlapping(self, start=None, end=None):
        """
        Items whose date, at its precision, shares a day with the period
        between two days, inclusive: a month-precise "Mar. 2023" item
        overlaps 15-20 March 2023. Undated items overlap nothing.
        """
        queryset = self.filter(said_on__isnull=False)
        if end is not None:
            # A partial date is stored as its first day.
            queryset = queryset.filter(said_on__lte=end)
        if start is not None:
            # The first condition follows from the others; it is the one an
            # index on the date can stop at.
            queryset = queryset.filter(
                said_on__gte=start.replace(month=1, day=1)
            ).filter(
                Q(said_on__gte=start)
                | Q(
                    said_on_precision=Precision.MONTH,
                    said_on__gte=start.replace(day=1),
                )
                | Q(said_on_precision=Precision.YEAR)
            )
        return queryset

    def tagged(self, tag):
        """Items carrying ``tag``, asked by the tag's item ids (decision 0010)."""
        return with_tag(self, tag)

    def in_category(self, category):
        return self.filter(categories=category)

    def newest_first(self):
        """
        Newest first, undated last. Items ranked by a text search (see
        quotes.search.search_quotes) stay most relevant first, and newest
        first among equals: for words, the best match is what a reader wants.
        """
        order = [models.F("said_on").desc(nulls_last=True), "-pk"]
        if "search_rank" in self.query.annotations:
            order.insert(0, "-search_rank")
        return self.order_by(*order)

    def with_attribution(self):
        return self.select_related("person", "organization")

    def daily_dose(self, on=None):
        """
        The public item featured on ``on`` (today by default), else the
        latest one featured before it, with its attribution; ``None`` if
        there is none. Published only, so a scheduled or draft item can never
        reach the home page.
        """
        on = on or timezone.localdate()
        return (
            self.published()
            .filter(featured_on__lte=on)
            .with_attribution()
            .defer("search_vector")
            .order_by("-featured_on")
            .first()
        )

    def latest_of(self, field_name, keys, *, limit):
        """
        The latest public items of the organisations (``field_name``
        "organization") or people ("person") whose keys are ``keys``, newest
        first and undated last, as the archive lists them.
        """
        if not keys:
            return []
        return list(
            self.published()
            .filter(**{f"{field_name}__in": keys})
            .with_attribution()
            .defer("search_vector")
            .newest_first()[:limit]
        )

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

    def _tallies_kept(self):
        # The triggers of migration 0010_tallies are PostgreSQL's.
        return connections[self.db].vendor == "postgresql"

    def _counted_but_not_yet_live(self, now, **narrowed):
        """Items the tallies count that readers cannot see yet: the scheduled."""
        return self.model.objects.filter(
            status=Status.PUBLISHED,
            publish_at__gt=now,
            withdrawn_at__isnull=True,
            **narrowed,
        )

    def tallied_totals(self, *, kind=None, organization=None):
        """
        The :class:`quotes.facets.Totals` of every published item of ``kind``
        and of ``organization`` (``None``: any), whatever this queryset
        selects: from the tallies where they are kept (quotes/tallies.py),
        less the scheduled items; else counted.
        """
        narrowed = {}
        if kind:
            narrowed["kind"] = kind
        if organization is not None:
            narrowed["organization"] = organization
        if not self._tallies_kept():
            published = self.model.objects.published().filter(**narrowed)
            return Totals.of_counts(published.counts_by_organization_and_year())
        now = timezone.now()
        if organization is None:
            by_organization = _summed(OrganizationTally, "organization_key", kind)
            by_year = _summed(YearTally, "year", kind)
        else:
            tallies = QuoteTally.objects.filter(organization_key=organization.pk)
            by_organization = {organization.pk: 0}
            by_year = _summed(tallies, "year", kind)
            by_organization[organization.pk] = sum(by_year.values())
        by_organization = Counter(by_organization)
        by_organization.pop(NONE, None)
        by_year = Counter({year or None: number for year, number in by_year.items()})
        scheduled = self._counted_but_not_yet_live(now, **narrowed)
        for key, year, number in scheduled.counts_by_organization_and_year():
            if key is not None:
                by_organization[key] -= number
            by_year[year] -= number
        return Totals(_positive(by_organization), _positive(by_year))

    def tallied_category_facets(self, *, kind=None):
        """
        ``{"slug", "name", "count"}`` for each category of the published
        items of ``kind`` (``None``: any), busiest first, as
        :func:`quotes.facets.category_facets` counts them; from the tallies
        where they are kept, else counted.
        """
        # quotes.models imports this module.
        from .models import Category

        narrowed = {"kind": kind} if kind else {}
        if not self._tallies_kept():
            published = self.model.objects.published().filter(**narrowed)
            return category_facets(published.order_by().values("pk"))
        now = timezone.now()
        counts = Counter(_summed(CategoryTally, "category_key", kind))
        scheduled = self._counted_but_not_yet_live(now, **narrowed)
        counts.subtract(
            dict(
                scheduled.filter(categories__isnull=False)
                .values_list("categories")
                .annotate(number=Count("*"))
                .order_by()
            )
        )
        counted = [
            {"slug": slug, "name": name, "count": counts[key]}
            for key, slug, name in Category.objects.filter(
                pk__in=[key for key, number in counts.items() if number > 0]
            ).values_list("pk", "slug", "name")
        ]
        return sorted(counted, key=lambda row: (-row["count"], row["name"]))

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
