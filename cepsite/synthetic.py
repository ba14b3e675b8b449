"""
A synthetic archive for measuring search at scale, loaded with COPY.

The words follow a Zipf distribution over a vocabulary of the archive's own
register (domain words first, then general English, then rare made-up words),
so that some queries match a tenth of the archive and others a handful.
Organisations and people get real-world-looking names with the spelling
variants researchers meet ("Kata'ib"/"Kataib", "al-"/"al "), and popularity
is skewed too: the largest organisation says tens of thousands of quotes.
"""

import io
import itertools
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.core.management.color import no_style
from django.db import connection

from cepsite.publishing import Status
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Organization, Person, Resource


def _words(text):
    return text.split()


DOMAIN_WORDS = _words(
    """
jihad caliphate martyrdom martyr infidels crusaders apostates mujahideen
occupation resistance struggle victory enemy brothers sacrifice faith
holy war fighters weapons attack strike bombing rockets drones militia
brigades commander emir leader soldiers army front battle operation
revenge blood paradise allah god believers nation ummah sharia law
prophet mosque jerusalem baghdad damascus mosul raqqa kabul sanaa beirut
iraq syria yemen lebanon afghanistan somalia nigeria iran america
american americans israel zionist zionists west western europe rome
bases embassy troops withdrawal sanctions oil revenue money funding
recruits training camp prison prisoners hostages ransom tunnel border
statement warning threat promise pledge allegiance oath banner flag
"""
)

GENERAL_WORDS = _words(
    """
people world time year years day days land city cities country countries
government state states power forces force group groups men women children
families home homes future history truth lies words voice hearts hands
great new old first last long small large young strong weak free
must will shall never always again today tomorrow soon until every
fight kill destroy defend protect return rise fall win lose stand
know see say said tell call make take give come leave stay hold
water fire earth sky night morning road path way river mountain desert
"""
)

SYLLABLES = _words(
    "al ab ad ak am an ar as az ba da fa ha ja ka la ma na qa ra sa ta wa za "
    "bi di fi hi ji ki li mi ni ri si ti zi bu du fu hu ju ku lu mu nu ru su tu "
    "har sham dar bak mal nas jab kar sal tah rah hak dil fad ras mir zar qir"
)

ORG_PREFIXES = ["Jaysh", "Liwa", "Saraya", "Harakat", "Ansar", "Jama'at", "Kata'ib",
                "Asa'ib", "Tanzim", "Jabhat", "Majlis", "Hizb"]  # fmt: skip
FIRST_NAMES = ["Abu Bakr", "Abu Ali", "Abu Muhammad", "Abu Omar", "Abu Hamza",
               "Ayman", "Hassan", "Qais", "Akram", "Abdullah", "Ibrahim", "Yusuf",
               "Khalid", "Mustafa", "Hamid", "Jamal", "Salih", "Anwar"]  # fmt: skip

REAL_ORGANIZATIONS = [
    (
        "ISIS",
        "",
        ["ISIL", "Daesh", "the Islamic State", "Islamic State of Iraq and Syria"],
    ),  # noqa: E501
    ("Kata'ib Hezbollah", "KH", ["Kataib Hizballah", "Hezbollah Brigades"]),
    ("al-Qaeda", "AQ", ["al-Qaida", "al Qaeda", "The Base"]),
    ("Hezbollah", "", ["Hizballah", "Hizbullah", "Party of God"]),
    ("Boko Haram", "JAS", ["Jama'atu Ahlis Sunna Lidda'awati wal-Jihad"]),
    ("al-Shabaab", "", ["Harakat al-Shabaab al-Mujahideen", "al-Shabab"]),
    ("Hayat Tahrir al-Sham", "HTS", ["Jabhat al-Nusra", "Nusra Front"]),
    ("Asa'ib Ahl al-Haq", "AAH", ["League of the Righteous", "Khazali Network"]),
    ("Ansar Allah", "", ["Houthis", "Houthi movement"]),
    ("Hamas", "", ["Harakat al-Muqawama al-Islamiya"]),
]
REAL_PEOPLE = [
    ("Abu Bakr al-Baghdadi", ["Ibrahim Awad al-Badri", "Abu Du'a"], 0),
    ("Abu Ali al-Askari", ["Abu Ali al-Asgari"], 1),
    ("Ayman al-Zawahiri", ["Ayman al-Zawahri"], 2),
    ("Hassan Nasrallah", ["Hasan Nasrallah"], 3),
    ("Abubakar Shekau", ["Abu Bakr Shekau"], 4),
    ("Qais al-Khazali", ["Qais al-Khaz'ali"], 7),
]


@dataclass
class Sizes:
    quotes: int = 1_000_000
    press: int = 50_000
    resources: int = 5_000
    organizations: int = 5_000
    people: int = 5_000


def _zipf_weights(count, exponent=1.0):
    return list(
        itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, count + 1))
    )


class Generator:
    """Makes rows; ``seed`` makes them the same from one run to the next."""

    def __init__(self, seed=7):
        self.random = random.Random(seed)
        made_up = sorted({self._word() for _ in range(6000)} - set(DOMAIN_WORDS))
        # Everyday words are the most frequent; the archive's own words sit a
        # little lower, each in about 0.5 to 4 per cent of the quotes, among
        # the commoner made-up ones; the rest of those are the long tail.
        middle = DOMAIN_WORDS + made_up[:500]
        self.random.shuffle(middle)
        self.vocabulary = GENERAL_WORDS + middle + made_up[500:]
        self.vocabulary_weights = _zipf_weights(len(self.vocabulary), 0.9)

    def _word(self):
        syllables = self.random.randint(2, 4)
        return "".join(self.random.choice(SYLLABLES) for _ in range(syllables))

    def name_word(self):
        return self._word().capitalize()

    def words(self, count):
        chosen = self.random.choices(
            self.vocabulary, cum_weights=self.vocabulary_weights, k=count
        )
        return " ".join(chosen)

    def sentence(self, low, high):
        text = self.words(self.random.randint(low, high))
        return text[0].upper() + text[1:] + "."

    def organizations(self, count):
        rows = list(REAL_ORGANIZATIONS[:count])
        names = {name for name, _, _ in rows}
        while len(rows) < count:
            prefix = self.random.choice(ORG_PREFIXES)
            core = f"{self.name_word()} al-{self.name_word()}"
            name = f"{prefix} {core}"
            if name in names:
                continue
            names.add(name)
            initials = "".join(w[0] for w in name.replace("al-", "").split()).upper()
            aliases = [
                name.replace("'", ""),
                name.replace("al-", "al "),
                f"{core} {self.random.choice(['Brigades', 'Movement', 'Front'])}",
            ]
            rows.append((name, initials, aliases))
        return rows

    def people(self, count, organizations):
        rows = [
            (name, aliases, org)
            for name, aliases, org in REAL_PEOPLE
            if org < organizations
        ][:count]
        names = {name for name, _, _ in rows}
        while len(rows) < count:
            surname = self.name_word()
            name = f"{self.random.choice(FIRST_NAMES)} al-{surname}"
            if name in names:
                continue
            names.add(name)
            aliases = [name.replace("al-", "al "), f"{surname}i"]
            # The largest groups have the most members, but none has more
            # than a few per cent of them.
            organization = self.random.choices(
                range(organizations), cum_weights=self._member_weights(organizations)
            )[0]
            rows.append((name, aliases, organization))
        return rows

    def _member_weights(self, organizations):
        if len(getattr(self, "_members", ())) != organizations:
            self._members = list(
                itertools.accumulate(1.0 / (rank + 5) for rank in range(organizations))
            )
        return self._members

    def date(self, start=date(2001, 1, 1), days=9000):
        return start + timedelta(days=self.random.randrange(days))

    def status(self, now):
        roll = self.random.random()
        if roll < 0.02:
            return Status.DRAFT, now - timedelta(days=1)
        if roll < 0.03:
            return Status.PUBLISHED, now + timedelta(days=30)
        return Status.PUBLISHED, now - timedelta(days=self.random.randrange(1, 3000))


def _copy(table, columns, rows):
    """Stream ``rows`` (tuples of already formatted strings) with COPY."""
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        buffer = io.StringIO()
        for n, row in enumerate(rows, 1):
            buffer.write("\t".join(row))
            buffer.write("\n")
            if n % 20_000 == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())


def _text(value):
    """A value in COPY's text format; generated text holds no tabs."""
    if value is None:
        return r"\N"
    return str(value).replace("\\", "\\\\").replace("\n", "\\n")


SEARCH_INDEXES = (
    "quotes_quote_search",
    "press_pressrelease_search",
    "resources_resource_search",
)


def load(sizes, *, seed=7, progress=print):
    """
    Replace every quote, press release, resource, organisation and person
    with a synthetic archive of ``sizes``. The GIN indexes are dropped during
    the load and built again after it, as one would for any bulk load; the
    triggers fill the search vectors as rows arrive.
    """
    generator = Generator(seed)
    now = datetime.now(UTC)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE quotes_quote, press_pressrelease_resources, press_pressrelease,"
            " resources_person, resources_organization, resources_resource CASCADE"
        )
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [list(SEARCH_INDEXES)],
        )
        definitions = cursor.fetchall()
        for name, _ in definitions:
            cursor.execute(f"DROP INDEX {name}")

    organizations = generator.organizations(sizes.organizations)
    people = generator.people(sizes.people, len(organizations))

    # Every real organisation and person has a page, then a third of the rest.
    profiled_orgs = [i for i in range(len(organizations)) if i < 10 or i % 3 == 0][
        : sizes.resources // 2
    ]
    profiled_people = [i for i in range(len(people)) if i < 6 or i % 3 == 0][
        : sizes.resources // 4
    ]
    resources = [("group", organizations[i][0]) for i in profiled_orgs]
    resources += [("person", people[i][0]) for i in profiled_people]
    while len(resources) < sizes.resources:
        resources.append(("topic", f"{generator.name_word()} {generator.words(2)}"))
    resources = resources[: sizes.resources]
    org_profile = {i: n + 1 for n, i in enumerate(profiled_orgs) if n < len(resources)}
    people_offset = len(profiled_orgs)
    person_profile = {
        i: people_offset + n + 1
        for n, i in enumerate(profiled_people)
        if people_offset + n < len(resources)
    }

    def resource_rows():
        for n, (kind, title) in enumerate(resources, 1):
            summary = generator.sentence(15, 30)
            body = "".join(f"<p>{generator.sentence(40, 90)}</p>" for _ in range(3))
            publish_at = now - timedelta(days=n % 900 + 1)
            yield (
                str(n), _text(title), f"r-{n}", kind, _text(summary), _text(body),
                "", "", "", "f", Status.PUBLISHED, publish_at.isoformat(),
                now.isoformat(), now.isoformat(),
            )  # fmt: skip

    progress(f"resources: {len(resources):,}")
    _copy(
        "resources_resource",
        ["id", "title", "slug", "kind", "summary", "body", "image", "image_alt",
         "image_credit", "featured", "status", "publish_at", "created_at",
         "updated_at"],
        resource_rows(),
    )  # fmt: skip
    progress(f"organisations: {len(organizations):,}")
    _copy(
        "resources_organization",
        ["id", "name", "short_name", "slug", "aliases", "profile_id"],
        (
            (str(i + 1), _text(name), _text(short), f"o-{i + 1}",
             _text("\n".join(aliases)), _text(org_profile.get(i)))
            for i, (name, short, aliases) in enumerate(organizations)
        ),
    )  # fmt: skip
    progress(f"people: {len(people):,}")
    _copy(
        "resources_person",
        ["id", "name", "slug", "aliases", "organization_id", "profile_id"],
        (
            (str(i + 1), _text(name), f"p-{i + 1}", _text("\n".join(aliases)),
             str(org + 1), _text(person_profile.get(i)))
            for i, (name, aliases, org) in enumerate(people)
        ),
    )  # fmt: skip

    person_weights = _zipf_weights(len(people), 0.8)
    org_weights = _zipf_weights(len(organizations), 0.8)
    person_ids = range(len(people))
    org_ids = range(len(organizations))
    roles = ["Security Official", "Spokesman", "Commander", "Leader", "Emir", ""]

    def quote_rows():
        for n in range(1, sizes.quotes + 1):
            roll = generator.random.random()
            status, publish_at = generator.status(now)
            said_on = generator.date()
            precision = "day" if roll > 0.1 else ("month" if roll > 0.03 else "year")
            if precision == "month":
                said_on = said_on.replace(day=1)
            elif precision == "year":
                said_on = said_on.replace(month=1, day=1)
            text = generator.sentence(12, 60)
            if roll < 0.1:
                kind, person, org = (
                    "fact",
                    None,
                    generator.random.choices(org_ids, cum_weights=org_weights)[0],
                )
                text = f"{organizations[org][0]} {text}"
            else:
                kind = "tweet" if roll > 0.9 else "quote"
                person = generator.random.choices(
                    person_ids, cum_weights=person_weights
                )[0]
                org = people[person][2]
            yield (
                str(n), kind, _text(text),
                _text(None if person is None else person + 1),
                generator.random.choice(roles), str(org + 1),
                _text(generator.sentence(3, 8) if roll < 0.3 else ""),
                said_on.isoformat(), precision, _text(generator.sentence(3, 6)), "",
                status, publish_at.isoformat(), now.isoformat(), now.isoformat(),
            )  # fmt: skip

    progress(f"quotes: {sizes.quotes:,}")
    _copy(
        "quotes_quote",
        ["id", "kind", "text", "person_id", "role", "organization_id", "context",
         "said_on", "said_on_precision", "source_title", "source_url", "status",
         "publish_at", "created_at", "updated_at"],
        quote_rows(),
    )  # fmt: skip

    def press_rows():
        for n in range(1, sizes.press + 1):
            status, publish_at = generator.status(now)
            title = f"{generator.random.choice(organizations)[0]} {generator.words(6)}"
            body = "".join(f"<p>{generator.sentence(40, 80)}</p>" for _ in range(4))
            yield (
                str(n), _text(title), f"pr-{n}", "New York, N.Y.",
                _text(generator.sentence(20, 40)), _text(body), "", "", "", "",
                status, publish_at.isoformat(), now.isoformat(), now.isoformat(),
            )  # fmt: skip

    progress(f"press releases: {sizes.press:,}")
    _copy(
        "press_pressrelease",
        ["id", "title", "slug", "dateline", "summary", "body", "image", "image_alt",
         "image_caption", "author", "status", "publish_at", "created_at", "updated_at"],
        press_rows(),
    )  # fmt: skip

    progress("indexes")
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        # Inside a transaction the foreign keys are checked at commit, and
        # PostgreSQL builds no index on a table with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for _, definition in definitions:
            cursor.execute(definition)
        models = [Resource, Organization, Person, Quote, PressRelease]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        # As after any bulk load: statistics for the planner and, outside a
        # transaction, the visibility map and hint bits, so that the first
        # queries measured do not pay for them.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        for model in models:
            cursor.execute(f"{command} {model._meta.db_table}")
