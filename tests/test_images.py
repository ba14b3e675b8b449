from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

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
    assert stored_files() == [Path(obj.image.path)]


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
