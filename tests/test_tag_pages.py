import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_press_release, make_quote, make_resource

pytestmark = pytest.mark.django_db


def sections(response):
    return {section.key: section for section in response.context["sections"]}


def test_tag_page_lists_press_quotes_and_resources_with_counts(client):
    make_press_release(title="ISIS release", tags=["ISIS"])
    make_press_release(title="Another ISIS release", tags=["ISIS"])
    make_quote(text="ISIS words", tags=["ISIS"])
    make_resource(title="ISIS profile", tags=["ISIS"])
    make_press_release(title="Other release", tags=["Iran"])
    response = client.get("/tags/isis/")
    assert response.status_code == 200
    found = sections(response)
    assert (found["press"].count, found["quotes"].count, found["resources"].count) == (
        2,
        1,
        1,
    )
    html = response.content.decode()
    assert "<h1>Tagged “ISIS”</h1>" in html
    for text in ("ISIS release", "ISIS words", "ISIS profile"):
        assert text in html
    assert "Other release" not in html


def test_tag_page_links_to_every_full_list(client):
    make_press_release(tags=["isis"])
    make_quote(tags=["isis"])
    make_resource(tags=["isis"])
    html = client.get("/tags/isis/").content.decode()
    assert 'href="/press/?tag=isis"' in html
    assert 'href="/quotes/?tag=isis"' in html
    assert 'href="/resources/?tag=isis"' in html


def test_tag_page_shows_at_most_ten_of_each_but_counts_all(client):
    for _ in range(12):
        make_press_release(tags=["isis"])
    found = sections(client.get("/tags/isis/"))
    assert len(found["press"].items) == 10
    assert found["press"].count == 12


def test_sections_with_nothing_are_left_out(client):
    make_resource(title="Only a resource", tags=["iraq"])
    html = client.get("/tags/iraq/").content.decode()
    assert "Press releases" not in html.split("<main", 1)[1].split("</main>")[0]
    assert "Only a resource" in html


def test_unknown_tag_is_404(client):
    assert client.get("/tags/no-such-tag/").status_code == 404


def test_tag_with_only_drafts_and_scheduled_items_is_404(client):
    make_press_release(tags=["secret"], status="draft")
    make_resource(tags=["secret"], status="draft")
    from datetime import timedelta

    from django.utils import timezone

    make_quote(tags=["secret"], publish_at=timezone.now() + timedelta(days=1))
    assert client.get("/tags/secret/").status_code == 404


def test_unicode_tag_has_a_page_at_its_transliterated_slug(client):
    make_press_release(title="بيان", tags=["الدولة الإسلامية"])
    response = client.get("/tags/ldwl-lslmy/")
    assert response.status_code == 200
    assert "بيان" in response.content.decode()


def test_tag_page_query_count_is_fixed(client, django_assert_max_num_queries):
    make_press_release(tags=["isis", "iraq"])
    make_quote(tags=["isis"])
    make_resource(tags=["isis"])
    with CaptureQueriesContext(connection) as few:
        client.get("/tags/isis/")
    for n in range(60):
        make_press_release(tags=["isis", f"p{n}", f"q{n}"])
        make_quote(tags=["isis", f"p{n}"])
        make_resource(tags=["isis", f"r{n}"])
    with django_assert_max_num_queries(9):
        response = client.get("/tags/isis/")
    assert sections(response)["quotes"].count == 61
    with CaptureQueriesContext(connection) as many:
        client.get("/tags/isis/")
    assert len(many) == len(few)
