"""
A contributor submits a draft for review; an editor finds it on the
dashboard, schedules it and shares a preview link; a logged-out browser
opens the link, until the editor revokes it. All in Chromium, against the
live server.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cepsite.models import ReviewRequest
from cepsite.publishing import Status
from press.models import PressRelease
from tests.e2e.pages import log_in
from tests.factories import make_press_release, make_staff_member

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Embargoed: Militia Finance Report"
DESKTOP = {"width": 1280, "height": 900}


def test_a_draft_goes_through_review_and_a_preview_link_to_a_reader(
    live_server, browser, screenshot
):
    make_staff_member("writer", role="contributor")
    make_staff_member("chief", role="editor")
    release = make_press_release(title=TITLE, status=Status.DRAFT)
    base = live_server.url
    change = f"{base}/admin/press/pressrelease/{release.pk}/change/"

    # The contributor submits the draft with a note.
    writer_context = browser.new_context(viewport=DESKTOP)
    writer = writer_context.new_page()
    log_in(writer, base, "writer")
    writer.goto(change)
    writer.get_by_label("Note for the editor").fill("Embargoed until Monday.")
    writer.get_by_role("button", name="Submit for review").click()
    writer.wait_for_selector(".messagelist .success")
    assert "Awaiting review" in writer.locator("#review").inner_text()
    assert writer.locator("form.review-decide").count() == 0
    assert writer.locator("#preview-links").count() == 0
    writer_context.close()
    assert [message.to for message in mail.outbox] == [["chief@example.org"]]

    # The editor finds it on the dashboard and schedules it.
    editor_context = browser.new_context(viewport=DESKTOP)
    editor = editor_context.new_page()
    log_in(editor, base, "chief")
    queue = editor.locator("#awaiting-review")
    assert "Embargoed until Monday." in queue.inner_text()
    screenshot(editor, "dashboard-awaiting-review")
    queue.get_by_role("link", name=TITLE).click()
    editor.wait_for_url(f"**/admin/press/pressrelease/{release.pk}/change/**")
    when = timezone.localtime() + timedelta(days=3)
    decision = editor.locator("form.review-decide")
    decision.get_by_label("Schedule").check()
    decision.get_by_label("Publish at").fill(f"{when:%Y-%m-%dT%H:%M}")
    decision.get_by_label("Comment").fill("Good to go on Monday.")
    decision.get_by_role("button", name="Decide").click()
    editor.wait_for_selector(".messagelist .success")
    release.refresh_from_db()
    assert release.is_scheduled
    assert ReviewRequest.objects.get().state == ReviewRequest.State.APPROVED

    # The editor shares a preview link for two days.
    links = editor.locator("#preview-links")
    links.get_by_label("Days").fill("2")
    links.get_by_label("Note").fill("For the wire services")
    links.get_by_role("button", name="Make a preview link").click()
    editor.wait_for_selector(".messagelist .success")
    preview_url = editor.locator(".preview-link__url").first.input_value()
    assert "/preview/" in preview_url
    screenshot(editor, "change-page-preview-links")

    # A logged-out browser opens it: the page, a banner, nothing cached.
    reader_context = browser.new_context(viewport=DESKTOP)
    reader = reader_context.new_page()
    response = reader.goto(preview_url)
    assert response.status == 200
    assert response.headers["x-robots-tag"] == "noindex, nofollow"
    assert "no-store" in response.headers["cache-control"]
    assert reader.get_by_role("heading", level=1).inner_text() == TITLE
    banner = reader.locator(".preview-link-banner").inner_text()
    assert "Scheduled for" in banner
    robots = reader.locator("meta[name=robots]").get_attribute("content")
    assert "noindex" in robots
    screenshot(reader, "reader-opens-preview-link")
    assert reader.goto(f"{base}{release.get_absolute_url()}").status == 404

    # Revoked, the link says so and shows nothing.
    editor.locator("#preview-links").get_by_role("button", name="Revoke").click()
    editor.wait_for_selector(".messagelist .success")
    response = reader.goto(preview_url)
    assert response.status == 410
    assert "revoked" in reader.locator(".preview-unavailable").inner_text()
    assert TITLE not in reader.content()
    reader_context.close()
    editor_context.close()
    assert PressRelease.objects.get(pk=release.pk).status == Status.PUBLISHED
