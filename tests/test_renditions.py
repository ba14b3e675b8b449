import re
from html.parser import HTMLParser
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from cepsite import renditions
from press.models import PressRelease
from resources.models import Resource
from tests.factories import make_press_release, make_resource
from tests.test_images import assert_no_metadata, photo_with_metadata

pytestmark = pytest.mark.django_db


def jpeg(size):
    buffer = BytesIO()
    Image.new("RGB", size, (120, 60, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile("lead.jpg", buffer.getvalue(), "image/jpeg")


def photo(size=(1600, 900)):
    buffer = BytesIO()
    with Image.open(BytesIO(photo_with_metadata(size=size))) as image:
        image.save(buffer, "JPEG", exif=image.getexif(), xmp=image.info["xmp"])
    return SimpleUploadedFile("lead.jpg", buffer.getvalue(), "image/jpeg")


def media_path(url):
    assert url.startswith(settings.MEDIA_URL), url
    return Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL)


class Pictures(HTMLParser):
    """Every <picture> on a page: its <source>s and its <img>."""

    def __init__(self):
        super().__init__()
        self.pictures = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "picture":
            self._open = {"sources": [], "img": None}
        elif tag == "source" and self._open is not None:
            self._open["sources"].append(attrs)
        elif tag == "img" and self._open is not None:
            self._open["img"] = attrs

    def handle_endtag(self, tag):
        if tag == "picture" and self._open is not None:
            self.pictures.append(self._open)
            self._open = None


def pictures_on(response):
    parser = Pictures()
    parser.feed(response.content.decode())
    return parser.pictures


def candidates(srcset):
    """``{width: url}`` of a srcset."""
    found = {}
    for candidate in srcset.split(","):
        url, descriptor = candidate.split()
        assert re.fullmatch(r"\d+w", descriptor)
        found[int(descriptor[:-1])] = url
    return found


def test_an_upload_is_made_in_each_width_as_webp_and_jpeg_without_metadata():
    release = make_press_release(image=photo(), image_alt="A street")

    names = renditions.names(default_storage, release.image.name, 1600)

    assert len(names) == 8
    made = {}
    for name in names:
        path = Path(default_storage.path(name))
        assert path.is_file()
        assert_no_metadata(path)
        with Image.open(path) as image:
            made.setdefault(image.format, []).append(image.size)
    expected = [(320, 180), (640, 360), (960, 540), (1280, 720)]
    assert sorted(made["WEBP"]) == expected
    assert sorted(made["JPEG"]) == expected


def test_an_image_narrower_than_the_widths_is_never_enlarged():
    resource = make_resource(image=jpeg((500, 250)), image_alt="A map")

    picture = resource.image.picture

    assert (picture.width, picture.height) == (500, 250)
    assert list(candidates(picture.srcset)) == [320, 500]
    for url in candidates(picture.srcset).values():
        with Image.open(media_path(url)) as image:
            assert image.width in (320, 500)


def test_a_transparent_png_falls_back_to_an_opaque_jpeg():
    buffer = BytesIO()
    Image.new("RGBA", (400, 200), (0, 0, 0, 0)).save(buffer, "PNG")
    upload = SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")
    resource = make_resource(image=upload, image_alt="A logo")

    picture = resource.image.picture

    webp, fallback = picture.sources[0].srcset, picture.srcset
    with Image.open(media_path(candidates(fallback)[400])) as image:
        assert image.format == "JPEG"
        # Transparent pixels become white, not black.
        assert image.convert("RGB").getpixel((10, 10)) == (255, 255, 255)
    with Image.open(media_path(candidates(webp)[400])) as image:
        assert image.format == "WEBP"
        assert image.mode == "RGBA"


def press_detail(client):
    release = make_press_release(image=photo(), image_alt="A street at night")
    return client.get(release.get_absolute_url()), "A street at night"


def resource_detail(client):
    resource = make_resource(image=photo(), image_alt="The border crossing")
    return client.get(resource.get_absolute_url()), "The border crossing"


def press_list(client):
    make_press_release(image=photo(), image_alt="A crowd")
    return client.get(reverse("press:list")), "A crowd"


def resource_list(client):
    make_resource(image=photo(), image_alt="A river")
    return client.get(reverse("resources:list")), "A river"


def home(client):
    make_resource(image=photo(), image_alt="A mountain pass", featured=True)
    make_press_release(image=photo(), image_alt="A parliament")
    return client.get(reverse("home")), "A parliament"


PAGES = [press_detail, resource_detail, press_list, resource_list, home]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.__name__)
def test_pages_serve_renditions_with_srcset_sizes_width_and_height(client, page):
    response, alt = page(client)

    assert response.status_code == 200
    pictures = [p for p in pictures_on(response) if p["img"]["alt"] == alt]
    assert len(pictures) == 1
    picture = pictures[0]
    [source] = picture["sources"]
    img = picture["img"]
    assert source["type"] == "image/webp"
    assert source["sizes"] == img["sizes"]
    assert (img["width"], img["height"]) == ("1600", "900")
    webp, fallback = candidates(source["srcset"]), candidates(img["srcset"])
    assert list(webp) == list(fallback) == [320, 640, 960, 1280]
    assert img["src"] == fallback[1280]
    for width, url in [*webp.items(), *fallback.items()]:
        path = media_path(url)
        with Image.open(path) as image:
            assert image.width == width
            assert image.format == ("WEBP" if url in webp.values() else "JPEG")
    # The upload itself is never what the picture shows.
    assert all("/renditions/" in url for url in [*webp.values(), *fallback.values()])


def test_the_first_image_of_a_detail_page_loads_at_once_and_list_images_later(
    client,
):
    response, alt = press_detail(client)
    [picture] = pictures_on(response)
    assert picture["img"]["fetchpriority"] == "high"
    assert "loading" not in picture["img"]

    response, alt = press_list(client)
    [picture] = [p for p in pictures_on(response) if p["img"]["alt"] == alt]
    assert picture["img"]["loading"] == "lazy"


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _with_image(item):
    # The name and dimensions are all a page reads: no file is opened.
    type(item)._base_manager.filter(pk=item.pk).update(
        image=f"press/2026/{item.slug}.jpg",
        image_alt="A picture",
        image_width=1200,
        image_height=800,
    )


@pytest.mark.parametrize(
    ("make", "url"),
    [
        (lambda n: make_press_release(title=f"Release {n}"), "press:list"),
        (lambda n: make_resource(title=f"Resource {n}", featured=True), "home"),
        (lambda n: make_resource(title=f"Resource {n}"), "resources:list"),
    ],
)
def test_renditions_add_no_query_per_image(client, make, url):
    items = [make(n) for n in range(30)]
    without = _queries(client, reverse(url))
    for item in items:
        _with_image(item)

    assert _queries(client, reverse(url)) == without
    assert client.get(reverse(url)).content.decode().count("<picture>") >= 5


def test_an_image_stored_before_dimensions_were_kept_shows_as_uploaded(client):
    release = make_press_release(image=jpeg((800, 400)), image_alt="An old photo")
    PressRelease.objects.filter(pk=release.pk).update(
        image_width=None, image_height=None
    )

    response = client.get(release.get_absolute_url())

    [picture] = pictures_on(response)
    release.refresh_from_db()
    assert picture["img"]["src"] == release.image.url
    assert "srcset" not in picture["img"]
    assert picture["sources"] == []


def test_make_renditions_completes_images_stored_before(client):
    release = make_press_release(image=jpeg((800, 400)), image_alt="An old photo")
    resource = make_resource(image=jpeg((700, 350)), image_alt="Another")
    for name in renditions.names(default_storage, release.image.name, 800):
        default_storage.delete(name)
    PressRelease.objects.filter(pk=release.pk).update(
        image_width=None, image_height=None
    )

    call_command("make_renditions", stdout=StringIO())

    release.refresh_from_db()
    resource.refresh_from_db()
    assert (release.image_width, release.image_height) == (800, 400)
    assert (resource.image_width, resource.image_height) == (700, 350)
    for name in renditions.names(default_storage, release.image.name, 800):
        assert default_storage.exists(name)


def test_make_renditions_reports_an_image_gone_missing():
    release = make_press_release(image=jpeg((800, 400)), image_alt="An old photo")
    Path(release.image.path).unlink()
    out = StringIO()

    call_command("make_renditions", stdout=out)

    assert "press releases, lead image: 0 complete, 1 unreadable." in out.getvalue()


@pytest.mark.parametrize(
    ("model", "make"),
    [(PressRelease, make_press_release), (Resource, make_resource)],
    ids=["press release", "resource"],
)
def test_the_change_form_shows_a_thumbnail(staff_client, model, make):
    item = make(image=jpeg((1000, 500)), image_alt="A thumbnail")
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])

    response = staff_client.get(url)

    content = response.content.decode()
    thumbnail = re.search(r'<p class="image-thumbnail"><img src="([^"]+)"', content)
    assert thumbnail
    with Image.open(media_path(thumbnail.group(1))) as image:
        assert image.size == (320, 160)
        assert image.format == "JPEG"


def test_the_add_form_shows_no_thumbnail(staff_client):
    response = staff_client.get(reverse("admin:press_pressrelease_add"))

    assert response.status_code == 200
    assert "image-thumbnail" not in response.content.decode()


def test_an_image_named_rather_than_uploaded_is_measured_when_its_row_is_saved():
    # As an import or the demo does: the file is in storage, the row names it.
    buffer = BytesIO()
    Image.new("RGB", (900, 300), (10, 10, 10)).save(buffer, "JPEG")
    name = default_storage.save(
        "resources/2026/imported.jpg", BytesIO(buffer.getvalue())
    )

    resource = make_resource(image=name, image_alt="Imported")

    resource.refresh_from_db()
    assert (resource.image_width, resource.image_height) == (900, 300)
    for rendition in renditions.names(default_storage, name, 900):
        assert default_storage.exists(rendition)
    assert resource.image.picture.srcset.endswith(" 900w")
