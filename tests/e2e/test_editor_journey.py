"""
An editor writes and publishes through the admin; a reader then finds the
work on the public site. All in Chromium, against the live server.
"""

import io
import re

import pytest
from django.core.management import call_command
from PIL import Image, ImageDraw

from press.models import PressRelease
from quotes.models import Quote
from resources.models import Resource
from tests import source_servers
from tests.e2e.pages import log_in
from tests.factories import make_resource, make_staff_user

pytestmark = pytest.mark.django_db(transaction=True)

source_server = source_servers.source_server


def _lead_image(tmp_path):
    path = tmp_path / "lead.png"
    image = Image.new("RGB", (1200, 630), (24, 40, 72))
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 120, 1120, 510), outline=(230, 230, 230), width=12)
    image.save(path)
    return path


def _choose(page, field_name, text):
    """Pick ``text`` in one of the admin's autocomplete (select2) widgets."""
    page.locator(f".field-{field_name} .select2-selection").click()
    search = page.locator(
        ".select2-container--open .select2-search__field, "
        f".field-{field_name} .select2-search__field"
    ).first
    search.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def _save(page):
    page.locator("input[name=_save]").click()
    page.wait_for_selector(".messagelist .success")


def test_editor_publishes_and_a_reader_finds_the_work(
    live_server, browser, tmp_path, screenshot, source_server
):
    make_resource(title="Iraq", slug="iraq", kind=Resource.Kind.COUNTRY)
    make_resource(title="ISIS", slug="isis", kind=Resource.Kind.GROUP)
    make_staff_user("editor", superuser=True)
    base = live_server.url

    # The site's Content-Security-Policy is enforced, as for real editors;
    # the browser reports anything it blocks on the console.
    editor_context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = editor_context.new_page()
    blocked = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and blocked.append(message.text)
        ),
    )
    log_in(page, base, "editor")

    # An organisation and a person.
    page.goto(f"{base}/admin/resources/organization/add/")
    page.locator("#id_name").fill("Saraya al-Thar")
    page.locator("#id_short_name").fill("SaT")
    page.locator("#id_aliases").fill("Revenge Brigades")
    _save(page)

    page.goto(f"{base}/admin/resources/person/add/")
    page.locator("#id_name").fill("Abu Karrar al-Tamimi")
    _choose(page, "organization", "Saraya al-Thar")
    _save(page)

    # A month-precise quote with tags.
    page.goto(f"{base}/admin/quotes/quote/add/")
    page.locator("#id_kind").select_option("quote")
    page.locator("#id_text").fill("The drones will keep flying until they leave.")
    _choose(page, "person", "Abu Karrar al-Tamimi")
    page.locator("#id_role").fill("Spokesman")
    _choose(page, "organization", "Saraya al-Thar")
    # Typed as far as it is known: the month.
    page.locator("#id_said_on").fill("2023-03")
    page.locator("#id_status").select_option("published")
    page.locator("#id_tags").fill("drone-strikes, iraq")
    # Two sources: the group's channel, then a broadcaster's report.
    page.locator("#id_sources-0-publisher").fill("Telegram channel of the group")
    page.locator("#id_sources-0-title").fill("Statement on the drones")
    page.locator("#id_sources-0-url").fill(source_server.url("/live"))
    page.locator("#sources-group .add-row a").click()
    page.locator("#id_sources-1-publisher").fill("Al-Manar")
    page.locator("#id_sources-1-title").fill("Report on the statement")
    page.locator("#id_sources-1-url").fill("https://example.org/report")
    page.locator("#id_sources-1-position").fill("1")
    _save(page)

    # The first source is captured; the editor reads the copy in the admin.
    quote = Quote.objects.get(text__startswith="The drones will keep flying")
    assert [s.publisher for s in quote.sources.all()] == [
        "Telegram channel of the group",
        "Al-Manar",
    ]
    call_command("capture_sources", "--quote", str(quote.pk), stdout=io.StringIO())
    page.goto(f"{base}/admin/quotes/quote/{quote.pk}/change/")
    page.get_by_role("link", name="Captured copy").click()
    page.wait_for_selector(".captured-copy__text")
    assert (
        "The statement of the group, in full."
        in page.locator(".captured-copy__text").inner_text()
    )
    screenshot(page, "admin-captured-copy")
    # The quote's page lists both sources, in order; the capture is
    # mentioned, never linked.
    page.goto(f"{base}{quote.get_absolute_url()}")
    sources = page.locator(".source-list > li")
    assert sources.count() == 2
    assert "Statement on the drones" in sources.nth(0).inner_text()
    assert "A copy was captured on" in sources.nth(0).inner_text()
    assert "Report on the statement" in sources.nth(1).inner_text()
    assert page.get_by_role("link", name="Captured copy").count() == 0

    # A press release written in the rich-text editor.
    page.goto(f"{base}/admin/press/pressrelease/add/")
    page.locator("#id_title").fill("Militia Threatens New Drone Campaign")
    page.locator("#id_dateline").fill("New York, N.Y.")
    page.locator("#id_summary").fill("A militia promises more drone attacks.")
    editor = page.locator(".field-body .ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("The militia's threat is ")
    page.keyboard.press("Control+b")
    page.keyboard.type("explicit")
    page.keyboard.press("Control+b")
    page.keyboard.type(". Read the statement.")
    page.keyboard.press("ArrowLeft")
    for _ in range(len("statement")):
        page.keyboard.press("Shift+ArrowLeft")
    page.locator(".field-body .prose-menubar button[data-name=link]").click()
    page.locator("dialog[open] input[name=href]").fill("https://example.org/statement")
    page.locator("dialog[open] button[type=submit]").click()
    page.locator("#id_image").set_input_files(str(_lead_image(tmp_path)))
    page.locator("#id_image_alt").fill("A framed blue panel")
    _choose(page, "resources", "Iraq")
    _choose(page, "resources", "ISIS")
    page.locator("#id_tags").fill("drone-strikes")
    _save(page)

    release = PressRelease.objects.get(title="Militia Threatens New Drone Campaign")
    assert release.status == "draft"
    assert "<strong>explicit</strong>" in release.body
    assert 'href="https://example.org/statement"' in release.body

    # Publish it from the list with the bulk action.
    page.goto(f"{base}/admin/press/pressrelease/")
    page.locator(f"input[name=_selected_action][value='{release.pk}']").check()
    page.locator("select[name=action]").select_option("publish_selected")
    page.locator("button[name=index]").click()
    page.wait_for_selector(".messagelist .success")
    screenshot(page, "admin-after-publishing")
    editor_context.close()
    assert blocked == []

    # A reader, not logged in, finds it.
    reader_context = browser.new_context(viewport={"width": 1280, "height": 900})
    reader = reader_context.new_page()
    reader.goto(f"{base}/")
    reader.get_by_role("link", name="Militia Threatens New Drone Campaign").click()
    reader.wait_for_url(f"**{release.get_absolute_url()}")
    body = reader.locator("main")
    assert body.locator("strong", has_text="explicit").is_visible()
    assert body.get_by_role("link", name="statement").get_attribute("href") == (
        "https://example.org/statement"
    )
    lead = reader.get_by_role("img", name="A framed blue panel")
    # The browser picks one of the upload's renditions for the slot it has.
    assert lead.evaluate("img => img.complete && img.naturalWidth") > 0
    assert "/renditions/" in lead.evaluate("img => img.currentSrc")
    screenshot(reader, "reader-press-release")

    reader.goto(f"{base}/press/")
    assert reader.get_by_role(
        "link", name="Militia Threatens New Drone Campaign"
    ).is_visible()
    reader.get_by_role("link", name="Militia Threatens New Drone Campaign").click()

    # Its resource line leads to the resource page...
    resource_line = reader.locator("p", has_text="To read our resource Iraq")
    resource_line.get_by_role("link").click()
    reader.wait_for_url("**/resources/iraq/")
    assert reader.get_by_role("heading", level=1).inner_text() == "Iraq"
    reader.go_back()

    # ...and its tag to the tag page.
    reader.locator("main").get_by_role("link", name="drone-strikes").first.click()
    reader.wait_for_url("**/tags/drone-strikes/")
    assert reader.get_by_role(
        "link", name="Militia Threatens New Drone Campaign"
    ).is_visible()

    # The quote is in the archive by organisation, and by its month.
    quote = Quote.objects.get(text__startswith="The drones will keep flying")
    reader.goto(f"{base}/quotes/")
    reader.get_by_role("combobox", name="Organisation").fill("Saraya al-Thar")
    reader.get_by_role("button", name="Show results").click()
    reader.wait_for_url(re.compile(r".*organization=.*"))
    assert reader.get_by_text("The drones will keep flying").is_visible()

    reader.goto(f"{base}/quotes/")
    reader.locator("input[name=from]").fill("2023-03")
    reader.locator("input[name=to]").fill("2023-03")
    reader.get_by_role("button", name="Show results").click()
    card = reader.locator(".quote-list > li", has_text="The drones will keep flying")
    assert card.is_visible()
    assert "Mar. 2023" in card.inner_text()
    card.get_by_role("link").first.click()
    reader.wait_for_url(f"**{quote.get_absolute_url()}")
    reader_context.close()
