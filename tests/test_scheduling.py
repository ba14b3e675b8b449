"""
An editor publishes and schedules items: the bulk actions, and who may run
them. Scheduled items stay out of every public page, cached ones included,
until their time comes, then appear with nobody doing anything. The clock is
frozen with time-machine and moved on by hand.
"""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
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
)

pytestmark = pytest.mark.django_db

# 12 March 2027, 09:00 in the site's time zone.
RELEASE_TIME = timezone.make_aware(datetime(2027, 3, 12, 9, 0))
TITLE = "Embargoed report on militia finance"


@pytest.fixture(autouse=True)
def _sessions_outlast_the_clock(settings):
    """The clock jumps hours ahead between requests; the staff stay signed in."""
    settings.STAFF_SESSION_IDLE_AGE = settings.STAFF_SESSION_MAX_AGE = 7 * 24 * 3600


@pytest.fixture
def clock():
    with time_machine.travel(RELEASE_TIME - timedelta(hours=2), tick=False) as t:
        yield t


@pytest.fixture
def editor(db):
    return make_staff_member("chief", role="editor")


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def _local_fields(when):
    local = timezone.localtime(when)
    return {"publish_at_0": f"{local:%Y-%m-%d}", "publish_at_1": f"{local:%H:%M:%S}"}


@pytest.fixture
def scheduled(clock, editor_client):
    """A press release scheduled in the admin, and a quote and resource."""
    response = editor_client.post(
        reverse("admin:press_pressrelease_add"),
        press_release_admin_data(
            title=TITLE,
            slug="embargoed-report",
            summary="Embargoed summary.",
            tags="militia-finance",
            status=Status.PUBLISHED,
            **_local_fields(RELEASE_TIME),
        ),
    )
    assert response.status_code == 302
    release = PressRelease.objects.get(slug="embargoed-report")
    quote = make_quote(
        text="Embargoed words about the money.",
        tags=["militia-finance"],
        publish_at=RELEASE_TIME,
    )
    resource = make_resource(
        title="Embargoed militia profile",
        featured=True,
        tags=["militia-finance"],
        publish_at=RELEASE_TIME,
    )
    # Something already public, so the tag page and lists exist before.
    make_press_release(title="An older release", tags=["militia-finance"])
    return release, quote, resource


def _pages(release, quote, resource):
    """(address, what to look for) for every public place an item shows."""
    return [
        ("/", TITLE),
        ("/", "Embargoed militia profile"),
        (reverse("press:list"), TITLE),
        (reverse("quotes:archive"), "Embargoed words about the money."),
        (reverse("resources:list"), "Embargoed militia profile"),
        (reverse("tag", args=["militia-finance"]), TITLE),
        (reverse("tag", args=["militia-finance"]), "Embargoed words"),
        (reverse("tag", args=["militia-finance"]), "Embargoed militia profile"),
        (reverse("press_feed"), TITLE),
        (reverse("quotes_feed"), "Embargoed words"),
        (
            reverse("django.contrib.sitemaps.views.sitemap", args=["press"]),
            release.get_absolute_url(),
        ),
        # Search marks the words it found, so look for the links.
        (reverse("search") + "?q=embargoed", f'"{release.get_absolute_url()}"'),
        (reverse("search") + "?q=embargoed", f'"{quote.get_absolute_url()}"'),
        (reverse("search") + "?q=embargoed", f'"{resource.get_absolute_url()}"'),
    ]


def _details(release, quote, resource):
    return [
        release.get_absolute_url(),
        quote.get_absolute_url(),
        resource.get_absolute_url(),
    ]


def test_scheduled_items_appear_by_themselves_when_their_time_comes(
    scheduled, clock, page_cache
):
    reader = Client()
    release, quote, resource = scheduled
    assert release.is_scheduled

    for url, text in _pages(*scheduled):
        first = reader.get(url)
        again = reader.get(url)
        assert first.status_code == 200, url
        assert text not in first.content.decode(), url
        assert again["X-Cache"] == "hit", url
        assert text not in again.content.decode(), url
    for url in _details(*scheduled):
        assert reader.get(url).status_code == 404, url

    clock.move_to(RELEASE_TIME + timedelta(seconds=1))

    for url, text in _pages(*scheduled):
        response = reader.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url
    for url in _details(*scheduled):
        assert reader.get(url).status_code == 200, url


def test_a_minute_early_is_still_too_early(scheduled, clock, page_cache):
    reader = Client()
    release = scheduled[0]

    clock.move_to(RELEASE_TIME - timedelta(minutes=1))

    assert reader.get(release.get_absolute_url()).status_code == 404
    assert TITLE not in reader.get(reverse("press:list")).content.decode()


def test_the_changelist_says_when_a_scheduled_item_will_appear(
    scheduled, clock, editor_client
):
    html = editor_client.get(reverse("admin:press_pressrelease_changelist"))

    assert "Scheduled for 12 Mar. 2027, 09:00" in html.content.decode()


def test_the_changelist_says_published_once_the_time_has_passed(
    scheduled, clock, editor_client
):
    clock.move_to(RELEASE_TIME + timedelta(minutes=5))

    html = editor_client.get(reverse("admin:press_pressrelease_changelist"))

    assert "Scheduled for" not in html.content.decode()


def test_the_scheduled_filter_lists_what_is_waiting(scheduled, clock, editor_client):
    release, quote, resource = scheduled

    def waiting(model):
        opts = model._meta
        response = editor_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            {"visibility": "scheduled"},
        )
        return list(response.context["cl"].result_list)

    assert waiting(PressRelease) == [release]
    assert waiting(Quote) == [quote]
    assert waiting(Resource) == [resource]
    clock.move_to(RELEASE_TIME + timedelta(seconds=1))
    assert waiting(PressRelease) == []


def test_a_draft_with_a_past_date_stays_hidden_until_published(clock, page_cache):
    reader = Client()
    draft = make_press_release(
        title="Unfinished", status=Status.DRAFT, publish_at=RELEASE_TIME
    )

    clock.move_to(RELEASE_TIME + timedelta(days=1))

    assert reader.get(draft.get_absolute_url()).status_code == 404
    assert "Unfinished" not in reader.get(reverse("press:list")).content.decode()


# Publishing in bulk, from the changelist.


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def contributor_client(db):
    client = Client()
    client.force_login(make_staff_member("writer", role="contributor"))
    return client


def test_changelist_shows_when_a_scheduled_item_will_appear(staff_client):
    when = timezone.now() + timedelta(days=3)
    make_press_release(title="Embargoed", publish_at=when)
    make_press_release(title="Unfinished", status=Status.DRAFT)

    html = staff_client.get(admin_url(PressRelease, "changelist")).content.decode()

    local = timezone.localtime(when)
    assert f"Scheduled for {local:%-d %b. %Y, %H:%M}" in html
    assert "Draft" in html


PUBLISHABLE = {
    Resource: make_resource,
    Quote: make_quote,
    PressRelease: make_press_release,
}


@pytest.mark.parametrize("model", PUBLISHABLE, ids=lambda m: m.__name__)
def test_publish_action_publishes_the_selected_drafts(staff_client, model):
    make = PUBLISHABLE[model]
    drafts = [make(status=Status.DRAFT) for _ in range(3)]
    untouched = make(status=Status.DRAFT)

    response = staff_client.post(
        admin_url(model, "changelist"),
        {"action": "publish_selected", "_selected_action": [d.pk for d in drafts]},
        follow=True,
    )

    assert response.status_code == 200
    assert set(model.objects.published()) == set(drafts)
    untouched.refresh_from_db()
    assert untouched.status == Status.DRAFT
    plural = model._meta.verbose_name_plural
    assert f"Published 3 {plural}." in messages_of(response)
    assert LogEntry.objects.filter(change_message="Published.").count() == 3


def test_publish_action_schedules_drafts_dated_in_the_future(staff_client):
    due = make_press_release(status=Status.DRAFT)
    later = make_press_release(
        status=Status.DRAFT, publish_at=timezone.now() + timedelta(days=2)
    )

    response = staff_client.post(
        admin_url(PressRelease, "changelist"),
        {"action": "publish_selected", "_selected_action": [due.pk, later.pk]},
        follow=True,
    )

    later.refresh_from_db()
    assert later.is_scheduled
    assert list(PressRelease.objects.published()) == [due]
    [message] = messages_of(response)
    assert message.startswith("Published 2 press releases.")
    assert "1 press release dated in the future is scheduled" in message


def test_publish_action_leaves_published_items_and_their_dates_alone(staff_client):
    published = make_press_release()
    before = published.updated_at

    response = staff_client.post(
        admin_url(PressRelease, "changelist"),
        {"action": "publish_selected", "_selected_action": [published.pk]},
        follow=True,
    )

    published.refresh_from_db()
    assert published.updated_at == before
    assert messages_of(response) == [
        "Nothing to publish: the selected press releases were already published."
    ]


@pytest.mark.parametrize("model", PUBLISHABLE, ids=lambda m: m.__name__)
def test_unpublish_action_turns_published_and_scheduled_items_into_drafts(
    staff_client, model
):
    make = PUBLISHABLE[model]
    live = make()
    scheduled = make(publish_at=timezone.now() + timedelta(days=1))
    other = make()

    response = staff_client.post(
        admin_url(model, "changelist"),
        {"action": "unpublish_selected", "_selected_action": [live.pk, scheduled.pk]},
        follow=True,
    )

    assert set(model.objects.drafts()) == {live, scheduled}
    assert list(model.objects.published()) == [other]
    plural = model._meta.verbose_name_plural
    assert f"Unpublished 2 {plural}; they are drafts again." in messages_of(response)
    assert LogEntry.objects.filter(change_message="Unpublished.").count() == 2


def test_viewers_are_not_offered_publishing_actions_and_cannot_run_them(
    client, django_user_model
):
    viewer = django_user_model.objects.create_user(
        username="viewer", password="correct horse battery", is_staff=True
    )
    viewer.user_permissions.add(Permission.objects.get(codename="view_pressrelease"))
    client.force_login(viewer)
    draft = make_press_release(status=Status.DRAFT)
    url = admin_url(PressRelease, "changelist")

    page = client.get(url)
    client.post(url, {"action": "publish_selected", "_selected_action": [draft.pk]})

    assert page.status_code == 200
    assert "publish_selected" not in page.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.parametrize("model", PUBLISHABLE, ids=lambda m: m.__name__)
def test_contributor_cannot_run_the_publish_action_by_posting_it(
    contributor_client, model
):
    draft = PUBLISHABLE[model](status=Status.DRAFT)

    contributor_client.post(
        admin_url(model, "changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
    )

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.parametrize("model", PUBLISHABLE, ids=lambda m: m.__name__)
def test_contributor_cannot_run_the_unpublish_action_by_posting_it(
    contributor_client, model
):
    published = PUBLISHABLE[model]()

    contributor_client.post(
        admin_url(model, "changelist"),
        {"action": "unpublish_selected", "_selected_action": [published.pk]},
    )

    published.refresh_from_db()
    assert published.status == Status.PUBLISHED


def test_bulk_publishing_keeps_a_version_of_the_new_state(editor_client, editor):
    draft = make_press_release(status=Status.DRAFT)

    editor_client.post(
        admin_url(PressRelease, "changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
    )

    [version] = Version.objects.get_for_object(draft).select_related("revision")
    assert version.field_dict["status"] == Status.PUBLISHED
    assert version.revision.get_comment() == "Published."
    assert version.revision.user == editor
