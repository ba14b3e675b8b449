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


class QuoteTally(models.Model):
    """Published items of one organisation, year and kind."""

    organization_key = models.IntegerField(help_text="0: no organisation.")
    year = models.IntegerField(help_text="0: undated.")
    kind = models.CharField(max_length=10)
    number = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization_key", "year", "kind"],
                name="quotes_quotetally_unique",
            )
        ]

    def __str__(self):
        return f"{self.organization_key}/{self.year}/{self.kind}: {self.number}"


class OrganizationTally(models.Model):
    """Published items of one organisation and kind, in every year."""

    organization_key = models.IntegerField(help_text="0: no organisation.")
    kind = models.CharField(max_length=10)
    number = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization_key", "kind"],
                name="quotes_organizationtally_unique",
            )
        ]

    def __str__(self):
        return f"{self.organization_key}/{self.kind}: {self.number}"


class YearTally(models.Model):
    """Published items of one year and kind, of every organisation."""

    year = models.IntegerField(help_text="0: undated.")
    kind = models.CharField(max_length=10)
    number = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind"], name="quotes_yeartally_unique"
            )
        ]

    def __str__(self):
        return f"{self.year}/{self.kind}: {self.number}"


class CategoryTally(models.Model):
    """Published items of one kind in one category."""

    category_key = models.IntegerField()
    kind = models.CharField(max_length=10)
    number = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["category_key", "kind"], name="quotes_categorytally_unique"
            )
        ]

    def __str__(self):
        return f"{self.category_key}/{self.kind}: {self.number}"
