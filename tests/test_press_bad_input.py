"""Whatever readers or robots put in the query string, pages answer sensibly."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_press_release

pytestmark = pytest.mark.django_db

ODD_VALUES = [
    "",
    "0",
    "-1",
    "99999",
    "1e3",
    "２０２３",  # full-width digits
    "2023\x00",
    "\x00",
    "x" * 10_000,
    "9" * 10_000,
    "٣",
    "NaN",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "\u202e2023",
    "\ud7ff\ufffd",
    "%00",
    "1.5",
]

# Text with the characters that break parsers: controls, NUL, right-to-left
# marks, full-width digits, emoji; sometimes very long.
odd_text = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.text(max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=3000),
)

hypothesis_settings = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture
def some_releases():
    for n in range(25):
        make_press_release(tags=["isis"] if n % 2 else ["iraq"])


@hypothesis_settings
@given(
    params=st.dictionaries(
        st.sampled_from(["year", "month", "tag", "page"]), odd_text, max_size=4
    )
)
def test_press_list_answers_any_parameters_without_a_server_error(
    client, some_releases, params
):
    response = client.get("/press/", params)
    assert response.status_code == 200
    assert b"<h1>" in response.content


@hypothesis_settings
@given(q=odd_text, page=odd_text, kind=st.sampled_from(["", "press", "quotes", "x"]))
def test_search_answers_any_query_without_a_server_error(
    client, some_releases, q, page, kind
):
    response = client.get("/search/", {"q": q, "page": page, "type": kind})
    assert response.status_code == 200
    assert b"<h1>" in response.content


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "twenty"}, "The year should be a number such as 2023."),
        ({"year": "1066"}, "Choose a year from 1900 on."),
        ({"year": "99999"}, "Choose a year up to 2200."),
        ({"year": "2023", "month": "13"}, "The month should be a number from 1 to 12."),
        ({"year": "2023", "month": "0"}, "The month should be a number from 1 to 12."),
        ({"year": "2023\x00"}, "The year should be a number such as 2023."),
        ({"tag": "t" * 10_000}, "That tag name is too long."),
        ({"tag": "isis\x00"}, "Null characters are not allowed."),
    ],
)
def test_bad_filters_explain_themselves(client, some_releases, params, message):
    response = client.get("/press/", params)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("page", "shown", "message"),
    [
        ("0", 1, "Page numbers start at 1; showing the first page."),
        ("-3", 1, "That page number was not understood; showing the first page."),
        ("two", 1, "That page number was not understood; showing the first page."),
        ("٢", 1, "That page number was not understood; showing the first page."),
        ("99999", 2, "There are only 2 pages; showing the last one."),
        ("9" * 10_000, 2, "There are only 2 pages; showing the last one."),
        ("last", 2, ""),
        ("2", 2, ""),
    ],
)
def test_bad_page_numbers_show_a_page_and_say_which(
    client, some_releases, page, shown, message
):
    response = client.get("/press/", {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    assert response.context["page_message"] == message


def test_page_past_the_end_of_an_empty_list_is_just_empty(client):
    response = client.get("/press/", {"page": "7"})
    assert response.status_code == 200
    assert response.context["page_message"] == ""
    assert "No press releases match." in response.content.decode()


def test_page_past_the_end_of_a_filtered_search_shows_the_last_page(
    client, some_releases
):
    response = client.get("/search/", {"q": "press", "type": "press", "page": "40"})
    assert response.context["page_obj"].number == 2
    assert "There are only 2 pages; showing the last one." in response.content.decode()
