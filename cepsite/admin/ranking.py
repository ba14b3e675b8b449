"""
Search in the admin, ranked for the autocompletes (and for a searched list
that is not sorted by one of its columns): for "Iraq", the row named
exactly "Iraq" first, then names starting with it ("Iraqi Kurdistan"), then
every other match ("ISIS in Iraq"), each group in the list's own order.
"""

from django.contrib.admin.views.main import ORDER_VAR
from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Least

EXACT, PREFIX, OTHER = 0, 1, 2


def _rank(field, term):
    return Case(
        When(**{f"{field}__iexact": term}, then=Value(EXACT)),
        When(**{f"{field}__istartswith": term}, then=Value(PREFIX)),
        default=Value(OTHER),
        output_field=IntegerField(),
    )


def ranked(queryset, fields, term):
    """
    ``queryset`` with exact, then prefix matches of ``term`` on any of
    ``fields`` first, then the rest, each group in the order ``queryset``
    had (else by ``fields[0]``).
    """
    term = term.strip()
    if not term or not fields:
        return queryset
    ranks = [_rank(field, term) for field in fields]
    rank = ranks[0] if len(ranks) == 1 else Least(*ranks)
    # Within a rank, the order the list had (the admin's, or the model's).
    within = list(queryset.query.order_by or queryset.model._meta.ordering)
    return queryset.annotate(search_rank=rank).order_by(
        "search_rank", *(within or [fields[0]]), "pk"
    )


class RankedSearchMixin:
    """
    A model admin whose search (the autocomplete widgets' and the list's)
    ranks exact and prefix matches of ``ranked_fields`` first.
    """

    ranked_fields = ["name"]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        if ORDER_VAR in request.GET:
            # A list sorted by one of its columns keeps that order.
            return queryset, may_have_duplicates
        return ranked(queryset, self.ranked_fields, search_term), may_have_duplicates
