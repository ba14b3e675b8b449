"""Staff preview any item's public page from its change page; nobody else can."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cepsite.publishing import Status
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Resource
from tests.factories import (
    make_press_release,
    make_quote,
    make_resource,
    make_staff_member,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

MAKE = {
    PressRelease: lambda **kw: make_press_release(title="Embargoed findings", **kw),
    Quote: lambda **kw: make_quote(text="Embargoed words.", **kw),
    Resource: lambda **kw: make_resource(title="Embargoed findings", **kw),
}
TEXT = {
    PressRelease: "Embargoed findings",
    Quote: "Embargoed words.",
    Resource: "Embargoed findings",
}
by_name = {"ids": lambda model: model.__name__}


def preview_url(obj):
    opts = obj._meta
    return reverse(
        "preview",
        kwargs={
            "app_label": opts.app_label,
            "model_name": opts.model_name,
            "pk": obj.pk,
        },
    )


@pytest.fixture
def contributor_client(client):
    client.force_login(make_staff_member("writer", role="contributor"))
    return client


@pytest.mark.parametrize("model", MAKE, **by_name)
def test_a_writer_previews_a_draft_with_the_not_public_banner(
    contributor_client, model
):
    draft = MAKE[model](status=Status.DRAFT)

    response = contributor_client.get(preview_url(draft))
    html = response.content.decode()

    assert response.status_code == 200
    assert TEXT[model] in html
    assert "Draft — not public" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("model", MAKE, **by_name)
def test_a_scheduled_item_previews_with_its_date(staff_client, model):
    scheduled = MAKE[model](publish_at=timezone.now() + timedelta(days=2))

    html = staff_client.get(preview_url(scheduled)).content.decode()

    assert f"{scheduled.visibility_label} — not public yet" in html


def test_a_published_item_previews_as_readers_see_it(staff_client):
    release = make_press_release(title="Out already")

    response = staff_client.get(preview_url(release))

    assert response.status_code == 200
    assert "Out already" in response.content.decode()
    assert "not public" not in response.content.decode()


@pytest.mark.parametrize("model", MAKE, **by_name)
def test_anonymous_readers_get_a_404(client, model):
    for status in (Status.DRAFT, Status.PUBLISHED):
        obj = MAKE[model](status=status)
        assert client.get(preview_url(obj)).status_code == 404


def test_logged_in_non_staff_and_staff_without_rights_get_a_404(
    client, django_user_model
):
    draft = make_press_release(status=Status.DRAFT)
    reader = django_user_model.objects.create_user("reader", password="x" * 12)
    stranger = make_staff_user("stranger", superuser=False)

    client.force_login(reader)
    as_reader = client.get(preview_url(draft))
    client.force_login(stranger)
    as_stranger = client.get(preview_url(draft))
    stranger.user_permissions.add(Permission.objects.get(codename="view_pressrelease"))
    as_viewer = client.get(preview_url(draft))

    assert as_reader.status_code == 404
    assert as_stranger.status_code == 404
    assert as_viewer.status_code == 200


def test_only_content_can_be_previewed(staff_client, admin_user):
    assert staff_client.get(f"/preview/auth/user/{admin_user.pk}/").status_code == 404
    assert staff_client.get("/preview/press/nothing/1/").status_code == 404
    assert staff_client.get("/preview/press/pressrelease/999999/").status_code == 404


@pytest.mark.parametrize("model", MAKE, **by_name)
def test_the_change_page_links_to_the_preview(contributor_client, model):
    draft = MAKE[model](status=Status.DRAFT)
    opts = model._meta

    change = contributor_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[draft.pk])
    ).content.decode()
    add = contributor_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    ).content.decode()

    assert f'href="{preview_url(draft)}"' in change
    assert ">Preview</a>" in change
    assert ">Preview</a>" not in add


def test_previews_are_never_cached(contributor_client, page_cache):
    draft = make_press_release(status=Status.DRAFT)
    reader = Client()

    first = contributor_client.get(preview_url(draft))
    second = contributor_client.get(preview_url(draft))
    anonymous = reader.get(preview_url(draft))
    public_page = reader.get(draft.get_absolute_url())

    assert second.status_code == 200
    assert "X-Cache" not in first and "X-Cache" not in second
    assert "no-store" in second["Cache-Control"]
    assert "private" in second["Cache-Control"]
    assert anonymous.status_code == 404
    assert public_page.status_code == 404
