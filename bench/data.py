"""
The benchmark's archive: press releases, quotes, resources, organisations,
people and tags, generated from a seed and loaded with COPY.

The text reads like the site's own: press releases that name the groups and
people they are about, quotes attributed to them, dated across two decades.
Popularity is skewed as it is on the real site: a few organisations say most
of the quotes, a few tags label most of the content.
"""

import itertools
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from cepsite.publishing import Status
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Organization, Person, Resource

# Bumped whenever the generator changes what it makes, so that a database
# filled by an older generator is filled again.
GENERATOR_VERSION = 1

# Press releases are spread over these years; the floor page lists the same
# archive of years and months as the press list.
PRESS_FIRST_YEAR = 2012


@dataclass(frozen=True)
class Sizes:
    press: int
    quotes: int
    resources: int
    tags: int
    organizations: int
    people: int


SIZES = {
    "full": Sizes(
        press=20_000,
        quotes=200_000,
        resources=2_000,
        tags=500,
        organizations=400,
        people=3_000,
    ),
    "small": Sizes(
        press=2_000,
        quotes=20_000,
        resources=200,
        tags=100,
        organizations=60,
        people=300,
    ),
    "tiny": Sizes(
        press=300, quotes=600, resources=60, tags=40, organizations=15, people=40
    ),
}

REAL_ORGANIZATIONS = [
    ("ISIS", "", "ISIL\nDaesh\nthe Islamic State"),
    ("Kata'ib Hezbollah", "KH", "Kataib Hizballah\nHezbollah Brigades"),
    ("al-Qaeda", "AQ", "al-Qaida\nal Qaeda"),
    ("Hezbollah", "", "Hizballah\nParty of God"),
    ("Boko Haram", "JAS", "Jama'atu Ahlis Sunna Lidda'awati wal-Jihad"),
    ("al-Shabaab", "", "Harakat al-Shabaab al-Mujahideen\nal-Shabab"),
    ("Hayat Tahrir al-Sham", "HTS", "Jabhat al-Nusra\nNusra Front"),
    ("Asa'ib Ahl al-Haq", "AAH", "League of the Righteous"),
    ("Ansar Allah", "", "Houthis\nHouthi movement"),
    ("Hamas", "", "Harakat al-Muqawama al-Islamiya"),
    ("Atomwaffen Division", "AWD", "National Socialist Order"),
    ("The Base", "", ""),
]
ORG_PREFIXES = [
    "Jaysh", "Liwa", "Saraya", "Harakat", "Ansar", "Jama'at", "Kata'ib",
    "Asa'ib", "Tanzim", "Jabhat", "Majlis", "Hizb", "Front for the",
    "Brigades of", "Movement of",
]  # fmt: skip
ORG_CORES = [
    "al-Haq", "al-Nasr", "al-Tawhid", "al-Jihad", "al-Sham", "al-Furqan",
    "al-Islam", "Ahl al-Sunna", "al-Mahdi", "al-Ummah", "al-Fath", "al-Qassam",
    "al-Aqsa", "al-Rafidayn", "al-Imam", "Sayyid al-Shuhada", "Khorasan",
    "al-Muhajirin", "al-Ansar", "Salah al-Din", "al-Abbas", "al-Mukhtar",
    "Hurras al-Din", "al-Sahel", "West Africa", "Sinai", "Maghreb",
]  # fmt: skip
FIRST_NAMES = [
    "Abu Bakr", "Abu Ali", "Abu Muhammad", "Abu Omar", "Abu Hamza", "Ayman",
    "Hassan", "Qais", "Akram", "Abdullah", "Ibrahim", "Yusuf", "Khalid",
    "Mustafa", "Hamid", "Jamal", "Salih", "Anwar", "Mokhtar", "Abubakar",
    "Nasser", "Hashem", "Faleh", "Ahmad", "Mahmoud", "Said", "Hussein",
    "Umar", "Hamza", "Zaid",
]  # fmt: skip
SURNAMES = [
    "al-Askari", "al-Muhandis", "al-Khazali", "al-Zawahiri", "al-Baghdadi",
    "al-Adnani", "al-Masri", "al-Libi", "al-Hashimi", "al-Qurashi",
    "al-Kaabi", "al-Fayyadh", "al-Amiri", "al-Hamidawi", "al-Jolani",
    "al-Muhajir", "al-Ansari", "al-Shami", "al-Tunisi", "al-Somali",
    "al-Iraqi", "al-Yemeni", "Shekau", "Barnawi", "Nasrallah", "Qassem",
    "Haniyeh", "Sinwar", "Raad", "Safieddine", "al-Houthi", "Abdulsalam",
    "al-Rubaish", "al-Awlaki", "Khan", "Mehsud", "Haqqani", "Omar",
]  # fmt: skip
ROLES = [
    "Security Official", "Spokesman", "Commander", "Leader", "Emir",
    "Secretary-General", "Political Bureau Member", "Military Official",
    "Founder", "Deputy Leader", "Media Official", "",
]  # fmt: skip
COUNTRIES = [
    "Iraq", "Syria", "Yemen", "Lebanon", "Afghanistan", "Somalia", "Nigeria",
    "Iran", "Libya", "Mali", "Egypt", "Pakistan", "Germany", "France",
    "United Kingdom", "United States", "Belgium", "Sweden", "Kenya",
    "Mozambique", "Philippines", "Indonesia", "Tunisia", "Algeria", "Jordan",
    "Saudi Arabia", "Turkey", "Niger", "Burkina Faso", "Chad",
]  # fmt: skip
CITIES = [
    "Baghdad", "Mosul", "Raqqa", "Damascus", "Beirut", "Sanaa", "Kabul",
    "Mogadishu", "Maiduguri", "Tripoli", "Bamako", "Cairo", "Karachi",
    "Berlin", "Paris", "London", "New York", "Brussels", "Stockholm",
    "Nairobi", "Basra", "Idlib", "Aleppo", "Kirkuk", "Erbil",
]  # fmt: skip
TOPIC_TAGS = [
    "ISIS", "Iraq", "Syria", "Iran", "Hezbollah", "al-Qaeda", "Foreign Fighters",
    "Online Extremism", "Sanctions", "Terrorist Financing", "Propaganda",
    "Recruitment", "Militias", "Drones", "Kidnapping", "Women in Extremism",
    "Youth Radicalisation", "Prisons", "Returnees", "White Supremacy",
    "Antisemitism", "Social Media", "Encryption", "Crypto Funding",
    "Counter-Narratives", "Deradicalisation", "Lone Actors", "Yemen",
    "Lebanon", "Afghanistan", "Sahel", "Europe", "United States", "Germany",
    "Boko Haram", "al-Shabaab", "Hamas", "Houthis", "Taliban", "IRGC",
]  # fmt: skip
OUTLETS = [
    "Al-Manar", "Amaq", "Al-Naba", "Telegram", "a video statement",
    "a Friday sermon", "Reuters", "state television", "a press conference",
    "an audio message", "X", "a rally", "Al-Mayadeen", "a leaflet",
]  # fmt: skip
THREAT_OBJECTS = [
    "American forces", "the occupiers", "the crusaders", "the apostate regime",
    "foreign embassies", "the coalition", "Western capitals", "Israel",
    "the government in Baghdad", "the infidels", "the traitors", "the enemy",
]  # fmt: skip
CLAIMS = [
    "the resistance will not lay down its weapons",
    "every soldier on our land is a legitimate target",
    "our fighters are ready to die for the cause",
    "the war will continue until the last occupier leaves",
    "the believers must rise against {target}",
    "we will take revenge for our martyrs",
    "the caliphate will return stronger than before",
    "no negotiation is possible with {target}",
    "our drones can reach {city} whenever we decide",
    "the blood of our brothers will not be wasted",
    "{target} will pay a heavy price",
    "the sanctions will not stop the flow of money to the front",
    "we have trained thousands of recruits this year",
    "those who cooperate with {target} are traitors",
]  # fmt: skip
PRESS_VERBS = [
    "Calls On", "Urges", "Condemns", "Warns Of", "Welcomes", "Applauds",
    "Releases Report On", "Testifies On", "Exposes", "Tracks",
]  # fmt: skip
PRESS_SUBJECTS = [
    "Tech Companies To Remove {org} Propaganda",
    "Sanctions Against {org} Leaders",
    "{person}'s Threats Against {country}",
    "{org} Recruitment In {country}",
    "Online Fundraising By {org}",
    "New Attacks In {city}",
    "{org}'s Use Of Encrypted Messaging",
    "Designation Of {org} As A Terrorist Organisation",
    "Rise Of Extremist Content After {city} Attack",
    "{org} Financing Networks In {country}",
]  # fmt: skip
PRESS_SENTENCES = [
    "{org} has repeatedly threatened {target}, and its leaders continue to "
    "incite violence across {country}.",
    "According to {project} research, {org} accounts posted more than {n} "
    "pieces of propaganda in the last month alone.",
    "{person}, a senior {org} figure, said in {outlet} that {claim}.",
    "The {project} has called on governments in {country} and elsewhere to "
    "act against the networks that finance {org}.",
    "Researchers documented {n} attacks attributed to {org} around {city} "
    "since the beginning of the year.",
    "Content promoting {org} remained available on major platforms weeks "
    "after it was first reported.",
    "{person} has been designated by the U.S. Treasury, yet continues to "
    "raise money openly online.",
    "The statement follows the arrest of {n} suspected {org} members in "
    "{city} and the seizure of weapons and cash.",
    "Experts warn that {org} is exploiting the instability in {country} to "
    "recruit young men from the surrounding districts.",
    "{project} CEO said the findings show that voluntary measures by tech "
    "companies have failed to stop the spread of extremist material.",
]  # fmt: skip
DATELINES = [
    "New York, N.Y.", "Washington, D.C.", "Berlin, Germany", "London, U.K.",
    "Brussels, Belgium", "",
]  # fmt: skip
PROJECT = "Counter Extremism Project"


def _cumulative_zipf(count, exponent):
    return list(
        itertools.accumulate(1.0 / rank**exponent for rank in range(1, count + 1))
    )


def _sentence_case(text):
    """Capitalised, leaving the names inside it alone (str.capitalize doesn't)."""
    return text[:1].upper() + text[1:]


class Writer:
    """Text and choices from one seeded random source."""

    def __init__(self, seed):
        self.random = random.Random(seed)
        self.organizations = []
        self.people = []

    def pick(self, items):
        return self.random.choice(items)

    def fill(self, template):
        return template.format(
            org=self.pick(self.organizations)[0] if self.organizations else "ISIS",
            person=self.pick(self.people)[0] if self.people else "Abu Ali al-Askari",
            country=self.pick(COUNTRIES),
            city=self.pick(CITIES),
            target=self.pick(THREAT_OBJECTS),
            outlet=self.pick(OUTLETS),
            project=PROJECT,
            n=self.random.randint(3, 900),
            claim=self.claim(),
        )

    def claim(self):
        return self.pick(CLAIMS).format(
            target=self.pick(THREAT_OBJECTS), city=self.pick(CITIES)
        )

    def quote_text(self):
        sentences = self.random.randint(1, 4)
        parts = [_sentence_case(self.claim()) + "." for _ in range(sentences)]
        return " ".join(parts)

    def press_title(self):
        subject = self.fill(self.pick(PRESS_SUBJECTS))
        return f"CEP {self.pick(PRESS_VERBS)} {subject}"

    def paragraph(self, low=2, high=5):
        count = self.random.randint(low, high)
        return " ".join(self.fill(self.pick(PRESS_SENTENCES)) for _ in range(count))

    def press_body(self):
        blocks = []
        for n in range(self.random.randint(4, 8)):
            if n == 2 and self.random.random() < 0.4:
                blocks.append(f"<h2>{self.fill('{org} in {country}')}</h2>")
            if self.random.random() < 0.2:
                claim = _sentence_case(self.claim())
                blocks.append(f"<blockquote><p>“{claim}.”</p></blockquote>")
            text = self.paragraph()
            if self.random.random() < 0.3:
                text += (
                    ' <a href="https://www.counterextremism.com/reports">'
                    "Read the full report.</a>"
                )
            blocks.append(f"<p>{text}</p>")
        return "".join(blocks)

    def summary(self):
        return self.paragraph(1, 2)


class _Copier:
    """COPY into one table, rows as tuples in ``columns`` order."""

    def __init__(self, cursor, table, columns):
        self.statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        self.cursor = cursor

    def write(self, rows):
        with self.cursor.copy(self.statement) as copy:
            for row in rows:
                copy.write_row(row)


CONTENT_TABLES = [
    "taggit_taggeditem",
    "taggit_tag",
    "press_pressrelease_resources",
    "press_pressrelease",
    "quotes_quote",
    "resources_person",
    "resources_organization",
    "resources_resource",
]

MARKER_TABLE = "cep_bench_dataset"


def loaded_dataset():
    """``(size, generator version)`` of the data in the database, or ``None``."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT size, version FROM {MARKER_TABLE}")
        row = cursor.fetchone()
    return tuple(row) if row else None


def _secondary_indexes(cursor, tables):
    """
    Definitions of the indexes that no constraint owns on ``tables``: they
    are dropped for the load and built once at the end, which is much faster
    than maintaining them row by row.
    """
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef
          FROM pg_indexes i
          JOIN pg_class c ON c.relname = i.indexname
         WHERE i.tablename = ANY(%s)
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
        """,
        [tables],
    )
    return cursor.fetchall()


def generate(size, *, seed=20240601, progress=print):
    """
    Replace all content with a generated archive of ``size`` (a key of
    ``SIZES``), in one transaction, and record what was loaded.
    """
    name = connection.settings_dict["NAME"]
    if not name.startswith("cep_bench_pages"):
        raise RuntimeError(
            f"Refusing to replace the content of {name!r}: the benchmark only "
            "fills databases whose name starts with cep_bench_pages."
        )
    sizes = SIZES[size]
    writer = Writer(seed)
    rng = writer.random
    now = datetime.now(UTC)
    with transaction.atomic(), connection.cursor() as cursor:
        # Foreign keys are checked as each COPY ends rather than at commit:
        # an index cannot be built while checks are still pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(CONTENT_TABLES)} RESTART IDENTITY CASCADE")
        cursor.execute(f"DROP TABLE IF EXISTS {MARKER_TABLE}")
        indexes = _secondary_indexes(cursor, CONTENT_TABLES)
        for index_name, _ in indexes:
            cursor.execute(f'DROP INDEX "{index_name}"')

        def status_and_date(moment):
            roll = rng.random()
            if roll < 0.02:
                return Status.DRAFT, moment
            if roll < 0.03:
                return Status.PUBLISHED, now + timedelta(days=rng.randint(1, 60))
            return Status.PUBLISHED, moment

        # Organisations: the real ones first, then made-up ones.
        organizations = list(REAL_ORGANIZATIONS[: sizes.organizations])
        names = {org[0] for org in organizations}
        while len(organizations) < sizes.organizations:
            core = rng.choice(ORG_CORES)
            org_name = f"{rng.choice(ORG_PREFIXES)} {core}"
            if len(organizations) > 150:
                org_name += f" {rng.choice(CITIES)}"
            if org_name in names:
                continue
            names.add(org_name)
            short = "".join(w[0] for w in org_name.replace("al-", "").split())
            aliases = "\n".join({org_name.replace("'", ""), org_name.replace("-", " ")})
            organizations.append((org_name, short.upper()[:6], aliases))
        writer.organizations = organizations

        people = []
        names = set()
        while len(people) < sizes.people:
            person_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            if person_name in names:
                person_name += f" {rng.choice(SURNAMES)}"
                if person_name in names:
                    continue
            names.add(person_name)
            organization = min(int(rng.paretovariate(0.7)) - 1, len(organizations) - 1)
            people.append(
                (person_name, person_name.replace("al-", "al "), organization)
            )
        writer.people = people

        # Resources: a page for the busiest organisations and people, every
        # country, then topics and reports.
        resources = []
        profiled_orgs = list(range(min(len(organizations), sizes.resources // 5)))
        profiled_people = list(range(min(len(people), sizes.resources // 5)))
        resources += [("group", organizations[i][0]) for i in profiled_orgs]
        resources += [("person", people[i][0]) for i in profiled_people]
        resources += [("country", c) for c in COUNTRIES][: sizes.resources // 10]
        while len(resources) < sizes.resources:
            kind = rng.choice(["topic", "report", "report"])
            title = writer.fill(
                rng.choice(
                    [
                        "{org} in {country}",
                        "Extremist Financing in {country}",
                        "{city}: Attacks and Arrests",
                        "Online Propaganda of {org}",
                        "Foreign Fighters from {country}",
                    ]
                )
            )
            resources.append((kind, f"{title} ({len(resources) + 1})"))
        org_profile = {i: n + 1 for n, i in enumerate(profiled_orgs)}
        person_profile = {
            i: len(profiled_orgs) + n + 1 for n, i in enumerate(profiled_people)
        }

        progress(f"  resources {len(resources):,}")
        copier = _Copier(
            cursor,
            "resources_resource",
            ["id", "title", "slug", "kind", "summary", "body", "image", "image_alt",
             "image_credit", "featured", "status", "publish_at", "created_at",
             "updated_at"],
        )  # fmt: skip

        def resource_rows():
            for n, (kind, title) in enumerate(resources, 1):
                status, publish_at = status_and_date(
                    now - timedelta(days=rng.randint(1, 3000))
                )
                yield (
                    n, title, f"{slugify(title)[:180]}-{n}", kind, writer.summary(),
                    writer.press_body(), "", "", "", n % 97 == 1, status, publish_at,
                    now, now,
                )  # fmt: skip

        copier.write(resource_rows())

        progress(f"  organisations {len(organizations):,}, people {len(people):,}")
        _Copier(
            cursor,
            "resources_organization",
            ["id", "name", "short_name", "slug", "aliases", "profile_id"],
        ).write(
            (i + 1, org_name, short, f"{slugify(org_name)}-{i + 1}", aliases,
             org_profile.get(i))
            for i, (org_name, short, aliases) in enumerate(organizations)
        )  # fmt: skip
        _Copier(
            cursor,
            "resources_person",
            ["id", "name", "slug", "aliases", "organization_id", "profile_id"],
        ).write(
            (i + 1, person_name, f"{slugify(person_name)}-{i + 1}", alias, org + 1,
             person_profile.get(i))
            for i, (person_name, alias, org) in enumerate(people)
        )  # fmt: skip

        progress(f"  quotes {sizes.quotes:,}")
        person_weights = _cumulative_zipf(len(people), 0.9)
        org_weights = _cumulative_zipf(len(organizations), 0.9)
        today = now.date()
        # The Daily Dose: one published quote a day for the last few years,
        # and a week scheduled ahead, as the editors keep it.
        dose_days = min(sizes.quotes // 4, 365 * 4)
        first_dose = today - timedelta(days=dose_days - 8)

        def quote_rows():
            dose_day = first_dose
            for n in range(1, sizes.quotes + 1):
                roll = rng.random()
                said_on = date(2001, 1, 1) + timedelta(days=rng.randrange(9000))
                precision = "day"
                if roll < 0.03:
                    precision, said_on = "year", said_on.replace(month=1, day=1)
                elif roll < 0.1:
                    precision, said_on = "month", said_on.replace(day=1)
                elif roll > 0.98:
                    said_on = None
                if roll < 0.1:
                    kind, person = "fact", None
                    org = rng.choices(
                        range(len(organizations)), cum_weights=org_weights
                    )[0]
                    text = f"{organizations[org][0]} {writer.paragraph(1, 2)}"
                else:
                    kind = "tweet" if roll > 0.9 else "quote"
                    person = rng.choices(
                        range(len(people)), cum_weights=person_weights
                    )[0]
                    org = people[person][2]
                    text = writer.quote_text()
                status, publish_at = status_and_date(
                    now
                    - timedelta(days=rng.randint(1, 3650), seconds=rng.randrange(86400))
                )
                featured_on = None
                context = writer.fill("In response to the strikes on {city}:")
                if (
                    status == Status.PUBLISHED
                    and n % 3 == 0
                    and dose_day <= today + timedelta(days=7)
                ):
                    featured_on = dose_day
                    dose_day += timedelta(days=1)
                    publish_at = min(
                        publish_at, datetime.combine(featured_on, time.min, UTC)
                    )
                yield (
                    n, kind, text, None if person is None else person + 1,
                    rng.choice(ROLES) if person is not None else "", org + 1,
                    context if roll < 0.25 else "",
                    said_on, precision,
                    f"{_sentence_case(rng.choice(OUTLETS))}, {writer.pick(CITIES)}",
                    f"https://archive.example.org/source/{n}", status, publish_at,
                    featured_on, now, now,
                )  # fmt: skip

        _Copier(
            cursor,
            "quotes_quote",
            ["id", "kind", "text", "person_id", "role", "organization_id", "context",
             "said_on", "said_on_precision", "source_title", "source_url", "status",
             "publish_at", "featured_on", "created_at", "updated_at"],
        ).write(quote_rows())  # fmt: skip

        progress(f"  press releases {sizes.press:,}")
        start = datetime(PRESS_FIRST_YEAR, 1, 1, 9, tzinfo=UTC)
        span = (now - start).total_seconds()

        def press_rows():
            for n in range(1, sizes.press + 1):
                moment = start + timedelta(seconds=span * (n - 1) / sizes.press)
                status, publish_at = status_and_date(moment)
                title = writer.press_title()
                yield (
                    n, title, f"{slugify(title)[:180]}-{n}", rng.choice(DATELINES),
                    writer.summary(), writer.press_body(), "", "", "",
                    "Media Relations", status, publish_at, now, now,
                )  # fmt: skip

        _Copier(
            cursor,
            "press_pressrelease",
            ["id", "title", "slug", "dateline", "summary", "body", "image",
             "image_alt", "image_caption", "author", "status", "publish_at",
             "created_at", "updated_at"],
        ).write(press_rows())  # fmt: skip

        progress("  links and tags")
        _Copier(
            cursor, "press_pressrelease_resources", ["pressrelease_id", "resource_id"]
        ).write(
            (n, resource)
            for n in range(1, sizes.press + 1)
            for resource in rng.sample(
                range(1, len(resources) + 1), rng.choice([0, 1, 1, 2, 3])
            )
        )

        tag_names = list(TOPIC_TAGS[: sizes.tags])
        seen = {slugify(t) for t in tag_names}
        for country in COUNTRIES + CITIES:
            if len(tag_names) >= sizes.tags:
                break
            if slugify(country) not in seen:
                seen.add(slugify(country))
                tag_names.append(country)
        for org_name, *_ in organizations:
            if len(tag_names) >= sizes.tags:
                break
            if slugify(org_name) not in seen:
                seen.add(slugify(org_name))
                tag_names.append(org_name)
        while len(tag_names) < sizes.tags:
            candidate = writer.fill(
                rng.choice(["{city} Attack {n}", "{country} Report {n}", "{org} {n}"])
            )
            if slugify(candidate) not in seen:
                seen.add(slugify(candidate))
                tag_names.append(candidate)
        _Copier(cursor, "taggit_tag", ["id", "name", "slug"]).write(
            (n, tag_name, slugify(tag_name)) for n, tag_name in enumerate(tag_names, 1)
        )
        tag_weights = _cumulative_zipf(len(tag_names), 1.0)
        tag_ids = range(1, len(tag_names) + 1)

        def tags_for(count):
            chosen = set()
            while len(chosen) < count:
                chosen.add(rng.choices(tag_ids, cum_weights=tag_weights)[0])
            return chosen

        content_types = ContentType.objects.get_for_models(
            PressRelease, Quote, Resource
        )
        plan = [
            (content_types[PressRelease], sizes.press, (1, 2, 3, 4)),
            (content_types[Quote], sizes.quotes, (0, 1, 1, 2, 3)),
            (content_types[Resource], len(resources), (1, 2, 3, 4, 5)),
        ]

        def tagged_rows():
            for content_type, count, choices in plan:
                for object_id in range(1, count + 1):
                    for tag_id in tags_for(rng.choice(choices)):
                        yield (content_type.pk, object_id, tag_id)

        _Copier(
            cursor, "taggit_taggeditem", ["content_type_id", "object_id", "tag_id"]
        ).write(tagged_rows())

        progress(f"  indexes ({len(indexes)})")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        models = [Resource, Organization, Person, Quote, PressRelease, Tag, TaggedItem]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        cursor.execute(f"CREATE TABLE {MARKER_TABLE} (size text, version integer)")
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} VALUES (%s, %s)", [size, GENERATOR_VERSION]
        )
    with connection.cursor() as cursor:
        for table in CONTENT_TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
