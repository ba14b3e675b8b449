import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_press_release, make_resource

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")


def at(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=NEW_YORK)


def titles(response):
    return [release.title for release in response.context["releases"]]


def test_press_list_shows_newest_first(client):
    make_press_release(title="Older", publish_at=at(2023, 1, 5))
    make_press_release(title="Newer", publish_at=at(2023, 6, 5))
    response = client.get("/press/")
    assert response.status_code == 200
    assert titles(response) == ["Newer", "Older"]


def test_press_list_pages_hold_twenty_releases(client):
    for day in range(1, 26):
        make_press_release(publish_at=at(2022, 3, day))
    first = client.get("/press/")
    second = client.get("/press/?page=2")
    assert len(first.context["releases"]) == 20
    assert len(second.context["releases"]) == 5


def test_pagination_links_keep_the_other_filters(client):
    for day in range(1, 26):
        make_press_release(publish_at=at(2022, 3, day), tags=["isis"])
    response = client.get("/press/?tag=isis&year=2022")
    html = response.content.decode()
    next_links = re.findall(r'href="([^"]*)" rel="next"', html)
    assert next_links == ["?tag=isis&amp;year=2022&amp;page=2"]


def test_press_list_filters_by_year_and_month(client):
    make_press_release(title="December 2021", publish_at=at(2021, 12, 10))
    make_press_release(title="November 2021", publish_at=at(2021, 11, 10))
    make_press_release(title="December 2022", publish_at=at(2022, 12, 10))
    assert titles(client.get("/press/?year=2021&month=12")) == ["December 2021"]
    assert titles(client.get("/press/?year=2021")) == [
        "December 2021",
        "November 2021",
    ]


def test_year_filter_follows_the_new_york_calendar(client):
    # 11 p.m. on New Year's Eve in New York is already January in UTC.
    make_press_release(title="New Year's Eve", publish_at=at(2021, 12, 31, 23))
    assert titles(client.get("/press/?year=2021&month=12")) == ["New Year's Eve"]
    assert titles(client.get("/press/?year=2022")) == []


def test_press_list_filters_by_tag(client):
    make_press_release(title="About ISIS", tags=["ISIS"])
    make_press_release(title="About Iran", tags=["Iran"])
    response = client.get("/press/?tag=isis")
    assert titles(response) == ["About ISIS"]
    assert "Press releases tagged “ISIS”" in response.content.decode()


def test_unknown_tag_gives_an_empty_list_and_says_so(client):
    make_press_release(tags=["isis"])
    response = client.get("/press/?tag=no-such-tag")
    assert response.status_code == 200
    assert titles(response) == []
    assert "No press release is tagged “no-such-tag”" in response.content.decode()


def test_unparseable_year_is_reported_and_ignored(client):
    make_press_release(title="Still listed")
    response = client.get("/press/?year=last-year")
    assert response.status_code == 200
    assert "The year should be a number such as 2023." in response.content.decode()
    assert titles(response) == ["Still listed"]


def test_month_without_a_year_asks_for_the_year(client):
    make_press_release()
    response = client.get("/press/?month=3")
    assert "Choose a year as well as a month." in response.content.decode()


def test_archive_lists_years_and_months_with_counts_in_one_query(client):
    make_press_release(publish_at=at(2021, 12, 1))
    make_press_release(publish_at=at(2021, 12, 2))
    make_press_release(publish_at=at(2021, 3, 2))
    make_press_release(publish_at=at(2023, 5, 2))
    make_press_release(publish_at=at(2024, 5, 2), status="draft")
    response = client.get("/press/")
    archive = response.context["archive"]
    assert [(y["year"], y["count"]) for y in archive] == [(2023, 1), (2021, 3)]
    assert [(m["name"], m["count"]) for m in archive[1]["months"]] == [
        ("December", 2),
        ("March", 1),
    ]
    assert 'href="/press/?year=2021&amp;month=12"' in response.content.decode()


def test_detail_opens_the_body_with_the_dateline(client):
    release = make_press_release(
        title="Statement",
        dateline="New York, N.Y.",
        publish_at=at(2023, 3, 3),
        body="<p>CEP today condemned the attack.</p>",
    )
    response = client.get(release.get_absolute_url())
    html = response.content.decode()
    assert (
        '<p><span class="dateline">(New York, N.Y.) — March 3, 2023 — </span>'
        "CEP today condemned the attack.</p>"
    ) in html


def test_dateline_is_escaped(client):
    release = make_press_release(dateline="<script>alert(1)</script>")
    html = client.get(release.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "(&lt;script&gt;alert(1)&lt;/script&gt;)" in html


def test_dateline_backslashes_are_printed_as_typed(client):
    release = make_press_release(dateline=r"Kabul \1 \g<0>", body="<p>Text.</p>")
    html = client.get(release.get_absolute_url()).content.decode()
    assert r"(Kabul \1 \g&lt;0&gt;) — " in html


def test_body_not_opening_with_a_paragraph_gets_the_dateline_above_it(client):
    release = make_press_release(
        dateline="Berlin", publish_at=at(2024, 2, 1), body="<h2>Findings</h2>"
    )
    html = client.get(release.get_absolute_url()).content.decode()
    assert (
        '<p><span class="dateline">(Berlin) — February 1, 2024 — </span></p>'
        "<h2>Findings</h2>"
    ) in html


def test_detail_shows_lead_image_with_caption(client):
    release = make_press_release(
        image="press/2023/lead.jpg",
        image_alt="Fighters on a truck",
        image_caption="Fighters near Mosul, 2016.",
    )
    html = client.get(release.get_absolute_url()).content.decode()
    assert 'alt="Fighters on a truck"' in html
    assert "<figcaption>Fighters near Mosul, 2016.</figcaption>" in html


def test_detail_links_each_published_resource(client):
    iraq = make_resource(title="Iraq", slug="iraq")
    al_qaeda = make_resource(title="Al-Qaeda", slug="al-qaeda")
    hidden = make_resource(title="Secret draft", status="draft")
    later = make_resource(
        title="Not yet", publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    release = make_press_release(resources=[iraq, hidden, al_qaeda, later])
    html = client.get(release.get_absolute_url()).content.decode()
    assert "To read our resource Iraq, " in html
    assert 'href="/resources/iraq/">click here' in html
    assert html.index("resource Al-Qaeda") < html.index("resource Iraq")
    assert "Secret draft" not in html
    assert "Not yet" not in html


def test_detail_tags_link_to_tag_pages(client):
    release = make_press_release(tags=["Kata'ib Hezbollah"])
    html = client.get(release.get_absolute_url()).content.decode()
    assert 'href="/tags/kataib-hezbollah/"' in html


def test_detail_lists_its_own_tags_by_name(client):
    release = make_press_release(tags=["Syria", "Iraq", "ISIS"])
    make_press_release(tags=["Iran"])
    make_resource(tags=["Yemen"])
    response = client.get(release.get_absolute_url())
    assert [tag.name for tag in response.context["tags"]] == ["Iraq", "ISIS", "Syria"]
    html = response.content.decode()
    assert html.index('href="/tags/iraq/"') < html.index('href="/tags/syria/"')


def test_related_press_ranks_most_shared_tags_first_then_newest(client):
    release = make_press_release(tags=["iraq", "isis", "iran"])
    one_old = make_press_release(
        title="One tag, old", tags=["iraq"], publish_at=at(2020, 1, 1)
    )
    one_new = make_press_release(
        title="One tag, new", tags=["isis"], publish_at=at(2023, 1, 1)
    )
    two = make_press_release(
        title="Two tags", tags=["iraq", "iran"], publish_at=at(2019, 1, 1)
    )
    make_press_release(title="Unrelated", tags=["syria"])
    make_press_release(title="Draft sharing all", tags=["iraq", "isis"], status="draft")
    response = client.get(release.get_absolute_url())
    related = response.context["related_press"]
    assert related == [two, one_new, one_old]


def test_release_without_tags_has_no_related_press(client):
    release = make_press_release()
    make_press_release(tags=["iraq"])
    response = client.get(release.get_absolute_url())
    assert response.context["related_press"] == []
    assert "Related press" not in response.content.decode()


def test_detail_of_unknown_release_is_404(client):
    assert client.get("/press/no-such-release/").status_code == 404


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _many_releases(count, tags_each=6):
    tags = [f"tag-{n}" for n in range(20)]
    for n in range(count):
        make_press_release(
            tags=tags[n % 14 : n % 14 + tags_each],
            resources=[make_resource()] if n % 3 == 0 else [],
        )


def test_press_list_query_count_is_fixed(client, django_assert_max_num_queries):
    _many_releases(3)
    few = _query_count(client, "/press/?tag=tag-1")
    _many_releases(60)
    with django_assert_max_num_queries(8):
        response = client.get("/press/")
    assert len(response.context["releases"]) == 20
    assert _query_count(client, "/press/?tag=tag-1") == few


def test_press_detail_query_count_is_fixed(client, django_assert_max_num_queries):
    release = make_press_release(
        tags=[f"tag-{n}" for n in range(10)],
        resources=[make_resource() for _ in range(3)],
    )
    _many_releases(3)
    few = _query_count(client, release.get_absolute_url())
    release.resources.add(*[make_resource() for _ in range(50)])
    _many_releases(60)
    # The release, its tags, its resources, related press, its corrections,
    # the Daily Dose.
    with django_assert_max_num_queries(6):
        client.get(release.get_absolute_url())
    assert _query_count(client, release.get_absolute_url()) == few


def test_a_busy_tags_releases_are_listed_as_far_as_the_limit(client, monkeypatch):
    monkeypatch.setattr("press.views.TAG_LISTING_LIMIT", 3)
    for n in range(5):
        make_press_release(title=f"Busy {n}", tags=["isis"])

    response = client.get(reverse("press:list"), {"tag": "isis"})

    assert response.context["paginator"].count == 3
    assert len(response.context["releases"]) == 3
    assert "More than 3 press releases are tagged “isis”" in response.text
    few = client.get(reverse("press:list"), {"tag": "isis", "year": "1999"})
    assert "More than" not in few.text
