import datetime
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_press_release, make_quote, make_resource

pytestmark = pytest.mark.django_db


class PageOutline(HTMLParser):
    """Collects what the structure tests look at: tags, ids, labels, meta."""

    def __init__(self):
        super().__init__()
        self.tags = []
        self.ids = set()
        self.label_targets = set()
        self.controls = []
        self.meta = {}
        self.links = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "label" and "for" in attrs:
            self.label_targets.add(attrs["for"])
        if tag in {"input", "select", "textarea"} and attrs.get("type") != "hidden":
            self.controls.append(attrs)
        if tag == "meta":
            key = attrs.get("name") or attrs.get("property")
            if key:
                self.meta[key] = attrs.get("content")
        if tag == "link" and "rel" in attrs:
            self.links[attrs["rel"]] = attrs.get("href")

    def count(self, tag, **wanted):
        return sum(
            1
            for name, attrs in self.tags
            if name == tag and all(attrs.get(k) == v for k, v in wanted.items())
        )


def outline(response):
    parser = PageOutline()
    parser.feed(response.content.decode())
    return parser


def test_home_shows_latest_press_newest_first(client):
    make_press_release(
        title="Old news", publish_at=timezone.now() - datetime.timedelta(days=9)
    )
    make_press_release(
        title="Fresh news", publish_at=timezone.now() - datetime.timedelta(hours=2)
    )
    make_press_release(title="Unpublished news", status="draft")
    html = client.get("/").content.decode()
    assert html.index("Fresh news") < html.index("Old news")
    assert "Unpublished news" not in html


def test_home_shows_todays_daily_dose_with_an_archive_link(client):
    today = timezone.localdate()
    make_quote(text="Yesterday's words", featured_on=today - datetime.timedelta(days=1))
    make_quote(text="Today's words", featured_on=today)
    html = client.get("/").content.decode()
    assert "Today&#x27;s words" in html
    assert "Yesterday" not in html
    assert 'href="/daily-dose/">View archive' in html


def test_home_falls_back_to_the_latest_daily_dose_before_today(client):
    today = timezone.localdate()
    make_quote(text="Last week's words", featured_on=today - datetime.timedelta(days=7))
    make_quote(text="Two days ago", featured_on=today - datetime.timedelta(days=2))
    make_quote(text="Tomorrow's words", featured_on=today + datetime.timedelta(days=1))
    html = client.get("/").content.decode()
    assert "Two days ago" in html
    assert "Last week" not in html
    assert "Tomorrow" not in html


def test_home_shows_featured_resources_only(client):
    make_resource(title="Iraq", featured=True)
    make_resource(title="Obscure topic", featured=False)
    html = client.get("/").content.decode()
    assert "Iraq" in html
    assert "Obscure topic" not in html


def test_home_query_count_is_fixed(client, django_assert_max_num_queries):
    make_press_release(tags=["isis"])
    make_resource(featured=True)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(60):
        make_press_release(tags=[f"tag-{n % 7}", f"tag-{n % 5}"])
        make_resource(featured=True, tags=[f"tag-{n % 3}"])
    make_quote(featured_on=timezone.localdate())
    with django_assert_max_num_queries(4):
        response = client.get("/")
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)


@pytest.fixture
def pages(client):
    """One of each public page, as readers reach them."""
    today = timezone.localdate()
    resource = make_resource(title="ISIS", kind="group", tags=["isis"])
    release = make_press_release(tags=["isis"], resources=[resource])
    make_quote(featured_on=today, tags=["isis"])
    return [
        "/",
        "/press/",
        release.get_absolute_url(),
        "/resources/",
        resource.get_absolute_url(),
        "/tags/isis/",
        "/search/",
        "/search/?q=isis",
        "/search/?q=isis&type=press",
        "/no-such-page/",
    ]


def test_every_page_has_exactly_one_h1_and_the_landmarks(client, pages):
    for url in pages:
        page = outline(client.get(url))
        assert page.count("h1") == 1, url
        assert page.count("main", id="main") == 1, url
        assert page.count("header", **{"class": "site-header"}) == 1, url
        assert page.count("nav", **{"aria-label": "Main"}) == 1, url
        assert page.count("footer", **{"class": "site-footer"}) == 1, url
        assert page.count("a", href="#main") == 1, url


def test_every_form_control_has_a_label(client, pages):
    for url in pages:
        page = outline(client.get(url))
        assert page.controls, url
        for control in page.controls:
            assert control.get("id") in page.label_targets, (url, control)


def test_every_page_has_description_canonical_and_opengraph(client, pages):
    for url in pages:
        page = outline(client.get(url))
        assert page.meta.get("description"), url
        for key in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
            assert page.meta.get(key), (url, key)
        assert page.links["canonical"].startswith("http://testserver/"), url
        assert "?" not in page.links["canonical"], url


def test_press_release_page_describes_itself_to_sharers(client):
    release = make_press_release(
        title="Sanctions now", summary="CEP calls for sanctions."
    )
    page = outline(client.get(release.get_absolute_url()))
    assert page.meta["description"] == "CEP calls for sanctions."
    assert page.meta["og:title"] == "Sanctions now"
    assert page.meta["og:type"] == "article"
    assert page.links["canonical"] == f"http://testserver{release.get_absolute_url()}"


def test_main_navigation_offers_the_four_sections(client):
    html = client.get("/").content.decode()
    main_nav = html.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'href="([^"]+)"[^>]*>([^<]+)</a>', main_nav)
    assert links == [
        ("/press/", "Press"),
        ("/quotes/", "Their Words"),
        ("/resources/", "Resources"),
        ("/search/", "Search"),
    ]


def test_current_section_is_marked_in_the_navigation(client):
    html = client.get("/press/").content.decode()
    assert '<a href="/press/" aria-current="page">Press</a>' in html


def test_pages_say_noindex_when_the_site_is_not_indexable(client, settings):
    settings.SITE_INDEXABLE = False
    assert outline(client.get("/")).meta.get("robots") == "noindex"


def test_pages_carry_no_robots_meta_when_indexable(client, settings):
    settings.SITE_INDEXABLE = True
    assert "robots" not in outline(client.get("/")).meta


def test_staff_see_a_draft_banner_on_a_draft(staff_client):
    release = make_press_release(title="Work in progress", status="draft")
    html = staff_client.get(release.get_absolute_url()).content.decode()
    assert "Draft — not public" in html


def test_staff_see_when_a_scheduled_item_goes_public(staff_client):
    when = timezone.now() + datetime.timedelta(days=3)
    resource = make_resource(publish_at=when)
    html = staff_client.get(resource.get_absolute_url()).content.decode()
    label = f"Scheduled for {timezone.localtime(when):%-d %b. %Y, %H:%M}"
    assert label in html
    assert "not public yet" in html


def test_published_pages_have_no_banner_even_for_staff(staff_client):
    release = make_press_release()
    html = staff_client.get(release.get_absolute_url()).content.decode()
    assert "not public" not in html


def test_stylesheets_and_script_are_served_from_the_site(client):
    page = outline(client.get("/"))
    stylesheets = [
        a["href"] for t, a in page.tags if t == "link" and a.get("rel") == "stylesheet"
    ]
    # JSON-LD blocks are data, which browsers never run.
    code = [
        a
        for t, a in page.tags
        if t == "script" and a.get("type") != "application/ld+json"
    ]
    scripts = [a["src"] for a in code]
    assert stylesheets == ["/static/css/site.css", "/static/css/archive.css"]
    # early.js runs before the first paint so that nothing moves after it.
    assert scripts == ["/static/js/early.js", "/static/js/site.js"]
    assert all("src" in a for a in code)
