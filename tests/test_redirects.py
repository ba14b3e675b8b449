"""
A published page whose slug changes keeps its old address, as a 301, however
it changes (a save, a restored version), and no write made in the admin
leaves a stale cached page behind.
"""

import pytest
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from cepsite.models import SlugRedirect
from cepsite.publishing import Status
from cepsite.services import item_save
from press.models import PressRelease
from resources.models import Organization, Resource
from tests.factories import (
    admin_url,
    make_organization,
    make_press_release,
    make_quote,
    make_resource,
    press_release_admin_data,
    resource_admin_data,
)
from tests.test_history import save_in_admin, submitted_form, versions_of

pytestmark = pytest.mark.django_db

MAKE = {PressRelease: make_press_release, Resource: make_resource}
ADMIN_DATA = {PressRelease: press_release_admin_data, Resource: resource_admin_data}
by_name = {"ids": lambda model: model.__name__}


def rename(obj, slug):
    obj.slug = slug
    return item_save(item=obj)


def url_of(model, slug):
    namespace = {PressRelease: "press", Resource: "resources"}[model]
    return reverse(f"{namespace}:detail", args=[slug])


@pytest.mark.parametrize("model", MAKE, **by_name)
def test_renaming_a_published_item_in_the_admin_redirects_its_old_address(
    staff_client, model
):
    reader = Client()
    item = MAKE[model](slug="old-name")
    opts = model._meta
    data = ADMIN_DATA[model](title=item.title, slug="new-name", status=Status.PUBLISHED)

    saved = staff_client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk]),
        data,
    )
    old = reader.get(url_of(model, "old-name"))
    new = reader.get(url_of(model, "new-name"))

    assert saved.status_code == 302
    assert old.status_code == 301
    assert old["Location"] == url_of(model, "new-name")
    assert new.status_code == 200


@pytest.mark.parametrize("model", MAKE, **by_name)
def test_every_old_address_leads_straight_to_the_current_one(client, model):
    item = MAKE[model](slug="first")
    rename(item, "second")
    rename(item, "third")

    for old in ("first", "second"):
        response = client.get(url_of(model, old))
        assert response.status_code == 301
        assert response["Location"] == url_of(model, "third")


def test_going_back_to_an_old_slug_serves_it_and_redirects_the_newer_one(client):
    item = make_press_release(slug="original")
    rename(item, "renamed")
    rename(item, "original")

    assert client.get(url_of(PressRelease, "original")).status_code == 200
    response = client.get(url_of(PressRelease, "renamed"))
    assert response["Location"] == url_of(PressRelease, "original")
    assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == ["renamed"]


def test_a_draft_renamed_leaves_no_redirect(client):
    draft = make_press_release(slug="working-title", status=Status.DRAFT)
    rename(draft, "final-title")

    assert not SlugRedirect.objects.exists()
    assert client.get(url_of(PressRelease, "working-title")).status_code == 404


def test_an_item_unpublished_after_renaming_is_not_found_at_either_address(client):
    item = make_press_release(slug="before")
    rename(item, "after")
    item.status = Status.DRAFT
    item_save(item=item)

    assert client.get(url_of(PressRelease, "before")).status_code == 404
    assert client.get(url_of(PressRelease, "after")).status_code == 404


def test_staff_follow_an_old_address_to_an_item_unpublished_since(staff_client):
    item = make_press_release(slug="before")
    rename(item, "after")
    item.status = Status.DRAFT
    item_save(item=item)

    response = staff_client.get(url_of(PressRelease, "before"))

    assert response.status_code == 301
    assert response["Location"] == url_of(PressRelease, "after")


def test_a_new_item_that_takes_an_old_slug_is_served_there(client):
    item = make_press_release(slug="shared-name")
    rename(item, "moved")
    newcomer = make_press_release(slug="shared-name", title="The newcomer")

    response = client.get(url_of(PressRelease, "shared-name"))

    assert response.status_code == 200
    assert response.context["release"] == newcomer


def test_a_deleted_item_leaves_a_plain_not_found(client):
    item = make_resource(slug="gone")
    rename(item, "going")
    item.delete()

    assert client.get(url_of(Resource, "gone")).status_code == 404


def test_the_redirect_keeps_the_query_string(client):
    item = make_resource(slug="iraq")
    rename(item, "republic-of-iraq")

    response = client.get(url_of(Resource, "iraq"), {"utm_source": "newsletter"})

    assert response["Location"] == "/resources/republic-of-iraq/?utm_source=newsletter"


def test_an_unknown_slug_is_still_a_404(client):
    make_press_release(slug="something")

    assert client.get(url_of(PressRelease, "nothing")).status_code == 404


def test_a_cached_page_does_not_hide_the_redirect(client, page_cache):
    item = make_press_release(slug="cached")
    assert client.get(url_of(PressRelease, "cached")).status_code == 200
    assert client.get(url_of(PressRelease, "cached"))["X-Cache"] == "hit"

    rename(item, "uncached")
    response = client.get(url_of(PressRelease, "cached"))

    assert response.status_code == 301
    assert response["Location"] == url_of(PressRelease, "uncached")


def test_a_restored_version_with_another_slug_redirects_the_newer_one(
    staff_client, page_cache
):
    reader = Client()
    staff_client.post(
        admin_url(PressRelease, "add"),
        press_release_admin_data(title="Militias", slug="first-name"),
    )
    release = save_in_admin(staff_client, PressRelease.objects.get(), slug="later")
    assert reader.get(url_of(PressRelease, "later")).status_code == 200
    _, first = versions_of(release)

    url = admin_url(PressRelease, "revision", release.pk, first.pk)
    restored = staff_client.post(url, submitted_form(staff_client.get(url)))
    later = reader.get(url_of(PressRelease, "later"))

    assert restored.status_code == 302
    assert later.status_code == 301
    assert later["Location"] == url_of(PressRelease, "first-name")
    assert reader.get(url_of(PressRelease, "first-name")).status_code == 200
    assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == ["later"]


# Every write made in the admin goes through the services: no cached page
# outlives it.


def tag_admin_data(tag, **changes):
    return {"name": tag.name, "slug": tag.slug, **changes}


def test_a_tag_renamed_in_the_admin_refreshes_cached_pages(staff_client, page_cache):
    reader = Client()
    release = make_press_release(title="Militia finance", tags=["isis"])
    tag = Tag.objects.get()
    for url in (reverse("tag", args=["isis"]), release.get_absolute_url()):
        reader.get(url)
        assert reader.get(url)["X-Cache"] == "hit"

    saved = staff_client.post(
        admin_url(Tag, "change", tag.pk), tag_admin_data(tag, name="Islamic State")
    )
    tag_page = reader.get(reverse("tag", args=["isis"]))
    release_page = reader.get(release.get_absolute_url())

    assert saved.status_code == 302
    assert tag_page["X-Cache"] == "miss"
    assert "Tagged “Islamic State”" in tag_page.content.decode()
    assert release_page["X-Cache"] == "miss"


def test_tags_deleted_in_the_admin_refresh_cached_pages(staff_client, page_cache):
    reader = Client()
    make_press_release(title="Militia finance", tags=["isis", "daesh", "iraq"])
    isis, daesh = Tag.objects.get(slug="isis"), Tag.objects.get(slug="daesh")
    for slug in ("isis", "daesh"):
        reader.get(reverse("tag", args=[slug]))

    one = staff_client.post(admin_url(Tag, "delete", isis.pk), {"post": "yes"})
    selected = staff_client.post(
        admin_url(Tag, "changelist"),
        {"action": "delete_selected", "_selected_action": [daesh.pk], "post": "yes"},
    )

    assert one.status_code == selected.status_code == 302
    assert list(Tag.objects.values_list("slug", flat=True)) == ["iraq"]
    for slug in ("isis", "daesh"):
        assert reader.get(reverse("tag", args=[slug])).status_code == 404


def test_an_organisation_renamed_in_the_admin_refreshes_cached_pages(
    staff_client, page_cache
):
    reader = Client()
    organization = make_organization(name="Kata'ib Hezbollah", short_name="KH")
    url = make_quote(organization=organization).get_absolute_url()
    reader.get(url)
    assert reader.get(url)["X-Cache"] == "hit"

    saved = staff_client.post(
        admin_url(Organization, "change", organization.pk),
        {
            "name": "Hezbollah Brigades",
            "short_name": "KH",
            "slug": organization.slug,
            **{
                f"{prefix}-{name}": "0"
                for prefix in ("people", "quotes")
                for name in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )
    page = reader.get(url)

    assert saved.status_code == 302
    assert page["X-Cache"] == "miss"
    assert "Hezbollah Brigades" in page.content.decode()
