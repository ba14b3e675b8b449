import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from cepsite.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, clean_html
from press.models import PressRelease
from resources.models import Resource
from tests.factories import (
    make_press_release,
    make_resource,
    press_release_admin_data,
    resource_admin_data,
)

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<script type="module">import("//evil.example")</script>',
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="java\nscript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="jav&#x0A;ascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;'
    'alert(1)">click</a>',
    '<a href="&#0000106avascript:alert(1)">click</a>',
    '<a href="&#x6A;avascript&colon;alert(1)">click</a>',
    '<a href="javascript&colon;alert(1)">click</a>',
    '<a href="\x01javascript:alert(1)">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<a href="data:text/html,<script>alert(1)</script>">click</a>',
    '<a href="https://example.org/" onmouseover="alert(1)">hover</a>',
    '<a href="https://example.org/" target="_blank">new window</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<p style="position:fixed;inset:0">overlay</p>',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<div onclick="alert(1)">click</div>',
    "<body onload=alert(1)>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<template><script>alert(1)</script></template>",
    "<!--<script>alert(1)</script>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p><a href="https://example.org/" rel="opener">link</a></p>',
]

# What a browser strips from a URL before reading its scheme.
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20]")
_LINK_ATTRIBUTES = {"href", "src"}


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))


def tags_in(html):
    collector = _TagCollector()
    collector.feed(html)
    collector.close()
    return collector.tags


def assert_harmless(html):
    """Every tag, attribute and URL in ``html`` is on the allow-list."""
    for tag, attrs in tags_in(html):
        assert tag in ALLOWED_TAGS
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | (
            {"rel"} if tag == "a" else set()
        )
        for name, value in attrs:
            assert name in allowed
            if name in _LINK_ATTRIBUTES:
                url = _IGNORED_IN_URLS.sub("", value or "").lower()
                assert urlsplit(url).scheme in {"", "http", "https", "mailto"}
                assert not url.startswith(("javascript", "vbscript", "data"))
            if name == "rel":
                assert value == "noopener noreferrer"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_clean_html_removes_anything_that_could_run_script(payload):
    cleaned = clean_html(payload)

    assert_harmless(cleaned)
    assert "<script" not in cleaned.lower()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_cleaning_twice_changes_nothing_more(payload):
    once = clean_html(payload)

    assert clean_html(once) == once


def test_the_harmlessness_check_catches_a_dangerous_link():
    # The check the payload tests rely on must itself see a script URL.
    with pytest.raises(AssertionError):
        assert_harmless('<a href="java&#9;script:alert(1)">x</a>')
    with pytest.raises(AssertionError):
        assert_harmless("<img src=x onerror=alert(1)>")


@pytest.mark.parametrize(
    "html",
    [
        "<p>Plain, <strong>bold</strong>, <em>emphasis</em>, <u>underline</u>, "
        "<s>struck</s>, H<sub>2</sub>O and x<sup>2</sup>.</p>",
        "<p><b>Bold</b> and <i>italic</i>.</p>",
        "<h2>Section</h2><h3>Subsection</h3><h4>Detail</h4>",
        "<ul><li>One</li><li>Two</li></ul>",
        '<ol start="3"><li>Three</li><li>Four</li></ol>',
        "<blockquote><p>Their words, quoted.</p></blockquote>",
        "<p>A line<br>and the next.</p><hr>",
        "<pre><code>code sample</code></pre>",
        '<figure><img src="/media/maps/iraq.png" alt="A map of Iraq" '
        'title="Map" width="600" height="400"><figcaption>Iraq</figcaption></figure>',
        '<p><img src="/media/press/2024/photo.jpg" alt="A photo"></p>',
    ],
)
def test_allowed_markup_survives_cleaning_unchanged(html):
    assert clean_html(html) == html


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<p><a href="https://www.counterextremism.com/" title="CEP">CEP</a></p>',
            '<p><a href="https://www.counterextremism.com/" title="CEP" '
            'rel="noopener noreferrer">CEP</a></p>',
        ),
        (
            '<p><a href="mailto:press@example.org">Write</a></p>',
            '<p><a href="mailto:press@example.org" rel="noopener noreferrer">'
            "Write</a></p>",
        ),
        (
            '<p><a href="/resources/iraq/">Iraq</a></p>',
            '<p><a href="/resources/iraq/" rel="noopener noreferrer">Iraq</a></p>',
        ),
    ],
)
def test_links_survive_and_cannot_reach_back_to_the_page(html, expected):
    assert clean_html(html) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<h1>Title</h1>", "Title"),
        ('<div class="x"><span>Text</span></div>', "Text"),
        ('<p class="lead" id="intro">Text</p>', "<p>Text</p>"),
    ],
)
def test_markup_outside_the_allow_list_loses_its_tags_but_keeps_its_text(
    html, expected
):
    assert clean_html(html) == expected


@pytest.mark.parametrize("html", ["", None, "<p></p>", "<p><br></p>", "  <p></p>\n"])
def test_an_empty_editor_means_an_empty_body(html):
    assert clean_html(html) == ""


MALICIOUS_BODY = (
    '<p>Read <a href="javascript:alert(document.cookie)">this</a>.</p>'
    "<script>alert(1)</script><img src=x onerror=alert(1)>"
    '<p style="color:red" onclick="alert(1)">Styled</p>'
)


@pytest.mark.django_db
@pytest.mark.parametrize("make", [make_press_release, make_resource])
def test_saving_a_model_stores_its_body_cleaned(make):
    obj = make(body=MALICIOUS_BODY)
    obj.refresh_from_db()

    assert_harmless(obj.body)
    assert obj.body == (
        '<p>Read <a rel="noopener noreferrer">this</a>.</p><p>Styled</p>'
    )


@pytest.mark.django_db
def test_saving_again_after_editing_cleans_the_new_body():
    release = make_press_release()
    release.body = '<p onmouseover="alert(1)">Edited</p>'
    release.save()

    assert PressRelease.objects.get(pk=release.pk).body == "<p>Edited</p>"


@pytest.mark.django_db
def test_bulk_created_bodies_are_cleaned_too():
    release = PressRelease(title="Bulk", slug="bulk", body=MALICIOUS_BODY)

    PressRelease.objects.bulk_create([release])

    assert_harmless(PressRelease.objects.get(slug="bulk").body)


@pytest.mark.django_db
def test_a_body_typed_into_the_admin_is_stored_cleaned(staff_client):
    data = press_release_admin_data(title="From the admin", body=MALICIOUS_BODY)

    response = staff_client.post(reverse("admin:press_pressrelease_add"), data)

    assert response.status_code == 302
    body = PressRelease.objects.get(title="From the admin").body
    assert_harmless(body)
    assert "Read" in body
    assert "Styled" in body


@pytest.mark.django_db
def test_editing_a_resource_in_the_admin_stores_its_body_cleaned(staff_client):
    resource = make_resource()
    data = resource_admin_data(
        title=resource.title,
        slug=resource.slug,
        body='<h2>Overview</h2><svg onload="alert(1)"></svg><p>Facts.</p>',
    )

    response = staff_client.post(
        reverse("admin:resources_resource_change", args=[resource.pk]), data
    )

    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.body == "<h2>Overview</h2><p>Facts.</p>"
    assert Resource.objects.count() == 1


# Images: only the site's own media.


@pytest.mark.parametrize(
    "src",
    [
        "https://tracker.example.net/pixel.gif",
        "http://example.org/media/photo.jpg",
        "//example.org/media/photo.jpg",
        "photo.jpg",
        "media/photo.jpg",
        "/static/admin/img/icon-yes.svg",
        "/media/../admin/logout/",
        "/media",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://example.org/media/photo.jpg",
    ],
)
def test_an_image_from_outside_the_sites_media_is_dropped(src):
    html = f'<p>Before<img src="{src}" alt="A photo">after</p>'

    assert clean_html(html) == "<p>Beforeafter</p>"


@pytest.mark.parametrize(
    "src",
    [
        "/media/press/2024/photo.jpg",
        "http://localhost/media/press/photo.jpg",
        "https://127.0.0.1/media/press/photo.jpg",
    ],
)
def test_an_image_from_the_sites_own_media_is_kept(src, settings):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "*"]
    html = f'<p><img src="{src}" alt="A photo"></p>'

    assert clean_html(html) == html


def test_media_on_a_host_of_their_own_are_kept_from_there_only(settings):
    settings.MEDIA_URL = "https://media.example.org/uploads/"

    kept = clean_html('<img src="https://media.example.org/uploads/a.jpg">')
    dropped = clean_html(
        '<img src="/uploads/a.jpg"><img src="https://x.org/uploads/a.jpg">'
    )

    assert kept == '<img src="https://media.example.org/uploads/a.jpg">'
    assert dropped == ""


def test_an_alt_text_that_mentions_a_source_does_not_keep_a_remote_image():
    html = (
        '<img alt="src=&quot;/media/a.jpg&quot; > x" src="https://example.org/a.jpg">'
    )

    assert clean_html(html) == ""


@pytest.mark.django_db
def test_a_remote_image_typed_into_the_admin_is_dropped_on_save(staff_client):
    data = press_release_admin_data(
        title="Remote image",
        body='<p>Text<img src="https://tracker.example.net/p.gif" alt="p"></p>'
        '<p><img src="/media/press/photo.jpg" alt="Ours"></p>',
    )

    response = staff_client.post(reverse("admin:press_pressrelease_add"), data)

    assert response.status_code == 302
    body = PressRelease.objects.get(title="Remote image").body
    assert body == '<p>Text</p><p><img src="/media/press/photo.jpg" alt="Ours"></p>'
