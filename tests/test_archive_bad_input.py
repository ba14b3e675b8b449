"""Whatever arrives in the archive's query string, the reader gets a page."""

from datetime import date
from urllib.parse import quote as percent_encode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cepsite.dates import Precision
from tests.factories import make_organization, make_person, make_quote

pytestmark = pytest.mark.django_db

ARCHIVE = reverse("quotes:archive")
PARAMETERS = ["q", "organization", "person", "kind", "tag", "from", "to", "page"]

# Requests only read, so one set of rows can serve every generated example.
EXAMPLES = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

plausible = st.sampled_from(
    [
        "",
        " ",
        "kataib-hezbollah",
        "Kata'ib Hezbollah",
        "quote",
        "fact",
        "FACT",
        "2023",
        "2023-03",
        "2023-03-12",
        "2023-02-29",
        "2024-02-29",
        "0000",
        "0001-01-01",
        "9999",
        "9999-12-31",
        "99999",
        "2023-3",
        "٢٠٢٣",
        "-1",
        "0",
        "1e9",
        "9" * 400,
        "%",
        "_",
        '"',
        '""',
        "' OR 1=1 --",
        "\\",
        "<script>alert(1)</script>",
    ]
)
arbitrary = st.text(max_size=300)
# Hypothesis will not draw 10 KB directly, so a short draw is repeated to size.
huge = st.text(min_size=1, max_size=40).map(
    lambda chunk: (chunk * (10_240 // len(chunk) + 1))[:10_240]
)
odd_unicode = st.text(
    alphabet=st.characters(
        categories=["Cc", "Cf", "Co", "Mn", "Zl", "Zp", "Zs", "So"],
        include_characters="\x00\ufeff\u202e\ufffd\U0001f4a5",
    ),
    max_size=50,
)
values = st.one_of(plausible, arbitrary, odd_unicode, huge)
queries = st.dictionaries(st.sampled_from(PARAMETERS), values, max_size=len(PARAMETERS))


@pytest.fixture
def archive_rows():
    kh = make_organization(name="Kata'ib Hezbollah", slug="kataib-hezbollah")
    person = make_person(name="Abu Ali al-Askari", organization=kh)
    make_quote(organization=kh, person=person, tags=["iraq"])
    make_quote(said_on=date(2023, 1, 1), said_on_precision=Precision.YEAR)
    make_quote(kind="fact", said_on=None)


@EXAMPLES
@given(params=queries)
def test_any_parameter_values_give_a_page_never_a_server_error(
    client, archive_rows, params
):
    response = client.get(ARCHIVE, params)

    assert response.status_code in (200, 400)


@EXAMPLES
@given(raw=st.binary(max_size=200), name=st.sampled_from(PARAMETERS))
def test_undecodable_bytes_in_the_query_string_give_a_page(
    client, archive_rows, raw, name
):
    response = client.get(f"{ARCHIVE}?{name}={percent_encode(raw)}")

    assert response.status_code in (200, 400)


@EXAMPLES
@given(params=st.lists(st.tuples(st.sampled_from(PARAMETERS), values), max_size=6))
def test_repeated_parameters_give_a_page(client, archive_rows, params):
    query = "&".join(f"{name}={percent_encode(value)}" for name, value in params)

    response = client.get(f"{ARCHIVE}?{query}")

    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00"},
        {"organization": "kh\x00"},
        {"from": "2023\x00"},
        {"q": "x" * 10_240},
        {"tag": "ا" * 10_240},
        {"page": "9" * 10_000},
    ],
)
def test_known_troublemakers_give_a_page(client, archive_rows, params):
    response = client.get(ARCHIVE, params)

    assert response.status_code in (200, 400)
