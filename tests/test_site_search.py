import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cepsite.search import search_site
from tests.factories import (
    make_organization,
    make_person,
    make_press_release,
    make_quote,
    make_resource,
)

pytestmark = pytest.mark.django_db


def found(query):
    return {section.key: list(section.results) for section in search_site(query)}


def test_search_matches_titles_summaries_and_bodies_ignoring_case(client):
    by_title = make_press_release(title="Sanctions on Kata'ib Hezbollah")
    by_summary = make_press_release(summary="New SANCTIONS announced.")
    by_body = make_resource(body="<p>Calls for sanctions grew.</p>")
    make_press_release(title="Nothing to do with it")
    results = found("sanctions")
    assert set(results["press"]) == {by_title, by_summary}
    assert results["resources"] == [by_body]


def test_search_finds_quotes_by_text_and_by_speaker_alias(client):
    kh = make_organization(name="Kata'ib Hezbollah", aliases="Hezbollah Brigades")
    said = make_quote(text="We will strike the occupiers.")
    by_alias = make_quote(text="Unrelated words.", organization=kh)
    assert found("occupiers")["quotes"] == [said]
    assert found("hezbollah brigades")["quotes"] == [by_alias]


def test_search_finds_a_resource_by_the_aliases_of_whom_it_profiles(client):
    page = make_resource(title="ISIS", kind="group", body="<p>A group.</p>")
    make_organization(name="Islamic State", aliases="Daesh\nISIL", profile=page)
    person_page = make_resource(title="Al-Baghdadi", kind="person")
    make_person(
        name="Abu Bakr al-Baghdadi", aliases="Ibrahim Awad", profile=person_page
    )
    assert found("daesh")["resources"] == [page]
    assert found("ibrahim awad")["resources"] == [person_page]


def test_every_word_must_match_somewhere(client):
    both = make_press_release(title="Iraq", summary="Militias expanded.")
    make_press_release(title="Iraq elections")
    assert found("iraq militias")["press"] == [both]


def test_empty_query_finds_nothing(client):
    make_press_release(title="Anything")
    assert found("   ") == {"press": [], "quotes": [], "resources": []}


def test_search_page_groups_results_by_type_with_counts(client):
    for n in range(7):
        make_press_release(title=f"Hezbollah statement {n}")
    make_quote(text="Hezbollah will answer.")
    response = client.get("/search/?q=hezbollah")
    assert response.status_code == 200
    groups = {group["key"]: group for group in response.context["sections"]}
    assert groups["press"]["count"] == 7
    assert len(groups["press"]["results"]) == 5
    assert groups["quotes"]["count"] == 1
    assert groups["resources"]["count"] == 0
    html = response.content.decode()
    assert "8 results" in html
    assert 'href="?q=hezbollah&amp;type=press">See all 7 press releases' in html


def test_one_type_of_result_is_paginated(client):
    for n in range(25):
        make_press_release(title=f"Hezbollah statement {n}")
    first = client.get("/search/?q=hezbollah&type=press")
    second = client.get("/search/?q=hezbollah&type=press&page=2")
    assert len(first.context["page_obj"].object_list) == 20
    assert len(second.context["page_obj"].object_list) == 5
    assert 'href="?q=hezbollah&amp;type=press&amp;page=2"' in first.content.decode()


def test_search_box_keeps_the_query(client):
    html = client.get("/search/?q=al-Askari").content.decode()
    assert 'value="al-Askari"' in html
    assert "<h1>Search results for “al-Askari”</h1>" in html


def test_search_page_without_query_invites_a_search(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "<h1>Search</h1>" in response.content.decode()


def test_overlong_query_is_refused_with_a_message(client):
    response = client.get("/search/", {"q": "x" * 201})
    assert response.status_code == 200
    assert "Search for at most 200 characters, please." in response.content.decode()


def test_search_query_count_is_fixed(client, django_assert_max_num_queries):
    kh = make_organization(name="Hezbollah")
    make_press_release(title="Hezbollah", tags=["a"])
    make_quote(text="Hezbollah", organization=kh)
    make_resource(title="Hezbollah")
    with CaptureQueriesContext(connection) as few:
        client.get("/search/?q=hezbollah")
    for n in range(60):
        make_press_release(title=f"Hezbollah {n}", tags=[f"t{n}", "a"])
        make_quote(text=f"Hezbollah {n}", organization=kh, person=make_person())
        make_resource(title=f"Hezbollah {n}", tags=[f"t{n}"])
    with django_assert_max_num_queries(7):
        client.get("/search/?q=hezbollah")
    with CaptureQueriesContext(connection) as many:
        client.get("/search/?q=hezbollah")
    assert len(many) == len(few)
    with django_assert_max_num_queries(3):
        response = client.get("/search/?q=hezbollah&type=quotes")
    assert len(response.context["page_obj"].object_list) == 20
