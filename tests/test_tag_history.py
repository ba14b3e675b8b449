"""
Tags, organisations and people keep a version at every save in the admin,
which editors compare and restore, as content does.
"""

import pytest
from django.test import Client
from reversion.models import Version
from taggit.models import Tag

from cepsite import services
from resources.models import Organization, Person
from tests.factories import (
    admin_url,
    make_organization,
    make_person,
    make_press_release,
    make_staff_member,
)

pytestmark = pytest.mark.django_db


def form_data(model, **fields):
    if model is Tag:
        return {"name": fields["name"], "slug": fields.get("slug", "")}
    data = {
        "name": fields["name"],
        "slug": fields["slug"],
        "aliases": "",
        "profile": "",
    }
    if model is Organization:
        data["short_name"] = ""
    else:
        data["organization"] = ""
    for prefix in ("people", "quotes"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


MAKE = {
    Organization: lambda: make_organization(name="Al-Shabaab", slug="al-shabaab"),
    Person: lambda: make_person(name="Abu Example", slug="abu-example"),
    Tag: lambda: services.tags_get_or_create(names=["Al-Shabaab"])[0],
}
by_name = {"ids": lambda model: model.__name__}


@pytest.fixture
def editor_client(client):
    client.force_login(make_staff_member("chief", role="editor"))
    return client


def _two_versions(editor_client, model):
    item = MAKE[model]()
    original = form_data(model, name=item.name, slug=item.slug)
    renamed = form_data(model, name="Misattributed", slug="misattributed")
    for data in (original, renamed):
        response = editor_client.post(admin_url(model, "change", item.pk), data)
        assert response.status_code == 302
    return item, original


@pytest.mark.parametrize("model", MAKE, **by_name)
def test_each_save_keeps_a_version_with_who_saved_it(editor_client, model):
    item, original = _two_versions(editor_client, model)

    versions = Version.objects.get_for_object(item).select_related("revision__user")

    assert [v.field_dict["name"] for v in versions] == [
        "Misattributed",
        original["name"],
    ]
    assert {v.revision.user.username for v in versions} == {"chief"}
    history = editor_client.get(admin_url(model, "history", item.pk))
    assert history.status_code == 200
    assert "Restore this version" in history.content.decode()


@pytest.mark.parametrize("model", MAKE, **by_name)
def test_the_compare_page_shows_the_rename(editor_client, model):
    item, original = _two_versions(editor_client, model)

    response = editor_client.get(admin_url(model, "compare", item.pk))

    assert response.status_code == 200
    changes = {change.label: change for change in response.context["changes"]}
    assert changes["Name"].old == original["name"]
    assert changes["Name"].new == "Misattributed"
    assert changes["Slug"].new == "misattributed"


@pytest.mark.parametrize("model", MAKE, **by_name)
def test_an_editor_restores_the_name_before_a_rename(editor_client, model):
    item, original = _two_versions(editor_client, model)
    first = Version.objects.get_for_object(item).order_by("pk").first()

    page = editor_client.get(admin_url(model, "revision", item.pk, first.pk))
    response = editor_client.post(
        admin_url(model, "revision", item.pk, first.pk), original
    )

    assert page.status_code == 200
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.name, item.slug) == (original["name"], original["slug"])


def test_restoring_a_tags_old_slug_keeps_the_newer_address_working(editor_client):
    tag, original = _two_versions(editor_client, Tag)
    make_press_release(tags=[tag])
    first = Version.objects.get_for_object(tag).order_by("pk").first()

    editor_client.post(admin_url(Tag, "revision", tag.pk, first.pk), original)

    reader = Client()
    assert reader.get("/tags/al-shabaab/").status_code == 200
    moved = reader.get("/tags/misattributed/")
    assert moved.status_code == 301
    assert moved["Location"] == "/tags/al-shabaab/"


def test_a_tags_versions_do_not_carry_its_items(editor_client):
    [tag] = services.tags_get_or_create(names=["busy"])
    for _ in range(3):
        make_press_release(tags=[tag])

    editor_client.post(admin_url(Tag, "change", tag.pk), {"name": "busy", "slug": ""})

    [version] = Version.objects.get_for_object(tag)
    assert version.revision.version_set.count() == 1
