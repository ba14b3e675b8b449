"""
The archive counted ahead: how many items each organisation has in each year
and of each kind, and how many each category holds, kept up to date by
PostgreSQL triggers as quotes are written (migration 0010_tallies).

An item is counted while it is published and not withdrawn, whether or not
its ``publish_at`` has come: a scheduled item going live changes no row, so
no write is needed when it does. Readers subtract the scheduled items, which
are few and found by the publishing index (``QuoteQuerySet.tallied_counts``).

Each table counts at the grain a page reads: the whole archive's facets
(organisations, years) from two small tables, one organisation's years from
a third. The counts of the whole archive, or of one organisation or one
kind, then cost a read of a few hundred rows instead of a count of every item
(docs/decisions/0031-archive-tallies.md). On other databases the tables stay
empty and the archive is counted as it is read.
"""

from django.db import models

# No organisation, no date: the tables' keys are never NULL, so that one
# upsert finds the row whatever the item lacks.
NONE = 0


class Tally(models.Model):
    """How many published items of one kind share the keys of a subclass."""

    kind = models.CharField(max_length=10)
    number = models.IntegerField()

    keys = ()

    class Meta:
        abstract = True

    def __str__(self):
        keys = "/".join(str(getattr(self, key)) for key in self.keys)
        return f"{keys}/{self.kind}: {self.number}"


class QuoteTally(Tally):
    """Published items of one organisation, year and kind."""

    organization_key = models.IntegerField(help_text="0: no organisation.")
    year = models.IntegerField(help_text="0: undated.")

    keys = ("organization_key", "year")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization_key", "year", "kind"],
                name="quotes_quotetally_unique",
            )
        ]


class OrganizationTally(Tally):
    """Published items of one organisation and kind, in every year."""

    organization_key = models.IntegerField(help_text="0: no organisation.")

    keys = ("organization_key",)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization_key", "kind"],
                name="quotes_organizationtally_unique",
            )
        ]


class YearTally(Tally):
    """Published items of one year and kind, of every organisation."""

    year = models.IntegerField(help_text="0: undated.")

    keys = ("year",)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind"], name="quotes_yeartally_unique"
            )
        ]


class CategoryTally(Tally):
    """Published items of one kind in one category."""

    category_key = models.IntegerField()

    keys = ("category_key",)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["category_key", "kind"], name="quotes_categorytally_unique"
            )
        ]
