"""
Contributors write; Editors also publish. What each role may do in the admin,
for every content type, including requests forged to get around the forms.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from taggit.models import Tag

from cepsite.publishing import Status
from cepsite.roles import CONTRIBUTORS, EDITORS
from press.models import PressRelease
from quotes.models import Quote
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

    for model in ("pressrelease", "quote", "resource", "organization", "person", "tag"):
        assert {f"add_{model}", f"change_{model}", f"view_{model}"} <= contributors
        assert f"delete_{model}" not in contributors
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
    ("model", "make", "data"),
    [
        (Organization, make_organization, {"name": "Hamas", "slug": "hamas"}),
        (Person, make_person, {"name": "Someone", "slug": "someone"}),
        (Tag, lambda: Tag.objects.create(name="isis", slug="isis"), {}),
    ],
    ids=["Organization", "Person", "Tag"],
)
def test_contributor_adds_and_changes_but_cannot_delete_other_content(
    contributor_client, model, make, data
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
    assert change_page.context["has_change_permission"]
    assert add_page.status_code == 200
    assert delete.status_code == 403
    assert model.objects.filter(pk=existing.pk).exists()


def test_contributor_saves_an_organisation(contributor_client):
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

    assert response.status_code == 302
    assert Organization.objects.filter(slug="hamas").exists()


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
