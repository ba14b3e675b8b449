"""
The organisations and people an archive quotes: the real ones first, with
their aliases, then made-up ones with the spelling variants of real names.
"""

import itertools

from .vocabulary import (
    CITIES,
    FIRST_NAMES,
    ORG_CORES,
    ORG_PREFIXES,
    REAL_ORGANIZATIONS,
    REAL_PEOPLE,
    SURNAMES,
)

# Past this many organisations, made-up names take a city as well, or the
# prefixes and cores would run out of combinations.
ORGANIZATIONS_WITHOUT_CITY = 150
MOST_ORGANIZATIONS = len(REAL_ORGANIZATIONS) + len(ORG_PREFIXES) * len(ORG_CORES) * len(
    CITIES
)
MOST_PEOPLE = len(FIRST_NAMES) * len(SURNAMES) ** 2


def _require_at_most(count, most, what):
    if count > most:
        raise ValueError(f"The generator names at most {most:,} {what}, not {count:,}.")


def _spellings(name):
    """Return the other ways ``name`` is written, without ``name`` itself."""
    variants = [name.replace("'", ""), name.replace("-", " ")]
    return [variant for variant in dict.fromkeys(variants) if variant != name]


def _initials(name):
    """Return an acronym of ``name``, as groups' short names are."""
    return "".join(word[0] for word in name.replace("al-", "").split()).upper()[:6]


def organizations(writer, count):
    """Return ``count`` organisations as ``(name, short name, aliases)``."""
    _require_at_most(count, MOST_ORGANIZATIONS, "organisations")
    rows = [(name, short, aliases) for name, short, aliases in REAL_ORGANIZATIONS]
    rows = rows[:count]
    names = {name for name, _, _ in rows}
    while len(rows) < count:
        name = f"{writer.pick(ORG_PREFIXES)} {writer.pick(ORG_CORES)}"
        if len(rows) > ORGANIZATIONS_WITHOUT_CITY:
            name += f" {writer.pick(CITIES)}"
        if name in names:
            continue
        names.add(name)
        rows.append((name, _initials(name), _spellings(name)))
    return rows


def _member_weights(organizations):
    """Return cumulative weights that give the first organisations most members."""
    return list(itertools.accumulate(1.0 / (rank + 5) for rank in range(organizations)))


def _new_name(writer, taken):
    """Return a made-up person's name not in ``taken``, or ``None``."""
    name = f"{writer.pick(FIRST_NAMES)} {writer.pick(SURNAMES)}"
    if name in taken:
        name += f" {writer.pick(SURNAMES)}"
    return None if name in taken else name


def people(writer, count, organizations):
    """Return ``count`` people as ``(name, aliases, organisation's position)``."""
    _require_at_most(count, MOST_PEOPLE, "people")
    rows = [row for row in REAL_PEOPLE if row[2] < organizations][:count]
    names = {name for name, _, _ in rows}
    weights = _member_weights(organizations)
    while len(rows) < count:
        name = _new_name(writer, names)
        if name is None:
            continue
        names.add(name)
        (organization,) = writer.random.choices(
            range(organizations), cum_weights=weights
        )
        rows.append((name, _spellings(name), organization))
    return rows
