import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quotes.speakers import quotes_for_resource
from tests.factories import (
    make_organization,
    make_person,
    make_press_release,
    make_quote,
    make_resource,
)

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_resource_list_groups_by_kind_in_kind_order(client):
    make_resource(title="ISIS", kind="group")
    make_resource(title="Iraq", kind="country")
    make_resource(title="Al-Baghdadi", kind="person")
    make_resource(title="Syria", kind="country")
    response = client.get("/resources/")
    groups = [
        (label, [r.title for r in items]) for label, items in response.context["groups"]
    ]
    assert groups == [
        ("Country", ["Iraq", "Syria"]),
        ("Group", ["ISIS"]),
        ("Person", ["Al-Baghdadi"]),
    ]
    html = response.content.decode()
    assert html.index(">Country</h2>") < html.index(">Group</h2>")


def test_resource_list_filters_by_tag(client):
    make_resource(title="Iraq", tags=["isis"])
    make_resource(title="Iran", tags=["irgc"])
    response = client.get("/resources/?tag=isis")
    titles = [r.title for _, items in response.context["groups"] for r in items]
    assert titles == ["Iraq"]
    assert "Resources tagged “isis”" in response.content.decode()


def test_resource_list_unknown_tag_is_empty_with_a_message(client):
    make_resource(title="Iraq")
    response = client.get("/resources/?tag=nothing-here")
    assert response.status_code == 200
    assert response.context["groups"] == []
    assert "No resource is tagged “nothing-here”" in response.content.decode()


def test_resource_detail_shows_body_image_and_credit(client):
    resource = make_resource(
        title="Iraq",
        body="<p>Iraq has faced <strong>insurgency</strong>.</p>",
        image="resources/2023/iraq.jpg",
        image_alt="Map of Iraq",
        image_credit="Photo: Wikimedia Commons",
    )
    html = client.get(resource.get_absolute_url()).content.decode()
    assert "<p>Iraq has faced <strong>insurgency</strong>.</p>" in html
    assert 'alt="Map of Iraq"' in html
    assert "Photo: Wikimedia Commons" in html


def test_group_resource_shows_the_organisations_latest_quotes(client):
    page = make_resource(title="Kata'ib Hezbollah", kind="group")
    kh = make_organization(name="Kata'ib Hezbollah", slug="kh", profile=page)
    other = make_organization(name="Someone else")
    for n in range(7):
        make_quote(
            text=f"KH words {n}",
            organization=kh,
            said_on=datetime.date(2020 + n % 4, 1 + n, 1),
        )
    make_quote(text="Draft words", organization=kh, status="draft")
    make_quote(text="Not theirs", organization=other)
    response = client.get(page.get_absolute_url())
    quotes = response.context["speaker_quotes"].quotes
    assert len(quotes) == 5
    assert [q.said_on for q in quotes] == sorted(
        (q.said_on for q in quotes), reverse=True
    )
    html = response.content.decode()
    assert "Draft words" not in html
    assert "Not theirs" not in html
    assert 'href="/quotes/?organization=kh"' in html


def test_group_resource_lists_the_words_of_all_its_organisations_in_archive_order():
    page = make_resource(title="Islamic State", kind="group")
    isis = make_organization(name="ISIS", slug="isis", profile=page)
    isil = make_organization(name="ISIL", slug="isil", profile=page)
    speaker = make_person(name="Abu Muhammad", organization=isis)
    newest = make_quote(
        text="Newest", organization=isil, said_on=datetime.date(2024, 5, 1)
    )
    older = make_quote(
        text="Older",
        organization=isis,
        person=speaker,
        said_on=datetime.date(2019, 2, 3),
    )
    undated = make_quote(text="Undated", organization=isis, said_on=None)
    make_quote(
        text="Scheduled",
        organization=isis,
        said_on=datetime.date(2025, 1, 1),
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )

    with CaptureQueriesContext(connection) as queries:
        found = quotes_for_resource(page)
        attributions = [quote.attribution for quote in found.quotes]
    assert [quote.pk for quote in found.quotes] == [newest.pk, older.pk, undated.pk]
    assert attributions == ["ISIL", "Abu Muhammad, ISIS", "ISIS"]
    # The speakers, then their words with person and organisation.
    assert len(queries) == 2
    assert found.archive_links == [
        ("ISIL", "/quotes/?organization=isil"),
        ("ISIS", "/quotes/?organization=isis"),
    ]


def test_person_resource_shows_the_persons_quotes_and_archive_link(client):
    page = make_resource(title="Abu Ali al-Askari", kind="person")
    person = make_person(name="Abu Ali al-Askari", slug="abu-ali", profile=page)
    make_quote(text="His words", person=person)
    html = client.get(page.get_absolute_url()).content.decode()
    assert "His words" in html
    assert 'href="/quotes/?person=abu-ali"' in html


def test_country_resource_has_no_quotes_section(client):
    page = make_resource(title="Iraq", kind="country")
    make_organization(profile=page)
    response = client.get(page.get_absolute_url())
    assert not response.context["speaker_quotes"]
    assert "In their own words" not in response.content.decode()


def test_resource_shows_press_linking_to_it_first_then_sharing_tags(client):
    page = make_resource(title="Iraq", tags=["iraq", "isis"])
    linking = make_press_release(
        title="Links here", resources=[page], publish_at=days_ago(30)
    )
    both_tags = make_press_release(
        title="Both tags", tags=["iraq", "isis"], publish_at=days_ago(20)
    )
    one_tag = make_press_release(title="One tag", tags=["isis"], publish_at=days_ago(1))
    make_press_release(title="Unrelated", tags=["syria"])
    make_press_release(title="Draft link", resources=[page], status="draft")
    response = client.get(page.get_absolute_url())
    assert response.context["related_press"] == [linking, both_tags, one_tag]


def test_resource_press_linking_to_it_ranks_by_shared_tags_and_fills_the_list(client):
    page = make_resource(title="Iraq", tags=["iraq", "isis"])
    old_sharing_both = make_press_release(
        title="Links, both tags",
        resources=[page],
        tags=["iraq", "isis"],
        publish_at=days_ago(300),
    )
    linking = [
        make_press_release(
            title=f"Links {n}",
            resources=[page],
            tags=["iraq"] if n % 2 else [],
            publish_at=days_ago(n + 1),
        )
        for n in range(6)
    ]
    make_press_release(title="Both tags, no link", tags=["iraq", "isis"])
    response = client.get(page.get_absolute_url())
    # Five places, all taken by linking releases: the one sharing both tags,
    # then those sharing one, newest first, then the newest sharing none.
    assert response.context["related_press"] == [
        old_sharing_both,
        linking[1],
        linking[3],
        linking[5],
        linking[0],
    ]
    assert [release.shared_tags for release in response.context["related_press"]] == [
        2,
        1,
        1,
        1,
        0,
    ]


def test_resource_press_counts_only_published_links_before_leaving_sharing_out(
    client,
):
    page = make_resource(title="Iraq", tags=["iraq"])
    linking = [
        make_press_release(resources=[page], publish_at=days_ago(n + 10))
        for n in range(4)
    ]
    make_press_release(title="Draft link", resources=[page], status="draft")
    make_press_release(
        title="Scheduled link", resources=[page], publish_at=days_ago(-3)
    )
    sharing = make_press_release(title="Shares", tags=["iraq"], publish_at=days_ago(1))
    response = client.get(page.get_absolute_url())
    # Four published links leave a fifth place, which a sharing release takes.
    assert response.context["related_press"] == [*linking, sharing]


def test_resource_press_linking_and_sharing_is_listed_once(client):
    page = make_resource(title="Iraq", tags=["iraq", "isis"])
    linking = make_press_release(
        title="Links and shares",
        resources=[page],
        tags=["iraq", "isis"],
        publish_at=days_ago(5),
    )
    newer = make_press_release(
        title="Shares one", tags=["isis"], publish_at=days_ago(1)
    )
    response = client.get(page.get_absolute_url())
    assert response.context["related_press"] == [linking, newer]


def test_resource_without_tags_lists_only_linking_press(client):
    page = make_resource(title="Iraq")
    linking = make_press_release(resources=[page])
    make_press_release(tags=["iraq"])
    response = client.get(page.get_absolute_url())
    assert response.context["related_press"] == [linking]


def test_unknown_resource_is_404(client):
    assert client.get("/resources/nowhere/").status_code == 404


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_resource_list_query_count_is_fixed(client, django_assert_max_num_queries):
    make_resource(tags=["a", "b"])
    few = _count_queries(client, "/resources/?tag=a")
    for n in range(60):
        make_resource(kind=["country", "group", "person"][n % 3], tags=["a", f"t{n}"])
    with django_assert_max_num_queries(3):
        response = client.get("/resources/?tag=a")
    assert sum(len(items) for _, items in response.context["groups"]) == 61
    assert _count_queries(client, "/resources/?tag=a") == few


def test_resource_detail_query_count_is_fixed(client, django_assert_max_num_queries):
    page = make_resource(kind="group", tags=[f"t{n}" for n in range(10)])
    organization = make_organization(profile=page)
    make_quote(organization=organization)
    make_press_release(resources=[page], tags=["t1"])
    few = _count_queries(client, page.get_absolute_url())
    for extra in range(3):
        make_organization(profile=page, name=f"Alias organisation {extra}")
    for n in range(60):
        make_quote(organization=organization, tags=["t1", "t2"])
        make_press_release(resources=[page] if n % 2 else [], tags=[f"t{n % 10}"])
    # The resource, its tags, its organisations, their quotes, related
    # press, its corrections, the Daily Dose.
    with django_assert_max_num_queries(7):
        client.get(page.get_absolute_url())
    assert _count_queries(client, page.get_absolute_url()) == few
