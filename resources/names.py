"""
Finding organisations and people by name, short name or alias, with typos.

Names of extremist groups and people come in many spellings ("Kata'ib
Hezbollah", "Kataib Hizballah", "KH"). On PostgreSQL each organisation and
person has a *name key*: its name, short name and aliases, folded (lower
case, no accents, no apostrophes) by the ``cep_name_key`` SQL function, with
a trigram GiST index on it. :func:`find_names` asks that index for the keys
nearest to the query by trigram word similarity, which tolerates typos
("Katib Hezbolah"). On other databases it matches case-insensitively.
"""

from dataclasses import dataclass, field

from django.db import connections
from django.db.models import F, FloatField, Func, Q, TextField, Value
from django.db.models.functions import Replace

from cepsite.fulltext.query import APOSTROPHE_CHARACTERS, fold_name, parse_query

from .models import Organization, Person, split_aliases

# Word similarity from which a name counts as found. "Bagdadi" scores 0.55
# against "al-Baghdadi", "Katib Hezbolah" 0.6 against "Kataib Hezbollah";
# unrelated names score well under 0.4.
NAME_THRESHOLD = 0.5

# Trigrams of one or two letters match too much ("kh" is most of "Khalid"),
# so shorter queries must match a whole word of a name.
SHORT_NAME_LENGTH = 4

# How close each word of a query must be to a word of a name for the whole
# query to be taken as that name, misspelt ("katib" and "kataib": 0.44).
WORD_THRESHOLD = 0.4

# Names fetched from the index before the finer ordering is applied.
CANDIDATES = 10


def _trigrams(word):
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def word_similarity(a, b):
    """Trigram similarity of two single words, as pg_trgm's similarity()."""
    first, second = _trigrams(a), _trigrams(b)
    return len(first & second) / len(first | second) if first and second else 0.0


class NameKey(Func):
    """The folded names of an organisation or person, as the index holds it."""

    function = "cep_name_key"
    output_field = TextField()


class WordDistance(Func):
    """``key <->> query``: one minus word similarity, ordered by the index."""

    template = "(%(expressions)s)"
    arg_joiner = " <->> "
    output_field = FloatField()


_KEYS = {
    Organization: lambda: NameKey(F("name"), F("short_name"), F("aliases")),
    Person: lambda: NameKey(F("name"), F("aliases")),
}


def _names_of(entity):
    names = [entity.name, *split_aliases(entity.aliases)]
    if getattr(entity, "short_name", ""):
        names.append(entity.short_name)
    return [fold_name(name) for name in names]


def _covers(entity, words):
    """Whether every query word is (close to) a word of the entity's names."""
    name_words = {w for name in _names_of(entity) for w in name.split()}
    return all(
        any(
            word_similarity(word, name_word) >= WORD_THRESHOLD
            for name_word in name_words
        )
        for word in words
    )


@dataclass
class NameMatches:
    """
    Organisations and people found for a query, best first, each with a
    ``name_score`` between 0 and 1.

    ``boosted_*_ids`` are the best matches, whose quotes and resource pages a
    search shows first. ``is_name_query`` says that the query as a whole is
    one of their names, possibly misspelt ("Katib Hezbolah"), rather than a
    name among other words ("Baghdadi oil"): only then does a search also
    return their quotes that the words themselves do not match.
    """

    organizations: list = field(default_factory=list)
    people: list = field(default_factory=list)
    boosted_organization_ids: tuple = ()
    boosted_person_ids: tuple = ()
    is_name_query: bool = False

    def __bool__(self):
        return bool(self.organizations or self.people)

    @property
    def best(self):
        """All matches, organisations and people mixed, best first."""
        return sorted([*self.organizations, *self.people], key=lambda e: -e.name_score)


def _with_profile(queryset, model):
    """
    With the resource page, for a link to it: its address and whether it
    is public, not its text, which a list of names never shows.
    """
    related = ["profile"] + (["organization"] if model is Person else [])
    return queryset.select_related(*related).defer(
        "profile__summary", "profile__body", "profile__search_vector"
    )


def _nearest_postgresql(model, folded, limit, using):
    queryset = (
        model.objects.using(using)
        .annotate(name_distance=WordDistance(_KEYS[model](), Value(folded)))
        .order_by("name_distance")
    )
    queryset = _with_profile(queryset, model)
    threshold = (
        1.0 if len(folded.replace(" ", "")) < SHORT_NAME_LENGTH else NAME_THRESHOLD
    )
    found = []
    for entity in queryset[: max(limit, CANDIDATES)]:
        entity.name_score = round(1.0 - entity.name_distance, 4)
        if entity.name_score >= threshold - 1e-6:
            found.append(entity)
    return found


def _without_apostrophes(field_name):
    expression = F(field_name)
    for apostrophe in APOSTROPHE_CHARACTERS:
        expression = Replace(
            expression, Value(apostrophe), Value(""), output_field=TextField()
        )
    return expression


def _nearest_fallback(model, folded, limit, using):
    # The query's words are folded; so must the names be, at least for
    # apostrophes, for "Kataib" to find "Kata'ib" (accents stay unfolded).
    fields = ["name", "aliases"] + (["short_name"] if model is Organization else [])
    folded_fields = {f"folded_{name}": _without_apostrophes(name) for name in fields}
    condition = Q()
    for word in folded.split():
        either = Q()
        for name in folded_fields:
            either |= Q(**{f"{name}__icontains": word})
        condition &= either
    queryset = model.objects.using(using).alias(**folded_fields).filter(condition)
    queryset = _with_profile(queryset, model)
    found = []
    for entity in queryset[: max(limit, CANDIDATES) * 2]:
        names = _names_of(entity)
        entity.name_score = 1.0 if folded in names else 0.8
        found.append(entity)
    return found


def _nearest(model, folded, limit, using):
    """Up to ``limit`` of ``model`` nearest to ``folded``, best first."""
    nearest = (
        _nearest_postgresql
        if connections[using].vendor == "postgresql"
        else _nearest_fallback
    )
    found = nearest(model, folded, limit, using)
    # Equal scores: the entity whose own name is closest in length to
    # the query is the likelier one ("KH" before "Khalid al-Kh...").
    found.sort(key=lambda e: (-e.name_score, abs(len(e.name) - len(folded)), e.name))
    return found[:limit]


# Word similarity from which a name is worth suggesting to someone still
# typing it: lower than NAME_THRESHOLD, since the word is not finished.
SUGGEST_THRESHOLD = 0.3


def suggest_names(model, q, *, limit=10, using="default"):
    """
    Organisations or people (``model``) whose names come nearest to ``q``
    as typed so far, best first: one query, which the name index answers
    on PostgreSQL (ordered by distance, misspellings too).
    """
    folded = fold_name(q)
    if not folded:
        return []
    if connections[using].vendor != "postgresql":
        return _nearest(model, folded, limit, using)
    queryset = (
        model.objects.using(using)
        .annotate(name_distance=WordDistance(_KEYS[model](), Value(folded)))
        .order_by("name_distance")
    )
    if model is Person:
        queryset = queryset.select_related("organization")
    return [
        entity
        for entity in queryset[:limit]
        if 1.0 - entity.name_distance >= SUGGEST_THRESHOLD - 1e-6
    ]


@dataclass(frozen=True)
class NameLookup:
    """
    What a name stands for among one model's entities: ``found`` when it
    names one, else ``candidates`` (several it may name, best first, or none).
    """

    found: object = None
    candidates: tuple = ()


def resolve_name(model, value, *, limit=5, using="default"):
    """
    The organisation or person (``model``) that ``value`` names: by slug,
    else by name, short name or alias with the matcher of :func:`find_names`.
    One query for a slug, two otherwise. A name that several share, exactly
    or equally closely, gives them all as candidates.
    """
    value = (value or "").strip()
    if not value:
        return NameLookup()
    by_slug = model.objects.using(using).filter(slug=value).first()
    if by_slug is not None:
        return NameLookup(found=by_slug)
    words = parse_query(value).name_words
    folded = " ".join(words)
    if not folded:
        return NameLookup()
    found = _nearest(model, folded, limit, using)
    exact = [entity for entity in found if folded in _names_of(entity)]
    if len(exact) == 1:
        return NameLookup(found=exact[0])
    if not exact and found:
        best = [e for e in found if e.name_score >= found[0].name_score - 1e-6]
        if len(best) == 1:
            return NameLookup(found=best[0])
    return NameLookup(candidates=tuple(exact or found))


def find_names(q, *, limit=5, using="default"):
    """
    Organisations and people whose name, short name or an alias matches
    ``q``, tolerating typos on PostgreSQL: at most ``limit`` of each, as
    :class:`NameMatches`. Two queries.
    """
    words = parse_query(q).name_words
    folded = " ".join(words)
    if not folded:
        return NameMatches()
    matches = {
        model: _nearest(model, folded, limit, using) for model in (Organization, Person)
    }
    everyone = [*matches[Organization], *matches[Person]]
    if not everyone:
        return NameMatches()
    top = max(entity.name_score for entity in everyone)
    boosted = [e for e in everyone if e.name_score >= top - 1e-6][:3]
    return NameMatches(
        organizations=matches[Organization],
        people=matches[Person],
        boosted_organization_ids=tuple(
            e.pk for e in boosted if isinstance(e, Organization)
        ),
        boosted_person_ids=tuple(e.pk for e in boosted if isinstance(e, Person)),
        is_name_query=any(_covers(e, words) for e in boosted),
    )
