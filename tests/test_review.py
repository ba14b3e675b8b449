"""Review: contributors submit drafts, editors publish, schedule or send back."""

import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from cepsite import reviews
from cepsite.models import ReviewRequest
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
    PressRelease: lambda **kw: make_press_release(title="Findings on Iraq", **kw),
    Quote: lambda **kw: make_quote(text="Words on Iraq.", **kw),
    Resource: lambda **kw: make_resource(title="Findings on Iraq", **kw),
}
by_name = {"ids": lambda model: model.__name__}
State = ReviewRequest.State


@pytest.fixture
def writer():
    return make_staff_member("writer", role="contributor")


@pytest.fixture
def chief():
    return make_staff_member("chief", role="editor")


@pytest.fixture
def writer_client(writer):
    client = Client()
    client.force_login(writer)
    return client


@pytest.fixture
def chief_client(chief):
    client = Client()
    client.force_login(chief)
    return client


def _url(item, view, *args):
    opts = item._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[item.pk, *args]
    )


def _comments(item):
    return [
        version.revision.comment
        for version in Version.objects.get_for_object(item).select_related("revision")
    ]


def _post(client, url, data=None, **kwargs):
    """POST, then run what waits for the commit (the mail), as a commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data or {}, **kwargs)


def _submit(client, item, note="Ready, please check the dates."):
    return _post(client, _url(item, "review_submit"), {"note": note}, follow=True)


@pytest.mark.parametrize("model", MAKE, **by_name)
def test_a_contributor_submits_a_draft_and_the_editors_are_told(
    model, writer_client, chief
):
    item = MAKE[model](status=Status.DRAFT)
    response = _submit(writer_client, item)
    assert response.status_code == 200
    assert "Submitted for review" in response.content.decode()
    review = reviews.open_review(item)
    assert review.submitted_by.username == "writer"
    assert review.note == "Ready, please check the dates."
    assert list(reviews.awaiting_review()) == [review]
    assert [message.to for message in mail.outbox] == [["chief@example.org"]]
    assert "please check the dates" in mail.outbox[0].body
    assert _url(item, "change").removesuffix("change/") in mail.outbox[0].body
    assert _comments(item)[0].startswith("Submitted for review.")
    assert LogEntry.objects.filter(
        object_id=str(item.pk), change_message__startswith="Submitted for review"
    ).exists()


def test_the_change_page_offers_submitting_to_writers_and_deciding_to_editors(
    writer_client, chief_client
):
    draft = make_press_release(status=Status.DRAFT)
    page = writer_client.get(admin_url(PressRelease, "change", draft.pk))
    assert "Submit for review" in page.content.decode()
    _submit(writer_client, draft)
    writer_page = writer_client.get(admin_url(PressRelease, "change", draft.pk))
    assert "Awaiting review" in writer_page.content.decode()
    assert 'class="review-decide"' not in writer_page.content.decode()
    chief_page = chief_client.get(admin_url(PressRelease, "change", draft.pk))
    assert 'class="review-decide"' in chief_page.content.decode()


@pytest.mark.parametrize("model", MAKE, **by_name)
def test_an_editor_publishes_a_submitted_draft_and_the_writer_is_told(
    model, writer_client, chief_client
):
    item = MAKE[model](status=Status.DRAFT)
    _submit(writer_client, item)
    review = reviews.open_review(item)
    mail.outbox.clear()
    response = _post(
        chief_client,
        _url(item, "review_decide", review.pk),
        {"decision": "publish", "comment": "Good work."},
        follow=True,
    )
    assert "Approved: published." in response.content.decode()
    item.refresh_from_db()
    assert item.is_public
    review.refresh_from_db()
    assert review.state == State.APPROVED
    assert review.decided_by.username == "chief"
    assert [message.to for message in mail.outbox] == [["writer@example.org"]]
    assert "Approved and published." in mail.outbox[0].body
    assert _comments(item)[0] == "Approved and published. Good work."
    assert LogEntry.objects.filter(
        object_id=str(item.pk), change_message__startswith="Approved and published"
    ).exists()
    assert Client().get(item.get_absolute_url()).status_code == 200


def test_an_editor_schedules_a_submitted_draft(writer_client, chief_client):
    draft = make_press_release(status=Status.DRAFT)
    _submit(writer_client, draft)
    review = reviews.open_review(draft)
    when = timezone.localtime() + timedelta(days=3)
    _post(
        chief_client,
        _url(draft, "review_decide", review.pk),
        {"decision": "schedule", "publish_at": f"{when:%Y-%m-%dT%H:%M}"},
    )
    draft.refresh_from_db()
    assert draft.is_scheduled
    assert abs((draft.publish_at - when).total_seconds()) < 60
    assert _comments(draft)[0].startswith("Approved and scheduled for")
    assert "scheduled" in mail.outbox[-1].body
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_an_editor_sends_a_draft_back_with_a_comment(writer_client, chief_client):
    draft = make_press_release(status=Status.DRAFT)
    _submit(writer_client, draft)
    review = reviews.open_review(draft)
    mail.outbox.clear()
    _post(
        chief_client,
        _url(draft, "review_decide", review.pk),
        {"decision": "return", "comment": "Name the second source."},
    )
    review.refresh_from_db()
    assert review.state == State.RETURNED
    assert review.comment == "Name the second source."
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert mail.outbox[0].to == ["writer@example.org"]
    assert "Name the second source." in mail.outbox[0].body
    assert _comments(draft)[0] == "Sent back: Name the second source."
    page = writer_client.get(admin_url(PressRelease, "change", draft.pk))
    html = page.content.decode()
    assert "Sent back" in html and "Name the second source." in html
    # Sent back, it can be submitted again.
    assert "Submit for review" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "return", "comment": "  "}, "Say what should change."),
        ({"decision": "schedule"}, "Say when the item should go live."),
        (
            {"decision": "schedule", "publish_at": "2020-01-01T10:00"},
            "A scheduled time must lie ahead.",
        ),
        ({"decision": "burn"}, "Select a valid choice."),
        ({"decision": "schedule", "publish_at": "tomorrow"}, "Enter a valid"),
    ],
)
def test_a_bad_decision_is_refused_with_a_message_and_changes_nothing(
    writer_client, chief_client, data, message
):
    draft = make_press_release(status=Status.DRAFT)
    _submit(writer_client, draft)
    review = reviews.open_review(draft)
    response = _post(
        chief_client, _url(draft, "review_decide", review.pk), data, follow=True
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    review.refresh_from_db()
    draft.refresh_from_db()
    assert review.state == State.SUBMITTED
    assert draft.status == Status.DRAFT


def test_a_contributor_cannot_decide_a_review_even_by_a_forged_post(writer_client):
    draft = make_press_release(status=Status.DRAFT)
    _submit(writer_client, draft)
    review = reviews.open_review(draft)
    mail.outbox.clear()
    for decision in ("publish", "schedule", "return"):
        response = _post(
            writer_client,
            _url(draft, "review_decide", review.pk),
            {
                "decision": decision,
                "comment": "Fine by me.",
                "publish_at": "2099-01-01T10:00",
            },
        )
        assert response.status_code == 403
    review.refresh_from_db()
    draft.refresh_from_db()
    assert review.state == State.SUBMITTED
    assert draft.status == Status.DRAFT
    assert mail.outbox == []


def test_the_service_refuses_a_decision_by_a_contributor(writer):
    draft = make_press_release(status=Status.DRAFT)
    review = reviews.review_submit(item=draft, user=writer, note="")
    with pytest.raises(reviews.ValidationError, match="Only editors"):
        reviews.review_approve(review=review, user=writer)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_published_item_cannot_be_submitted(writer_client, chief_client):
    release = make_press_release()
    response = _submit(chief_client, release)
    assert "Only a draft can be submitted for review." in response.content.decode()
    assert not ReviewRequest.objects.exists()
    # A writer may not even edit it, so the forged POST is refused outright.
    assert writer_client.post(_url(release, "review_submit")).status_code == 403


def test_a_draft_is_submitted_once_until_decided(writer_client):
    draft = make_press_release(status=Status.DRAFT)
    _submit(writer_client, draft)
    response = _submit(writer_client, draft)
    assert "already awaiting review" in response.content.decode()
    assert ReviewRequest.objects.count() == 1


def test_a_decided_review_cannot_be_decided_again(writer_client, chief_client):
    draft = make_press_release(status=Status.DRAFT)
    _submit(writer_client, draft)
    review = reviews.open_review(draft)
    url = _url(draft, "review_decide", review.pk)
    _post(chief_client, url, {"decision": "return", "comment": "Not yet."})
    response = _post(chief_client, url, {"decision": "publish"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_review_views_take_only_post(writer_client):
    draft = make_press_release(status=Status.DRAFT)
    assert writer_client.get(_url(draft, "review_submit")).status_code == 405


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "newsroom@example.org"
    yield inbox
    controller.stop()


def test_the_submission_notice_is_delivered_over_smtp(
    writer_client, chief, smtp_server
):
    draft = make_press_release(title="Findings on Iraq", status=Status.DRAFT)
    _submit(writer_client, draft, note="Embargo until Monday.")
    assert len(smtp_server.messages) == 1
    envelope = smtp_server.messages[0]
    assert envelope.mail_from == "newsroom@example.org"
    assert envelope.rcpt_tos == ["chief@example.org"]
    content = envelope.content.decode()
    assert "Subject: For review: Findings on Iraq" in content
    assert "Embargo until Monday." in content
