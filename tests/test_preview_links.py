"""Shareable preview links: made by editors, opened by anyone until they end."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.core import signing
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cepsite import previews
from cepsite.models import PreviewLink
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


@pytest.fixture
def editor():
    return make_staff_member("chief", role="editor")


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def _link_path(link):
    return reverse("preview_link", kwargs={"token": previews.token_for(link)})


@pytest.mark.parametrize("model", MAKE, **by_name)
def test_a_draft_opens_for_a_logged_out_reader_with_banner_and_noindex(model):
    item = MAKE[model](status=Status.DRAFT)
    link = previews.preview_link_create(item=item, days=3)
    response = Client().get(_link_path(link))
    assert response.status_code == 200
    html = response.content.decode()
    assert TEXT[model] in html
    assert "preview-link-banner" in html
    assert "Preview: Draft." in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


@pytest.mark.parametrize("model", MAKE, **by_name)
def test_a_scheduled_item_opens_and_says_when_it_goes_live(model):
    item = MAKE[model](publish_at=timezone.now() + timedelta(days=2))
    link = previews.preview_link_create(item=item, days=3)
    response = Client().get(_link_path(link))
    assert response.status_code == 200
    assert "Preview: Scheduled for" in response.content.decode()


def test_the_preview_never_reveals_other_drafts():
    draft_resource = make_resource(title="Secret dossier", status=Status.DRAFT)
    live_resource = make_resource(title="Iraq")
    release = make_press_release(
        title="Embargoed findings",
        status=Status.DRAFT,
        tags=["iraq"],
        resources=[draft_resource, live_resource],
    )
    make_press_release(title="Unreleased sibling", status=Status.DRAFT, tags=["iraq"])
    make_press_release(title="Released sibling", tags=["iraq"])
    link = previews.preview_link_create(item=release, days=1)
    html = Client().get(_link_path(link)).content.decode()
    assert "Embargoed findings" in html
    assert "Iraq" in html and "Released sibling" in html
    assert "Secret dossier" not in html
    assert "Unreleased sibling" not in html


def test_a_link_opens_only_its_own_item():
    shown = make_press_release(title="Shown draft", status=Status.DRAFT)
    make_press_release(title="Other draft", status=Status.DRAFT)
    link = previews.preview_link_create(item=shown, days=1)
    html = Client().get(_link_path(link)).content.decode()
    assert "Shown draft" in html and "Other draft" not in html


def test_the_page_cache_never_keeps_a_preview(page_cache):
    release = make_press_release(title="Embargoed findings", status=Status.DRAFT)
    link = previews.preview_link_create(item=release, days=1)
    first = Client().get(_link_path(link))
    assert first.status_code == 200
    assert "X-Cache" not in first
    previews.preview_link_revoke(link=link)
    assert Client().get(_link_path(link)).status_code == 410


def test_an_expired_link_answers_410_and_changes_nothing():
    release = make_press_release(status=Status.DRAFT)
    link = previews.preview_link_create(item=release, days=1)
    PreviewLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = Client().get(_link_path(link))
    assert response.status_code == 410
    html = response.content.decode()
    assert "This preview link has expired." in html
    assert release.title not in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    release.refresh_from_db()
    assert release.status == Status.DRAFT


def test_a_revoked_link_answers_410():
    release = make_press_release(status=Status.DRAFT)
    link = previews.preview_link_create(item=release, days=1)
    previews.preview_link_revoke(link=link)
    response = Client().get(_link_path(link))
    assert response.status_code == 410
    assert "This preview link was revoked." in response.content.decode()


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        signing.Signer(salt="another purpose").sign_object(1),
        signing.Signer(salt=previews.SALT).sign_object("1"),
        signing.Signer(salt=previews.SALT).sign_object(999999),
    ],
    ids=["garbage", "other-salt", "not-a-number", "no-such-link"],
)
def test_a_forged_or_unknown_token_answers_404(token):
    release = make_press_release(title="Never shown", status=Status.DRAFT)
    previews.preview_link_create(item=release, days=1)
    response = Client().get(reverse("preview_link", kwargs={"token": token}))
    assert response.status_code == 404
    html = response.content.decode()
    assert "This preview link is not valid." in html
    assert "Never shown" not in html


def test_a_tampered_token_answers_404():
    release = make_press_release(title="Never shown", status=Status.DRAFT)
    other = make_press_release(title="Other", status=Status.DRAFT)
    link = previews.preview_link_create(item=release, days=1)
    other_link = previews.preview_link_create(item=other, days=1)
    # The payload of one link with the signature of another.
    payload = previews.token_for(link).split(":")[0]
    signature = previews.token_for(other_link).split(":", 1)[1]
    response = Client().get(
        reverse("preview_link", kwargs={"token": f"{payload}:{signature}"})
    )
    assert response.status_code == 404


def test_a_link_to_a_deleted_item_answers_404():
    release = make_press_release(status=Status.DRAFT)
    link = previews.preview_link_create(item=release, days=1)
    release.delete()
    assert Client().get(_link_path(link)).status_code == 404


def test_a_preview_link_takes_only_get_and_head():
    link = previews.preview_link_create(item=make_quote(), days=1)
    assert Client().post(_link_path(link)).status_code == 405


@pytest.mark.parametrize("model", MAKE, **by_name)
def test_an_editor_makes_a_link_on_the_change_page_and_it_is_listed(
    model, editor_client
):
    item = MAKE[model](status=Status.DRAFT)
    create = reverse(
        f"admin:{item._meta.app_label}_{item._meta.model_name}_preview_link_create",
        args=[item.pk],
    )
    response = editor_client.post(create, {"days": "5", "note": "For the AP"})
    assert response.status_code == 302
    link = previews.links_of(item).get()
    assert link.note == "For the AP"
    assert link.created_by.username == "chief"
    expected = timezone.now() + timedelta(days=5)
    assert abs((link.expires_at - expected).total_seconds()) < 60
    assert LogEntry.objects.filter(
        object_id=str(item.pk), change_message__startswith="Shared a preview link"
    ).exists()
    page = editor_client.get(admin_url(model, "change", item.pk)).content.decode()
    assert previews.token_for(link) in page
    assert "For the AP" in page


def test_an_editor_revokes_a_link_from_the_change_page(editor_client):
    release = make_press_release(status=Status.DRAFT)
    link = previews.preview_link_create(item=release, days=2)
    revoke = reverse(
        "admin:press_pressrelease_preview_link_revoke", args=[release.pk, link.pk]
    )
    assert editor_client.post(revoke).status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert Client().get(_link_path(link)).status_code == 410


@pytest.mark.parametrize("days", ["0", "91", "soon", ""])
def test_a_bad_number_of_days_is_refused_with_a_message(editor_client, days):
    release = make_press_release(status=Status.DRAFT)
    create = reverse("admin:press_pressrelease_preview_link_create", args=[release.pk])
    response = editor_client.post(create, {"days": days}, follow=True)
    assert response.status_code == 200
    assert "No preview link made." in response.content.decode()
    assert not PreviewLink.objects.exists()


def test_a_contributor_cannot_make_or_revoke_links_even_by_forged_posts(client):
    client.force_login(make_staff_member("writer", role="contributor"))
    release = make_press_release(status=Status.DRAFT)
    link = previews.preview_link_create(item=release, days=2)
    create = reverse("admin:press_pressrelease_preview_link_create", args=[release.pk])
    revoke = reverse(
        "admin:press_pressrelease_preview_link_revoke", args=[release.pk, link.pk]
    )
    assert client.post(create, {"days": "3"}).status_code == 403
    assert client.post(revoke).status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None
    assert PreviewLink.objects.count() == 1
    page = client.get(admin_url(PressRelease, "change", release.pk)).content.decode()
    assert "Make a preview link" not in page


def test_a_link_of_another_item_cannot_be_revoked_through_this_one(editor_client):
    release = make_press_release(status=Status.DRAFT)
    other = make_press_release(status=Status.DRAFT)
    link = previews.preview_link_create(item=other, days=2)
    revoke = reverse(
        "admin:press_pressrelease_preview_link_revoke", args=[release.pk, link.pk]
    )
    assert editor_client.post(revoke).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_the_command_prints_a_working_full_url(settings):
    settings.SITE_URL = "https://press.example.org"
    release = make_press_release(title="Embargoed findings", status=Status.DRAFT)
    out = StringIO()
    call_command(
        "preview_link", "press.pressrelease", str(release.pk), "--days", "2", stdout=out
    )
    url = out.getvalue().strip()
    assert re.fullmatch(r"https://press\.example\.org/preview/[^/]+/", url)
    link = PreviewLink.objects.get()
    assert link.object_id == release.pk
    expected = timezone.now() + timedelta(days=2)
    assert abs((link.expires_at - expected).total_seconds()) < 60
    path = url.removeprefix("https://press.example.org")
    assert "Embargoed findings" in Client().get(path).content.decode()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["press.nothing", "1"], "Unknown model"),
        (["pressrelease", "1"], "Unknown model"),
        (["resources.organization", "1"], "has no public page"),
        (["press.pressrelease", "999999"], "No press release with id 999999"),
        (["press.pressrelease", "{pk}", "--days", "0"], "from 1 to 90 days"),
    ],
)
def test_the_command_refuses_bad_arguments_clearly(arguments, message):
    release = make_press_release(status=Status.DRAFT)
    arguments = [a.format(pk=release.pk) for a in arguments]
    with pytest.raises(CommandError, match=message):
        call_command("preview_link", *arguments, stdout=StringIO())
    assert not PreviewLink.objects.exists()


@pytest.mark.parametrize("model", MAKE, **by_name)
def test_the_change_page_reads_its_item_once_for_every_panel(model, editor_client):
    item = MAKE[model](status=Status.DRAFT)
    table = connection.ops.quote_name(item._meta.db_table)

    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(admin_url(model, "change", item.pk))

    assert response.status_code == 200
    reads = [q["sql"] for q in queries if q["sql"].startswith(f"SELECT {table}.")]
    assert len(reads) == 1
