"""
A tag page counts each kind of content up to a cap, then says "more than":
an exact count over the busiest tag's rows cost most of the page.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cepsite.site import tags
from tests.factories import make_press_release, make_quote

pytestmark = pytest.mark.django_db


@pytest.fixture
def cap_of_five(monkeypatch):
    monkeypatch.setattr(tags, "COUNT_LIMIT", 5)


def _sections(response):
    return {section.key: section for section in response.context["sections"]}


@pytest.mark.usefixtures("cap_of_five")
def test_a_section_past_the_cap_says_more_than(client):
    for _ in range(7):
        make_press_release(tags=["isis"])
    make_quote(tags=["isis"])
    response = client.get("/tags/isis/")
    press = _sections(response)["press"]
    assert (press.count, press.is_capped) == (5, True)
    html = response.content.decode()
    assert "Press releases (more than 5)" in html
    assert '<span class="count">(more than 5)</span>' in html
    assert ">See all press releases tagged “isis”</a>" in html
    # The quotes are counted exactly, under the cap.
    assert "Their words (1)" in html
    assert ">See all 1 their words tagged “isis”</a>" in html


@pytest.mark.usefixtures("cap_of_five")
def test_a_section_at_the_cap_is_counted_exactly(client):
    for _ in range(5):
        make_press_release(tags=["isis"])
    press = _sections(client.get("/tags/isis/"))["press"]
    assert (press.count, press.is_capped) == (5, False)


def test_every_count_on_a_tag_page_stops_at_the_cap(client):
    make_press_release(tags=["isis"])
    make_quote(tags=["isis"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/tags/isis/").status_code == 200
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 3
    assert all(f"LIMIT {tags.COUNT_LIMIT + 1}" in sql for sql in counts)
