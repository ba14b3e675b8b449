"""JSON-LD, Highwire tags and social cards, read with real parsers."""

import io
from datetime import date, datetime
from html.parser import HTMLParser

import extruct
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from cepsite.dates import Precision
from quotes.models import Source
from resources.models import Resource
from tests.factories import (
    make_organization,
    make_person,
    make_press_release,
    make_quote,
    make_resource,
)

pytestmark = pytest.mark.django_db


class _Head(HTMLParser):
    """The page's ``<meta>`` tags and title."""

    def __init__(self):
        super().__init__()
        self.meta = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("name") or attrs.get("property")
            if key:
                self.meta.append((key, attrs.get("content", "")))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _json_ld(page):
    return extruct.extract(page, base_url="http://testserver/", syntaxes=["json-ld"])[
        "json-ld"
    ]


def _of_type(page, kind):
    found = [data for data in _json_ld(page) if data.get("@type") == kind]
    assert found, f"no {kind} in the page"
    return found[0]


def _head(page):
    parser = _Head()
    parser.feed(page)
    return parser


def _meta(page, key):
    return [content for name, content in _head(page).meta if name == key]


def _jpeg(color="red", size=(800, 400)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue())


@pytest.fixture
def quote():
    organization = make_organization(name="Kata'ib Hezbollah", short_name="KH")
    person = make_person(name="Abu Ali al-Askari", organization=organization)
    quote = make_quote(
        text="We will strike.",
        person=person,
        organization=organization,
        role="Security Official",
        said_on=date(2023, 3, 1),
        said_on_precision=Precision.MONTH,
    )
    Source.objects.create(
        quote=quote,
        publisher="Al-Manar",
        title="Statement",
        url="https://source.example/statement",
        published_on=date(2023, 3, 2),
    )
    return quote


def test_quote_page_is_a_quotation_with_creator_date_and_source(client, quote):
    page = _get(client, quote.get_absolute_url())

    data = _of_type(page, "Quotation")
    assert data["@context"] == "https://schema.org"
    assert data["text"] == "We will strike."
    assert data["creator"]["@type"] == "Person"
    assert data["creator"]["name"] == "Abu Ali al-Askari"
    assert data["creator"]["affiliation"] == {
        "@type": "Organization",
        "name": "Kata'ib Hezbollah",
        "alternateName": "KH",
    }
    assert data["dateCreated"] == "2023-03"
    assert data["isBasedOn"]["url"] == "https://source.example/statement"
    assert data["isBasedOn"]["publisher"]["name"] == "Al-Manar"
    assert data["url"] == f"http://testserver/quotes/{quote.pk}/"


def test_quote_page_has_breadcrumbs(client, quote):
    page = _get(client, quote.get_absolute_url())

    crumbs = _of_type(page, "BreadcrumbList")["itemListElement"]
    assert [crumb["item"] for crumb in crumbs] == [
        "http://testserver/",
        "http://testserver/quotes/",
        f"http://testserver/quotes/{quote.pk}/",
    ]
    assert [crumb["position"] for crumb in crumbs] == [1, 2, 3]


def test_quote_page_has_highwire_tags_and_publication_time(client, quote):
    page = _get(client, quote.get_absolute_url())

    assert _meta(page, "citation_title") == ["We will strike."]
    assert _meta(page, "citation_author") == ["Abu Ali al-Askari"]
    assert _meta(page, "citation_publication_date") == ["2023/03"]
    assert _meta(page, "citation_public_url") == [
        f"http://testserver/quotes/{quote.pk}/"
    ]
    assert _meta(page, "citation_publisher") == ["Counter Extremism Project"]
    (published,) = _meta(page, "article:published_time")
    assert datetime.fromisoformat(published) == quote.publish_at


def test_script_end_tag_in_the_words_cannot_leave_the_json_ld(client):
    words = "</script><script>alert(1)</script> & <!-- more"
    quote = make_quote(text=words)

    page = _get(client, quote.get_absolute_url())

    assert "</script><script>alert(1)" not in page
    assert _of_type(page, "Quotation")["text"] == words


def test_fact_is_a_creative_work_without_creator(client):
    fact = make_quote(kind="fact", text="The group claimed the attack.")

    data = _of_type(_get(client, fact.get_absolute_url()), "CreativeWork")

    assert "creator" not in data
    assert data["text"] == "The group claimed the attack."


def test_press_release_is_a_news_article(client):
    release = make_press_release(title="Iraq: militias threaten", author="Jane Doe")

    page = _get(client, release.get_absolute_url())

    data = _of_type(page, "NewsArticle")
    assert data["headline"] == "Iraq: militias threaten"
    assert data["author"] == {"@type": "Person", "name": "Jane Doe"}
    assert data["publisher"]["name"] == "Counter Extremism Project"
    assert data["datePublished"] == release.publish_at.isoformat()
    (published,) = _meta(page, "article:published_time")
    assert datetime.fromisoformat(published) == release.publish_at
    assert _meta(page, "citation_title") == ["Iraq: militias threaten"]
    assert _meta(page, "citation_author") == ["Jane Doe"]
    assert len(_of_type(page, "BreadcrumbList")["itemListElement"]) == 3


def test_press_seo_fields_lead_the_title_description_and_card(client):
    release = make_press_release(
        title="A long headline",
        seo_title="Short title",
        search_description="What search engines show.",
        image_alt="A picture",
    )
    release.image.save("lead.jpg", _jpeg("blue"))
    release.social_image.save("card.jpg", _jpeg("green"))

    page = _get(client, release.get_absolute_url())

    head = _head(page)
    assert head.title.startswith("Short title |")
    assert _meta(page, "description") == ["What search engines show."]
    assert _meta(page, "og:title") == ["Short title"]
    assert _meta(page, "og:description") == ["What search engines show."]
    (image,) = _meta(page, "og:image")
    assert image == f"http://testserver{release.social_image.url}"
    assert _of_type(page, "NewsArticle")["image"] == image


def test_press_without_seo_fields_falls_back_to_title_summary_and_lead_image(client):
    release = make_press_release(
        title="The headline", summary="The summary.", image_alt="A picture"
    )
    release.image.save("lead.jpg", _jpeg("blue"))

    page = _get(client, release.get_absolute_url())

    assert _head(page).title.startswith("The headline |")
    assert _meta(page, "description") == ["The summary."]
    assert _meta(page, "og:image") == [f"http://testserver{release.image.url}"]


def test_pages_without_an_image_show_the_default_card(client):
    release = make_press_release()

    page = _get(client, release.get_absolute_url())

    (image,) = _meta(page, "og:image")
    assert image == "http://testserver/static/img/social-default.png"
    assert _meta(page, "og:image:width") == ["1200"]
    assert _meta(page, "twitter:card") == ["summary_large_image"]
    response = client.get("/static/img/social-default.png")
    assert response.status_code == 200
    card = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert card.size == (1200, 630)


def test_resource_seo_fields_are_used(client):
    resource = make_resource(
        title="Iraq", seo_title="Iraq: extremism and counter-extremism"
    )
    resource.social_image.save("card.jpg", _jpeg())

    page = _get(client, resource.get_absolute_url())

    assert _meta(page, "og:title") == ["Iraq: extremism and counter-extremism"]
    assert _meta(page, "og:image") == [f"http://testserver{resource.social_image.url}"]
    assert _of_type(page, "Article")["headline"] == (
        "Iraq: extremism and counter-extremism"
    )
    assert _meta(page, "citation_title") == ["Iraq: extremism and counter-extremism"]
    assert _meta(page, "citation_public_url") == [
        f"http://testserver{resource.get_absolute_url()}"
    ]


def test_group_page_describes_the_organisation_with_its_other_names(client):
    page_resource = make_resource(title="Kata'ib Hezbollah", kind=Resource.Kind.GROUP)
    make_organization(
        name="Kata'ib Hezbollah",
        short_name="KH",
        aliases="Hezbollah Brigades\nKataib Hezbollah",
        profile=page_resource,
    )

    page = _get(client, page_resource.get_absolute_url())

    data = _of_type(page, "Organization")
    assert data["name"] == "Kata'ib Hezbollah"
    assert data["alternateName"] == ["KH", "Hezbollah Brigades", "Kataib Hezbollah"]
    assert data["url"] == f"http://testserver{page_resource.get_absolute_url()}"
    assert _of_type(page, "BreadcrumbList")


def test_person_page_describes_the_person_with_their_aliases(client):
    page_resource = make_resource(title="Abu Mohammad al-Adnani", kind="person")
    make_person(
        name="Abu Mohammad al-Adnani", aliases="al-Adnani", profile=page_resource
    )

    data = _of_type(_get(client, page_resource.get_absolute_url()), "Person")

    assert data["name"] == "Abu Mohammad al-Adnani"
    assert data["alternateName"] == ["al-Adnani"]


def test_home_is_the_website_with_its_search(client):
    data = _of_type(_get(client, reverse("home")), "WebSite")

    assert data["name"] == "Counter Extremism Project"
    assert data["url"] == "http://testserver/"
    assert data["potentialAction"]["target"] == ("http://testserver/search/?q={query}")


def test_every_public_page_carries_json_ld_and_a_card(client, quote):
    release = make_press_release(tags=["iraq"])
    resource = make_resource()
    urls = [
        reverse("home"),
        reverse("press:list"),
        release.get_absolute_url(),
        reverse("quotes:archive"),
        quote.get_absolute_url(),
        reverse("quotes:daily_dose"),
        reverse("resources:list"),
        resource.get_absolute_url(),
        reverse("tag", args=["iraq"]),
        reverse("search") + "?q=strike",
        reverse("methodology"),
    ]
    for url in urls:
        page = _get(client, url)
        assert _json_ld(page), url
        assert _meta(page, "og:image"), url
        assert _meta(page, "twitter:card") == ["summary_large_image"], url


def test_json_ld_is_a_data_block_the_policy_leaves_alone(client, quote):
    response = client.get(quote.get_absolute_url())

    policy = response["Content-Security-Policy"]
    script_src = next(
        part for part in policy.split(";") if part.strip().startswith("script-src")
    )
    # No inline script is allowed, and none is needed: JSON-LD is never run.
    assert "'unsafe-inline'" not in script_src
    assert '<script type="application/ld+json">' in response.content.decode()
