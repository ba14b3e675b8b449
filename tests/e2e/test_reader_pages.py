"""Readers' pages in a real browser: accessible, usable on a phone, pictured."""

import pytest

from tests.e2e.conftest import PHONE
from tests.e2e.pages import load_demo_content, public_pages

pytestmark = pytest.mark.django_db(transaction=True)


def test_public_pages_and_admin_login_have_no_serious_accessibility_violations(
    live_server, page, axe, screenshot
):
    load_demo_content()
    pages = [*public_pages(), ("admin-login", "/admin/login/")]
    violations = {}
    for name, path in pages:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url + path)
        found = axe(page)
        if found:
            violations[name] = found
        screenshot(page, f"{name}-desktop")
        page.set_viewport_size(PHONE)
        page.reload()
        found = axe(page)
        if found:
            violations[f"{name} (phone)"] = found
        screenshot(page, f"{name}-phone")
    assert violations == {}


def test_reader_on_a_phone_opens_the_menu_and_filters_the_archive_by_keyboard(
    live_server, phone_page
):
    load_demo_content()
    from resources.models import Organization

    organization = Organization.objects.filter(quotes__isnull=False).first()
    page = phone_page
    page.goto(live_server.url + "/")

    menu = page.get_by_role("button", name="Menu")
    nav_link = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Their Words"
    )
    assert menu.is_visible()
    assert not nav_link.is_visible()
    menu.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    assert nav_link.is_visible()

    # Follow the navigation to the archive without touching the mouse.
    nav_link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/quotes/")

    # On a phone the filters fold behind one button; open it by keyboard.
    toggle = page.locator("summary.filter-panel__toggle")
    toggle.focus()
    page.keyboard.press("Enter")

    field = page.get_by_role("combobox", name="Organisation")
    # Tab from the top of the page until the organisation field has focus.
    page.locator("body").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if field.evaluate("element => element === document.activeElement"):
            break
    assert field.evaluate("element => element === document.activeElement")
    page.keyboard.type(organization.slug)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**organization={organization.slug}**")

    cards = page.locator(".quote-list > li")
    assert cards.count() > 0
    assert page.get_by_text(f"{organization.name}").first.is_visible()
