"""
A contributor writes a press release in the admin: it can only be a draft,
nothing offers to publish it, the contributor can preview it, and readers
cannot see it. All in Chromium, against the live server.
"""

import pytest

from press.models import PressRelease
from tests.e2e.pages import log_in
from tests.factories import make_staff_member

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Militia Finance Under Scrutiny"


def test_contributor_writes_a_draft_that_only_staff_can_see(
    live_server, browser, screenshot
):
    make_staff_member("writer", role="contributor")
    base = live_server.url
    writer_context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = writer_context.new_page()
    log_in(page, base, "writer")

    # The add page shows the status as a fact, not a choice.
    page.goto(f"{base}/admin/press/pressrelease/add/")
    assert page.locator("#id_status").count() == 0
    assert page.locator("select[name=status], input[name=status]").count() == 0
    assert page.locator(".field-status .readonly").inner_text() == "Draft"

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_dateline").fill("New York, N.Y.")
    page.locator("#id_summary").fill("Where the money comes from.")
    page.locator(".field-body .ProseMirror[contenteditable=true]").click()
    page.keyboard.type("The militia's finances are under scrutiny.")
    page.locator("#id_tags").fill("militia-finance")
    page.locator("input[name=_save]").click()
    page.wait_for_selector(".messagelist .success")

    release = PressRelease.objects.get(title=TITLE)
    assert release.status == "draft"
    assert release.slug == "militia-finance-under-scrutiny"

    # The list offers no way to publish it, nor to delete it.
    listed = page.locator("#result_list", has_text=TITLE)
    assert listed.is_visible()
    assert "Draft" in listed.inner_text()
    assert page.locator("option[value=publish_selected]").count() == 0
    assert page.locator("option[value=unpublish_selected]").count() == 0
    assert page.locator("option[value=delete_selected]").count() == 0
    screenshot(page, "contributor-press-list")

    # Nor does its page, which links to a preview.
    listed.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/admin/press/pressrelease/{release.pk}/change/")
    assert page.locator("#id_status").count() == 0
    assert page.locator(".field-status .readonly").inner_text() == "Draft"
    assert page.locator("a.deletelink").count() == 0
    with writer_context.expect_page() as opened:
        page.get_by_role("link", name="Preview").click()
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.get_by_role("heading", level=1).inner_text() == TITLE
    assert "Draft — not public" in preview.locator(".visibility-banner").inner_text()
    screenshot(preview, "contributor-preview")
    preview_url = preview.url
    writer_context.close()

    # A reader gets nothing at its address, nor at the preview's.
    reader_context = browser.new_context(viewport={"width": 1280, "height": 900})
    reader = reader_context.new_page()
    assert reader.goto(f"{base}{release.get_absolute_url()}").status == 404
    assert reader.goto(preview_url).status == 404
    reader.goto(f"{base}/press/")
    assert reader.get_by_text(TITLE).count() == 0
    reader_context.close()

    release.refresh_from_db()
    assert release.status == "draft"
