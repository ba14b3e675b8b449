"""'Cite this' in a real browser: the copy button, under the site's own CSP."""

from datetime import date

import pytest

from cepsite.dates import Precision
from tests.e2e.conftest import DESKTOP
from tests.factories import make_organization, make_person, make_quote

pytestmark = pytest.mark.django_db(transaction=True)


def test_copy_button_puts_the_citation_on_the_clipboard(live_server, browser):
    organization = make_organization(name="Kata'ib Hezbollah", short_name="KH")
    quote = make_quote(
        text="We will strike.",
        person=make_person(name="Abu Ali al-Askari", organization=organization),
        organization=organization,
        said_on=date(2023, 3, 1),
        said_on_precision=Precision.MONTH,
    )
    # No bypass of the Content-Security-Policy: the page runs as readers get it.
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_server.url
    )
    page = context.new_page()
    problems = []
    page.on(
        "console",
        lambda message: message.type == "error" and problems.append(message.text),
    )
    try:
        page.goto(live_server.url + quote.get_absolute_url())
        button = page.locator('[data-copy-target="cite-apa-text"]')
        button.wait_for(state="visible")
        button.click()
        page.get_by_role("status").filter(has_text="Copied").wait_for()
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied.startswith("Abu Ali al-Askari. (2023, March). We will strike.")
        assert f"{live_server.url}/quotes/{quote.pk}/" in copied
        assert problems == []
    finally:
        context.close()
