"""
An editor who leaves a change form with unsaved changes is asked first; one
who saves, or has changed nothing, is not. In Chromium, under the site's
Content-Security-Policy.
"""

import pytest

from tests.e2e.pages import log_in
from tests.factories import make_organization, make_staff_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor_page(live_server, browser):
    make_staff_user("editor", superuser=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    blocked = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and blocked.append(message.text)
        ),
    )
    log_in(page, live_server.url, "editor")
    page.blocked = blocked
    yield page
    context.close()


def _record_dialogs(page):
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        # Stay on the page, as an editor who meant to save would.
        dialog.dismiss()

    page.on("dialog", answer)
    return dialogs


def test_leaving_a_form_with_unsaved_changes_asks_first(live_server, editor_page):
    organization = make_organization(name="Saraya al-Thar")
    page = editor_page
    url = f"{live_server.url}/admin/resources/organization/{organization.pk}/change/"
    page.goto(url)
    page.wait_for_load_state("load")
    dialogs = _record_dialogs(page)

    page.locator("#id_aliases").click()
    page.keyboard.type("Revenge Brigades")
    page.locator("#site-name a").click()

    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url == url
    assert page.blocked == []


def test_saving_or_leaving_an_unchanged_form_does_not_ask(live_server, editor_page):
    organization = make_organization(name="Saraya al-Thar")
    page = editor_page
    url = f"{live_server.url}/admin/resources/organization/{organization.pk}/change/"
    page.goto(url)
    page.wait_for_load_state("load")
    dialogs = _record_dialogs(page)

    page.locator("#id_aliases").click()
    page.keyboard.type("Revenge Brigades")
    page.locator("input[name=_continue]").click()
    page.wait_for_selector(".messagelist .success")
    page.locator("#site-name a").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    assert dialogs == []
    organization.refresh_from_db()
    assert organization.aliases == "Revenge Brigades"
