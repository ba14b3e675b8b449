"""
Every admin save keeps a version; the history page compares versions and
restores any of them, deleted items included.
"""

import re
from datetime import timedelta

import pytest
from django import forms
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from cepsite.admin.diffs import rendered_diff
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
    data = _form_data(response.context["adminform"].form)
    # Inlines too (a quote's sources): their management form and each row.
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    return data


def _form_data(form):
    data = {}
    for name, field in form.fields.items():
        widget = getattr(field.widget, "widget", field.widget)  # admin wrappers
        value = form[name].value()
        names = [form.add_prefix(name)]
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


# A restore keeps whether and when readers see the item, unless asked.


def restore(client, obj, version, **extra):
    url = admin_url(type(obj), "revision", obj.pk, version.pk)
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(url, {**submitted_form(form), **extra}, follow=True)
    assert response.redirect_chain, response.context["adminform"].form.errors
    obj.refresh_from_db()
    return form, response


def warnings_on(response):
    return [
        str(message)
        for message in response.context["messages"]
        if message.level_tag == "warning"
    ]


@pytest.fixture
def rescheduled_release(editor_client):
    """A release first saved for tomorrow, then brought forward and live."""
    tomorrow = timezone.now() + timedelta(days=1)
    editor_client.post(
        admin_url(PressRelease, "add"),
        press_release_admin_data(
            title="Embargoed title",
            slug="the-release",
            **_publishing_data(tomorrow),
        ),
    )
    release = PressRelease.objects.get()
    an_hour_ago = timezone.now() - timedelta(hours=1)
    save_in_admin(
        editor_client, release, title="Live title", **_publishing_data(an_hour_ago)
    )
    assert release.is_public
    return release


def _publishing_data(when, status=Status.PUBLISHED):
    local = timezone.localtime(when)
    return {
        "status": status,
        "publish_at_0": f"{local:%Y-%m-%d}",
        "publish_at_1": f"{local:%H:%M:%S}",
    }


def test_restoring_keeps_the_current_status_and_publish_date(
    editor_client, reader, rescheduled_release
):
    release = rescheduled_release
    live_since = release.publish_at
    _, first = versions_of(release)
    assert first.field_dict["publish_at"] > timezone.now()

    form, response = restore(editor_client, release, first)

    assert release.title == "Embargoed title"
    assert release.status == Status.PUBLISHED
    assert release.publish_at == live_since
    page = reader.get(release.get_absolute_url())
    assert page.status_code == 200
    assert "Embargoed title" in page.content.decode()
    assert warnings_on(response) == [
        "Readers now see the restored version on the public site."
    ]


def test_the_restore_form_says_what_is_kept_and_offers_the_box(
    editor_client, rescheduled_release
):
    _, first = versions_of(rescheduled_release)

    form = editor_client.get(
        admin_url(PressRelease, "revision", rescheduled_release.pk, first.pk)
    )

    html = form.content.decode()
    assert 'name="restore_publishing"' in html
    assert "Also restore this version's status and dates" in html
    assert "stays as it is now, unless you tick the box" in html
    current, version = (
        form.context["current_publishing"],
        form.context["version_publishing"],
    )
    assert ("Status", "Published") in current
    assert dict(current)["Publish at"] != dict(version)["Publish at"]


def test_ticking_the_box_restores_the_dates_and_warns_that_readers_lose_it(
    editor_client, reader, rescheduled_release
):
    release = rescheduled_release
    _, first = versions_of(release)

    _, response = restore(editor_client, release, first, restore_publishing="1")

    assert release.publish_at == first.field_dict["publish_at"]
    assert reader.get(release.get_absolute_url()).status_code == 404
    [warning] = warnings_on(response)
    assert warning.startswith("Readers no longer see this item: it is now scheduled")
    assert "answers “not found” until it is published again" in warning


def test_a_restore_that_publishes_says_so(editor_client, reader):
    editor_client.post(
        admin_url(PressRelease, "add"),
        press_release_admin_data(title="Public once", slug="public-once"),
    )
    release = PressRelease.objects.get()
    save_in_admin(editor_client, release, status=Status.DRAFT, title="Held back")
    assert reader.get("/press/public-once/").status_code == 404
    _, published = versions_of(release)

    _, kept = restore(editor_client, release, published)
    assert release.status == Status.DRAFT
    assert warnings_on(kept) == []

    _, response = restore(editor_client, release, published, restore_publishing="1")

    assert release.status == Status.PUBLISHED
    assert reader.get("/press/public-once/").status_code == 200
    assert warnings_on(response) == [
        "This item is now public at /press/public-once/, as the restored version "
        "was: readers see it from now on."
    ]


def test_restoring_keeps_a_withdrawal(editor_client, reader):
    release = make_press_release(title="Withdrawn later", slug="withdrawn-later")
    save_in_admin(editor_client, release, title="Before the withdrawal")
    withdrawn_at = timezone.now() - timedelta(minutes=5)
    PressRelease.objects.filter(pk=release.pk).update(
        withdrawn_at=withdrawn_at, withdrawal_note="Retracted."
    )
    [only] = versions_of(release)
    assert only.field_dict["withdrawn_at"] is None

    _, response = restore(editor_client, release, only)

    assert release.withdrawn_at == withdrawn_at
    assert release.withdrawal_note == "Retracted."
    assert reader.get("/press/withdrawn-later/").status_code == 410
    assert warnings_on(response) == []


def test_a_contributor_restore_keeps_the_draft_without_a_warning(contributor_client):
    contributor_client.post(
        admin_url(PressRelease, "add"), press_release_admin_data(title="Draft one")
    )
    draft = PressRelease.objects.get()
    save_in_admin(contributor_client, draft, title="Draft two")
    _, first = versions_of(draft)

    _, response = restore(contributor_client, draft, first, restore_publishing="1")

    assert draft.title == "Draft one"
    assert draft.status == Status.DRAFT
    assert warnings_on(response) == []
    assert "Readers see no change: the item is not public (draft)." in [
        str(message) for message in response.context["messages"]
    ]


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("<p>Alpha</p><p>Beta</p>", "<p>Alpha Beta</p>", ["Alpha", "Beta"]),
        ("<ul><li>one</li><li>two</li></ul>", "<p>three</p>", ["one", "two", "three"]),
        (
            "<p>Strikes<br>denied</p>",
            "<p>Strikes confirmed</p>",
            ["denied", "confirmed"],
        ),
        ("<h2>Old</h2><p>text</p>", "<h2>New</h2><p>text</p>", ["Old", "New", "text"]),
    ],
)
def test_rendered_diff_marks_changes_and_never_runs_words_together(old, new, words):
    html = str(rendered_diff(old, new))

    text_words = _text(html).split()
    for word in words:
        assert word in text_words, html


def test_rendered_diff_marks_insertions_and_deletions_in_place():
    html = str(
        rendered_diff(
            "<p>The group claimed the attack.</p>",
            "<p>The group denied the <strong>attack</strong>.</p>",
        )
    )

    assert "<del>claimed</del>" in html
    assert "<ins>denied</ins>" in html
    assert "<strong>" in html
    assert "claimed denied" in _text(html)
