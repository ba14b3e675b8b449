"""
Every admin save keeps a version; the history page compares versions and
restores any of them, deleted items included.
"""

import pytest
from django import forms
from django.test import Client
from reversion.models import Version

from cepsite.publishing import Status
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Resource
from tests.factories import (
    admin_url,
    make_press_release,
    make_quote,
    make_resource,
    make_staff_member,
    press_release_admin_data,
    quote_admin_data,
    resource_admin_data,
)

pytestmark = pytest.mark.django_db

ADMIN_DATA = {
    PressRelease: press_release_admin_data,
    Quote: quote_admin_data,
    Resource: resource_admin_data,
}
by_name = {"ids": lambda model: model.__name__}


def submitted_form(response):
    """What the admin form on ``response`` would send back, unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        widget = getattr(field.widget, "widget", field.widget)  # admin wrappers
        value = form[name].value()
        names = [name]
        if field.show_hidden_initial:  # fields with a callable default
            names.append(form.add_initial_prefix(name))
        for key in names:
            data.update(_widget_data(widget, key, value))
    return data


def _widget_data(widget, name, value):
    if isinstance(widget, forms.ClearableFileInput):
        return {}
    if isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(value)
        return {
            f"{name}{suffix}": "" if part is None else str(part)
            for suffix, part in zip(widget.widgets_names, parts, strict=True)
        }
    if isinstance(widget, forms.CheckboxInput):
        return {name: "on"} if value else {}
    formatted = widget.format_value(value)
    return {name: "" if formatted is None else formatted}


def save_in_admin(client, obj, **changes):
    """Submit ``obj``'s change page with ``changes`` made to the form."""
    url = admin_url(type(obj), "change", obj.pk)
    data = submitted_form(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()
    return obj


def versions_of(obj):
    return list(Version.objects.get_for_object(obj).select_related("revision__user"))


@pytest.fixture
def reader():
    """An anonymous reader, apart from the staff member's logged-in client."""
    return Client()


@pytest.fixture
def editor(db):
    return make_staff_member("chief", role="editor", first_name="Alma")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.parametrize("model", ADMIN_DATA, **by_name)
def test_every_admin_save_keeps_a_version_with_its_user_and_comment(
    editor_client, editor, model
):
    editor_client.post(admin_url(model, "add"), ADMIN_DATA[model](tags="iraq"))
    obj = model.objects.get()

    save_in_admin(editor_client, obj, tags="iraq, isis")

    newest, first = versions_of(obj)
    assert first.revision.user == editor
    assert first.revision.get_comment() == "Added."
    assert newest.revision.user == editor
    assert newest.revision.get_comment() == "Changed Tags."


def test_history_page_lists_versions_with_compare_and_restore_links(editor_client):
    editor_client.post(
        admin_url(PressRelease, "add"), press_release_admin_data(title="Draft one")
    )
    release = PressRelease.objects.get()
    save_in_admin(editor_client, release, title="Draft two")

    response = editor_client.get(admin_url(PressRelease, "history", release.pk))
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count("Restore this version") == 2
    assert "Compare with the version before" in html
    assert "chief (Alma)" in html
    assert "Changed Title." in html


def test_comparison_shows_the_words_that_changed(editor_client):
    editor_client.post(
        admin_url(PressRelease, "add"),
        press_release_admin_data(
            title="Militia threatens strikes",
            body="<p>The militia threatened new strikes on Tuesday.</p>",
            tags="iraq",
        ),
    )
    release = PressRelease.objects.get()
    save_in_admin(
        editor_client,
        release,
        body="<p>The militia threatened new drone strikes on Monday.</p>",
        tags="iraq, drones",
    )

    response = editor_client.get(admin_url(PressRelease, "compare", release.pk))
    html = response.content.decode()
    changed = {change.label: change for change in response.context["changes"]}

    assert set(changed) == {"Body", "Tags"}
    assert "<ins>drone </ins>" in html
    assert "<del>Tuesday.</del><ins>Monday.</ins>" in html
    assert "&lt;p&gt;The militia threatened new" in html  # markup shown, escaped
    assert changed["Tags"].new == "drones, iraq"


def test_comparison_shows_rich_text_as_readers_see_it(editor_client):
    first = "<p>Militias struck twice.</p><p>Officials denied it.</p>"
    editor_client.post(
        admin_url(PressRelease, "add"), press_release_admin_data(body=first)
    )
    release = PressRelease.objects.get()
    save_in_admin(editor_client, release, body="<p>Militias struck <em>again</em>.</p>")

    response = editor_client.get(admin_url(PressRelease, "compare", release.pk))
    [body] = response.context["changes"]

    # Rendered: the new markup kept, the removed words apart from the new.
    assert str(body.diff) == (
        "<p>Militias struck <del>twice.</del> <em><ins>again</ins></em><ins>.</ins></p>"
        "<p><del>Officials denied it.</del></p>"
    )
    assert str(body.diff) in response.content.decode()
    assert "&lt;em&gt;" in str(body.source_diff)  # the source, below it


def test_a_version_the_model_no_longer_reads_is_compared_as_stored(editor_client):
    quote = save_in_admin(editor_client, make_quote(), text="New words.")
    [version] = versions_of(quote)
    # As after a migration that changed a field's type.
    version.serialized_data = version.serialized_data.replace(
        '"said_on_precision": "', '"said_on": "not a date", "said_on_precision": "'
    )
    version.save()

    response = editor_client.get(admin_url(Quote, "compare", quote.pk))

    assert response.status_code == 200
    assert "reversion-compare/compare_raw.html" in [t.name for t in response.templates]
    assert "New words." in response.content.decode()


def test_staff_who_may_not_view_an_item_cannot_compare_its_versions(
    client, django_user_model
):
    release = make_press_release()
    guest = django_user_model.objects.create_user(username="guest", is_staff=True)
    client.force_login(guest)

    response = client.get(admin_url(PressRelease, "compare", release.pk))

    assert response.status_code == 403


def test_comparison_between_any_two_versions(editor_client):
    editor_client.post(
        admin_url(Resource, "add"), resource_admin_data(title="Iraq", slug="iraq")
    )
    resource = Resource.objects.get()
    save_in_admin(editor_client, resource, title="Republic of Iraq")
    save_in_admin(editor_client, resource, summary="A changed summary.")
    newest, _, first = versions_of(resource)

    response = editor_client.get(
        admin_url(Resource, "compare", resource.pk),
        {"from": first.pk, "to": newest.pk},
    )

    labels = [change.label for change in response.context["changes"]]
    assert labels == ["Title", "Summary"]


def test_comparison_escapes_what_was_typed(editor_client):
    editor_client.post(admin_url(Quote, "add"), quote_admin_data(text="Plain words."))
    quote = Quote.objects.get()
    save_in_admin(editor_client, quote, text="<script>alert(1)</script>")

    html = editor_client.get(admin_url(Quote, "compare", quote.pk)).content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_restoring_a_version_brings_back_its_fields_and_tags(
    editor_client, reader, page_cache
):
    editor_client.post(
        admin_url(PressRelease, "add"),
        press_release_admin_data(
            title="The first title", slug="the-release", tags="iraq"
        ),
    )
    release = PressRelease.objects.get()
    save_in_admin(editor_client, release, title="A worse title", tags="isis")
    assert "A worse title" in reader.get(release.get_absolute_url()).content.decode()
    _, first = versions_of(release)

    url = admin_url(PressRelease, "revision", release.pk, first.pk)
    form = editor_client.get(url)
    restored = editor_client.post(url, submitted_form(form))

    assert restored.status_code == 302
    release.refresh_from_db()
    assert release.title == "The first title"
    assert set(release.tags.names()) == {"iraq"}
    # The cached public page was refreshed at once.
    page = reader.get(release.get_absolute_url())
    assert "The first title" in page.content.decode()
    assert page["X-Cache"] == "miss"
    assert versions_of(release)[0].revision.get_comment().startswith("Reverted")


def test_looking_at_an_old_version_changes_nothing(editor_client):
    editor_client.post(
        admin_url(PressRelease, "add"), press_release_admin_data(title="First")
    )
    release = PressRelease.objects.get()
    save_in_admin(editor_client, release, title="Second")
    _, first = versions_of(release)

    page = editor_client.get(admin_url(PressRelease, "revision", release.pk, first.pk))

    assert page.status_code == 200
    assert 'value="First"' in page.content.decode()
    release.refresh_from_db()
    assert release.title == "Second"


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (PressRelease, make_press_release),
        (Quote, make_quote),
        (Resource, make_resource),
    ],
    ids=["PressRelease", "Quote", "Resource"],
)
def test_a_deleted_item_can_be_recovered_with_its_tags(
    editor_client, reader, model, make
):
    # Made outside the admin, so without a version until it is deleted.
    obj = make(tags=["iraq", "isis"])
    public_url = obj.get_absolute_url()
    pk = obj.pk

    editor_client.post(admin_url(model, "delete", pk), {"post": "yes"})
    gone = not model.objects.filter(pk=pk).exists()
    deleted_list = editor_client.get(admin_url(model, "recoverlist"))
    [deleted] = deleted_list.context["deleted"]
    url = admin_url(model, "recover", deleted.pk)
    recovered = editor_client.post(url, submitted_form(editor_client.get(url)))

    assert gone
    assert recovered.status_code == 302
    restored = model.objects.get(pk=pk)
    assert set(restored.tags.names()) == {"iraq", "isis"}
    assert restored.status == Status.PUBLISHED
    assert reader.get(public_url).status_code == 200


def test_the_changelist_links_to_deleted_items(editor_client):
    html = editor_client.get(admin_url(PressRelease, "changelist")).content.decode()

    assert admin_url(PressRelease, "recoverlist") in html
    assert "Recover deleted press releases" in html


def test_a_version_of_another_model_cannot_be_recovered_through_this_admin(
    editor_client,
):
    quote = make_quote()
    editor_client.post(admin_url(Quote, "delete", quote.pk), {"post": "yes"})
    quote_version = Version.objects.get()

    response = editor_client.get(admin_url(PressRelease, "recover", quote_version.pk))

    assert response.status_code == 404


# Writers restore drafts only.


@pytest.fixture
def contributor_client(db):
    # A client of its own: a test may have an editor and a writer at work.
    client = Client()
    client.force_login(make_staff_member("writer", role="contributor"))
    return client


def test_contributor_restores_an_earlier_draft(contributor_client):
    contributor_client.post(
        admin_url(PressRelease, "add"), press_release_admin_data(title="Draft one")
    )
    draft = PressRelease.objects.get()
    save_in_admin(contributor_client, draft, title="Draft two")
    _, first = versions_of(draft)

    url = admin_url(PressRelease, "revision", draft.pk, first.pk)
    response = contributor_client.post(url, submitted_form(contributor_client.get(url)))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Draft one"
    assert draft.status == Status.DRAFT


def test_contributor_cannot_publish_by_restoring_a_published_version(
    editor_client, contributor_client
):
    editor_client.post(
        admin_url(PressRelease, "add"),
        press_release_admin_data(title="Live", status=Status.PUBLISHED),
    )
    release = PressRelease.objects.get()
    editor_client.post(
        admin_url(PressRelease, "changelist"),
        {"action": "unpublish_selected", "_selected_action": [release.pk]},
    )
    published_version = versions_of(release)[-1]
    assert published_version.field_dict["status"] == Status.PUBLISHED

    url = admin_url(PressRelease, "revision", release.pk, published_version.pk)
    page = contributor_client.get(url)
    forged = contributor_client.post(url, press_release_admin_data(title="Live"))
    history = contributor_client.get(admin_url(PressRelease, "history", release.pk))

    assert page.status_code == 403
    assert forged.status_code == 403
    release.refresh_from_db()
    assert release.status == Status.DRAFT
    assert history.content.decode().count("Restore this version") == 1


def test_contributor_cannot_recover_a_deleted_published_item(
    editor_client, contributor_client
):
    release = make_press_release()
    editor_client.post(admin_url(PressRelease, "delete", release.pk), {"post": "yes"})
    version = Version.objects.get_deleted(PressRelease).get()

    response = contributor_client.post(
        admin_url(PressRelease, "recover", version.pk), press_release_admin_data()
    )

    assert response.status_code == 403
    assert not PressRelease.objects.exists()
