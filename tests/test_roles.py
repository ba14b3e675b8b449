"""
Contributors write; Editors also publish. What each role may do in the admin,
for every content type, including requests forged to get around the forms.
"""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from cepsite.publishing import Status
from cepsite.roles import CONTRIBUTORS, EDITORS
from press.models import PressRelease
from quotes.models import Category, Quote
from resources.models import Organization, Person, Resource
from tests.factories import (
    admin_url,
    make_organization,
    make_person,
    make_press_release,
    make_quote,
    make_resource,
    make_staff_member,
    press_release_admin_data,
    quote_admin_data,
    resource_admin_data,
)

pytestmark = pytest.mark.django_db

MAKE = {
    PressRelease: make_press_release,
    Quote: make_quote,
    Resource: make_resource,
}
ADMIN_DATA = {
    PressRelease: press_release_admin_data,
    Quote: quote_admin_data,
    Resource: resource_admin_data,
}
PUBLISHABLE = list(MAKE)
by_name = {"ids": lambda model: model.__name__}


def form_data_for(model, obj, **overrides):
    """A full change form for ``obj``, as its change page would submit it."""
    data = ADMIN_DATA[model](**overrides)
    if "slug" in data:
        data["slug"] = overrides.get("slug", obj.slug)
    return data


@pytest.fixture
def contributor_client(client):
    client.force_login(make_staff_member("writer", role="contributor"))
    return client


@pytest.fixture
def editor_client(client):
    client.force_login(make_staff_member("chief", role="editor"))
    return client


def offered_actions(changelist):
    form = changelist.context["action_form"]
    if form is None:  # no action at all
        return set()
    return {name for name, _ in form.fields["action"].choices}


def _codenames(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("codename", flat=True))


def test_the_roles_exist_with_their_permissions():
    contributors = _codenames(CONTRIBUTORS)
    editors = _codenames(EDITORS)

    for model in ("pressrelease", "quote", "resource"):
        assert {f"add_{model}", f"change_{model}", f"view_{model}"} <= contributors
        assert f"delete_{model}" not in contributors
    for model in ("organization", "person", "tag"):
        assert f"view_{model}" in contributors
        assert f"change_{model}" not in contributors
        assert f"delete_{model}" not in contributors
    assert "add_tag" in contributors
    assert "add_organization" not in contributors
    assert "add_person" not in contributors
    for model in ("pressrelease", "quote", "resource", "organization", "person", "tag"):
        assert {f"add_{model}", f"change_{model}", f"delete_{model}"} <= editors
    for model in ("pressrelease", "quote", "resource"):
        assert f"publish_{model}" in editors
        assert f"publish_{model}" not in contributors
    assert "view_logentry" in editors
    assert "view_logentry" not in contributors


def test_the_roles_come_back_after_the_database_is_flushed():
    call_command("flush", interactive=False, verbosity=0)

    assert "publish_pressrelease" in _codenames(EDITORS)
    assert "add_quote" in _codenames(CONTRIBUTORS)


# Contributors: the forms.


@pytest.mark.parametrize("model", PUBLISHABLE, **by_name)
def test_contributor_gets_no_status_field_and_no_publishing_actions(
    contributor_client, model
):
    draft = MAKE[model](status=Status.DRAFT)

    add_page = contributor_client.get(admin_url(model, "add")).content.decode()
    change_page = contributor_client.get(admin_url(model, "change", draft.pk))
    changelist = contributor_client.get(admin_url(model, "changelist"))

    assert 'name="status"' not in add_page
    assert 'name="publish_at_0"' in add_page  # a draft's date may be proposed
    assert 'name="status"' not in change_page.content.decode()
    assert not change_page.context["has_delete_permission"]
    offered = offered_actions(changelist)
    assert not offered & {"publish_selected", "unpublish_selected", "delete_selected"}


@pytest.mark.parametrize("model", PUBLISHABLE, **by_name)
def test_contributor_adds_a_draft_even_when_posting_published(
    contributor_client, model
):
    before = set(model.objects.values_list("pk", flat=True))

    response = contributor_client.post(
        admin_url(model, "add"), ADMIN_DATA[model](status=Status.PUBLISHED)
    )

    assert response.status_code == 302
    [created] = model.objects.exclude(pk__in=before)
    assert created.status == Status.DRAFT
    assert not model.objects.published().filter(pk=created.pk).exists()


@pytest.mark.parametrize("model", PUBLISHABLE, **by_name)
def test_contributor_edits_a_draft_but_a_forged_status_is_ignored(
    contributor_client, model
):
    draft = MAKE[model](status=Status.DRAFT)

    response = contributor_client.post(
        admin_url(model, "change", draft.pk),
        form_data_for(model, draft, status=Status.PUBLISHED),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.parametrize("model", PUBLISHABLE, **by_name)
def test_a_published_item_is_read_only_for_a_contributor(contributor_client, model):
    published = MAKE[model]()

    response = contributor_client.get(admin_url(model, "change", published.pk))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert b'name="_save"' not in response.content


@pytest.mark.parametrize("model", PUBLISHABLE, **by_name)
def test_contributor_cannot_unpublish_or_reschedule_a_published_item(
    contributor_client, model
):
    published = MAKE[model]()
    when = published.publish_at
    later = timezone.localtime(timezone.now() + timedelta(days=30))

    response = contributor_client.post(
        admin_url(model, "change", published.pk),
        form_data_for(
            model,
            published,
            status=Status.DRAFT,
            publish_at_0=f"{later:%Y-%m-%d}",
            publish_at_1=f"{later:%H:%M:%S}",
        ),
    )

    assert response.status_code == 403
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED
    assert published.publish_at == when
    assert model.objects.published().filter(pk=published.pk).exists()


@pytest.mark.parametrize("model", PUBLISHABLE, **by_name)
def test_contributor_cannot_delete_a_published_item(contributor_client, model):
    published = MAKE[model]()

    page = contributor_client.get(admin_url(model, "delete", published.pk))
    forged = contributor_client.post(
        admin_url(model, "delete", published.pk), {"post": "yes"}
    )
    contributor_client.post(
        admin_url(model, "changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [published.pk],
            "post": "yes",
        },
    )

    assert page.status_code == 403
    assert forged.status_code == 403
    assert model.objects.filter(pk=published.pk).exists()


def test_a_delete_permission_alone_does_not_reach_published_items(client):
    """Granted delete by hand, a writer still cannot remove what is live."""
    from django.contrib.auth.models import Permission

    writer = make_staff_member("writer", role="contributor")
    writer.user_permissions.add(Permission.objects.get(codename="delete_pressrelease"))
    client.force_login(writer)
    published = make_press_release()
    draft = make_press_release(status=Status.DRAFT)

    refused = client.post(
        admin_url(PressRelease, "delete", published.pk), {"post": "1"}
    )
    allowed = client.post(admin_url(PressRelease, "delete", draft.pk), {"post": "1"})

    assert refused.status_code == 403
    assert allowed.status_code == 302
    assert list(PressRelease.objects.all()) == [published]


@pytest.mark.parametrize(
    ("model", "make", "may_add"),
    [
        (Organization, make_organization, False),
        (Person, make_person, False),
        (Tag, lambda: Tag.objects.create(name="isis", slug="isis"), True),
    ],
    ids=["Organization", "Person", "Tag"],
)
def test_contributor_views_attributions_but_neither_changes_nor_deletes_them(
    contributor_client, model, make, may_add
):
    existing = make()

    changelist = contributor_client.get(admin_url(model, "changelist"))
    change_page = contributor_client.get(admin_url(model, "change", existing.pk))
    add_page = contributor_client.get(admin_url(model, "add"))
    delete = contributor_client.post(
        admin_url(model, "delete", existing.pk), {"post": "yes"}
    )

    assert changelist.status_code == 200
    assert change_page.status_code == 200
    assert not change_page.context["has_change_permission"]
    assert add_page.status_code == (200 if may_add else 403)
    assert delete.status_code == 403
    assert model.objects.filter(pk=existing.pk).exists()


def test_a_forged_new_organisation_from_a_contributor_is_refused(
    contributor_client,
):
    response = contributor_client.post(
        admin_url(Organization, "add"),
        {
            "name": "Hamas",
            "short_name": "",
            "slug": "hamas",
            "aliases": "",
            "profile": "",
            "people-TOTAL_FORMS": "0",
            "people-INITIAL_FORMS": "0",
            "people-MIN_NUM_FORMS": "0",
            "people-MAX_NUM_FORMS": "1000",
            "quotes-TOTAL_FORMS": "0",
            "quotes-INITIAL_FORMS": "0",
            "quotes-MIN_NUM_FORMS": "0",
            "quotes-MAX_NUM_FORMS": "0",
        },
    )

    assert response.status_code == 403
    assert not Organization.objects.filter(slug="hamas").exists()


CATEGORY_FORM = {
    "name": "Pro-violence",
    "slug": "pro-violence",
    "definition": "Calls for or praise of violence.",
}


def test_a_contributor_picks_categories_but_cannot_make_one(contributor_client):
    assert contributor_client.get(admin_url(Category, "changelist")).status_code == 200

    response = contributor_client.post(admin_url(Category, "add"), CATEGORY_FORM)

    assert response.status_code == 403
    assert not Category.objects.exists()


def test_an_editor_defines_a_category(editor_client):
    response = editor_client.post(admin_url(Category, "add"), CATEGORY_FORM)

    assert response.status_code == 302
    assert Category.objects.get().definition == CATEGORY_FORM["definition"]


# Editors.


@pytest.mark.parametrize("model", PUBLISHABLE, **by_name)
def test_editor_publishes_from_the_form(editor_client, model):
    before = set(model.objects.values_list("pk", flat=True))

    page = editor_client.get(admin_url(model, "add")).content.decode()
    response = editor_client.post(
        admin_url(model, "add"), ADMIN_DATA[model](status=Status.PUBLISHED)
    )

    assert 'name="status"' in page
    assert response.status_code == 302
    [created] = model.objects.exclude(pk__in=before)
    assert model.objects.published().filter(pk=created.pk).exists()


@pytest.mark.parametrize("model", PUBLISHABLE, **by_name)
def test_editor_publishes_unpublishes_and_deletes(editor_client, model):
    draft = MAKE[model](status=Status.DRAFT)
    url = admin_url(model, "changelist")

    actions = offered_actions(editor_client.get(url))
    editor_client.post(
        url, {"action": "publish_selected", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    published_status = draft.status
    editor_client.post(
        url, {"action": "unpublish_selected", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    unpublished_status = draft.status
    MAKE[model]()  # something else, still there after the delete
    deleted = MAKE[model]()
    response = editor_client.post(admin_url(model, "delete", deleted.pk), {"post": "1"})

    assert {"publish_selected", "unpublish_selected", "delete_selected"} <= actions
    assert published_status == Status.PUBLISHED
    assert unpublished_status == Status.DRAFT
    assert response.status_code == 302
    assert not model.objects.filter(pk=deleted.pk).exists()


# The command that hands out the roles.


def test_add_staff_creates_a_contributor_with_the_password_from_the_environment(
    monkeypatch, django_user_model
):
    monkeypatch.setenv("STAFF_PASSWORD", "a long and unusual passphrase")

    call_command("add_staff", "amira", "--role", "contributor", stdout=None)

    user = django_user_model.objects.get(username="amira")
    assert user.is_staff and not user.is_superuser
    assert user.check_password("a long and unusual passphrase")
    assert [group.name for group in user.groups.all()] == [CONTRIBUTORS]
    assert not user.has_perm("press.publish_pressrelease")
    assert user.has_perm("press.add_pressrelease")


def test_add_staff_promotes_an_existing_user_and_keeps_their_password(
    monkeypatch, django_user_model
):
    monkeypatch.delenv("STAFF_PASSWORD", raising=False)
    make_staff_member("amira", role="contributor")

    call_command("add_staff", "amira", "--role", "editor")

    user = django_user_model.objects.get(username="amira")
    assert [group.name for group in user.groups.all()] == [EDITORS]
    assert user.check_password("correct horse battery")
    assert user.has_perm("press.publish_pressrelease")


def test_add_staff_without_a_password_leaves_the_new_account_locked(
    monkeypatch, django_user_model
):
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)

    call_command(
        "add_staff", "sam", "--role", "editor", "--password-env", "EDITOR_PASSWORD"
    )

    user = django_user_model.objects.get(username="sam")
    assert user.is_staff
    assert not user.has_usable_password()


def test_add_staff_refuses_a_weak_password(monkeypatch, django_user_model):
    monkeypatch.setenv("STAFF_PASSWORD", "123")

    with pytest.raises(CommandError):
        call_command("add_staff", "sam", "--role", "editor")

    assert not django_user_model.objects.filter(username="sam").exists()


def test_superusers_are_editors(admin_user):
    assert admin_user.has_perm("quotes.publish_quote")
    assert admin_user.has_perm("admin.view_logentry")


# Organisations, people and tags: what statements are attributed to.


def _rename_data(model, obj):
    if model is Tag:
        return {"name": "Renamed", "slug": "renamed"}
    data = {"name": "Renamed", "slug": "renamed", "aliases": "", "profile": ""}
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


ATTRIBUTIONS = [
    (Organization, lambda: make_organization(name="Hamas", slug="hamas")),
    (Person, lambda: make_person(name="Someone", slug="someone")),
    (Tag, lambda: Tag.objects.create(name="isis", slug="isis")),
]


@pytest.mark.parametrize(
    ("model", "make"), ATTRIBUTIONS, ids=["Organization", "Person", "Tag"]
)
def test_a_forged_rename_by_a_contributor_is_refused(contributor_client, model, make):
    existing = make()
    before = (existing.name, existing.slug)

    response = contributor_client.post(
        admin_url(model, "change", existing.pk), _rename_data(model, existing)
    )

    assert response.status_code == 403
    existing.refresh_from_db()
    assert (existing.name, existing.slug) == before


@pytest.mark.parametrize(
    ("model", "make"), ATTRIBUTIONS, ids=["Organization", "Person", "Tag"]
)
def test_an_editor_renames_what_a_contributor_may_not(editor_client, model, make):
    existing = make()

    response = editor_client.post(
        admin_url(model, "change", existing.pk), _rename_data(model, existing)
    )

    assert response.status_code == 302
    existing.refresh_from_db()
    assert (existing.name, existing.slug) == ("Renamed", "renamed")


@pytest.mark.parametrize(
    ("model", "make"), ATTRIBUTIONS, ids=["Organization", "Person", "Tag"]
)
def test_a_forged_restore_by_a_contributor_is_refused(
    contributor_client, editor_client, model, make
):
    existing = make()
    # An editor's save keeps the first version.
    editor_client.post(
        admin_url(model, "change", existing.pk), _rename_data(model, existing)
    )
    version = Version.objects.get_for_object(existing).get()
    contributor_client.force_login(make_staff_member("writer2", role="contributor"))

    response = contributor_client.post(
        admin_url(model, "revision", existing.pk, version.pk),
        _rename_data(model, existing),
    )

    assert response.status_code == 403


def test_a_contributor_cannot_merge_tags_by_a_forged_action(contributor_client):
    first = Tag.objects.create(name="isis", slug="isis")
    second = Tag.objects.create(name="daesh", slug="daesh")

    response = contributor_client.post(
        admin_url(Tag, "changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [first.pk, second.pk],
            "merge": "1",
            "name": "ISIS",
        },
    )

    assert response.status_code == 403
    assert Tag.objects.count() == 2


def test_the_migration_takes_change_rights_on_attributions_from_contributors():
    group = Group.objects.get(name=CONTRIBUTORS)
    # As the roles were before: contributors changed organisations too.
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["add_organization", "change_organization"],
            content_type__app_label="resources",
        )
    )
    migration = importlib.import_module(
        "cepsite.migrations.0007_attributions_changed_by_editors"
    )

    migration.withdraw(global_apps, connection.schema_editor())

    assert "change_organization" not in _codenames(CONTRIBUTORS)
    assert "add_organization" not in _codenames(CONTRIBUTORS)
    assert "change_quote" in _codenames(CONTRIBUTORS)


def test_a_contributor_still_finds_people_and_organisations_to_attribute_to(
    contributor_client,
):
    make_person(name="Abu Example")
    make_organization(name="Example Front")

    people = contributor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "quotes",
            "model_name": "quote",
            "field_name": "person",
            "term": "Abu",
        },
    )
    organisations = contributor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "quotes",
            "model_name": "quote",
            "field_name": "organization",
            "term": "Example",
        },
    )

    assert [r["text"] for r in people.json()["results"]] == ["Abu Example"]
    assert [r["text"] for r in organisations.json()["results"]] == ["Example Front"]


def test_a_contributors_draft_may_carry_a_new_tag(contributor_client):
    response = contributor_client.post(
        admin_url(Quote, "add"), quote_admin_data(tags="Ḥamās statement,")
    )

    assert response.status_code == 302
    assert Tag.objects.get().slug == "hamas-statement"
