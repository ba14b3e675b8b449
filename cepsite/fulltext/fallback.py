"""
Matching and ranking without PostgreSQL's text search (SQLite, the quick
start's database): every term found case-insensitively in the same fields,
ranked by the tier of fields where it appears.
"""

from django.db.models import Case, Q, Value, When

# ts_rank's default weights for D, C, B, A, listed here A first.
WEIGHTS = (1.0, 0.4, 0.2, 0.1)


def _any_field(fields, term):
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": term})
    return condition


def fallback_match(tiers, parsed):
    """Every group of terms in some field, no excluded term in any."""
    fields = [name for tier in tiers for name in tier]
    condition = Q()
    for group in parsed.groups:
        either = Q()
        for term in group:
            either |= _any_field(fields, term)
        condition &= either
    for term in parsed.excluded:
        condition &= ~_any_field(fields, term)
    return condition


def fallback_rank(tiers, parsed):
    """A weight for each tier of fields where any of the terms appears."""
    rank = Value(0.0)
    for weight, tier in zip(WEIGHTS, tiers, strict=True):
        if not tier:
            continue
        hit = Q()
        for term in parsed.terms:
            hit |= _any_field(tier, term)
        rank = rank + Case(When(hit, then=Value(weight)), default=Value(0.0))
    return rank
