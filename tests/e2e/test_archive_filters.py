"""
The archive's filters in a real browser: comboboxes fed by the suggest
endpoint, the form without script, and the folding filter panel on a phone.
"""

from datetime import date

import pytest

from quotes.models import Category
from tests.e2e.conftest import DESKTOP, _new_page
from tests.factories import make_organization, make_person, make_quote

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archive():
    kh = make_organization(
        name="Kata'ib Hezbollah", short_name="KH", aliases="Hezbollah Brigades"
    )
    nujaba = make_organization(name="Harakat al-Nujaba", slug="nujaba")
    askari = make_person(name="Abu Ali al-Askari", slug="askari", organization=kh)
    category = Category.objects.create(
        name="Pro-violence", slug="pro-violence", definition="Calls to violence."
    )
    theirs = make_quote(
        text="The convoy will burn.",
        person=askari,
        organization=kh,
        said_on=date(2023, 3, 1),
        tags=["iraq"],
    )
    theirs.categories.add(category)
    make_quote(text="Other words.", organization=nujaba, said_on=date(2022, 5, 1))
    return {"kh": kh}


def _is_focused(locator):
    return locator.evaluate("element => element === document.activeElement")


def test_organisation_combobox_suggests_and_is_driven_by_keyboard(
    live_server, page, axe, archive
):
    page.goto(live_server.url + "/quotes/")
    box = page.get_by_role("combobox", name="Organisation")
    assert box.get_attribute("aria-expanded") == "false"
    listbox = page.locator("#" + box.get_attribute("aria-controls"))

    box.focus()
    page.keyboard.type("kataib")
    option = page.get_by_role("option", name="Kata'ib Hezbollah (KH)")
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert listbox.get_attribute("role") == "listbox"
    status = page.locator(".combobox [role=status]").first
    assert "suggestion" in status.text_content()
    assert axe(page) == []

    page.keyboard.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"

    page.keyboard.press("Enter")
    assert box.input_value() == archive["kh"].slug
    assert box.get_attribute("aria-expanded") == "false"
    assert listbox.is_hidden()
    assert _is_focused(box)

    # A second Enter, with the list closed, sends the form.
    page.keyboard.press("Enter")
    page.wait_for_url(f"**organization={archive['kh'].slug}**")
    assert page.locator(".quote-list > li").count() == 1
    assert page.get_by_text(
        "Organisation: Kata'ib Hezbollah (KH)", exact=True
    ).is_visible()


def test_escape_closes_the_suggestions_and_up_wraps_around(live_server, page, archive):
    page.goto(live_server.url + "/quotes/")
    box = page.get_by_role("combobox", name="Category")

    box.focus()
    page.keyboard.type("pro")
    page.get_by_role("option", name="Pro-violence").wait_for()
    page.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant")

    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    assert box.input_value() == "pro"


@pytest.mark.parametrize(
    ("label", "typed", "shown"),
    [("Person", "askari", "Abu Ali al-Askari"), ("Tag", "ira", "Iraq")],
)
def test_person_and_tag_boxes_suggest_too(
    live_server, page, archive, label, typed, shown
):
    page.goto(live_server.url + "/quotes/")
    box = page.get_by_role("combobox", name=label)

    box.focus()
    page.keyboard.type(typed)
    page.get_by_role("option", name=shown).first.click()

    assert box.input_value()
    assert box.get_attribute("aria-expanded") == "false"


def test_the_form_works_without_script(live_server, browser, archive):
    context, page = _new_page(browser, DESKTOP, java_script_enabled=False)
    try:
        page.goto(live_server.url + "/quotes/")
        box = page.get_by_role("textbox", name="Organisation")
        box.fill("Hezbollah Brigades")
        page.get_by_role("button", name="Show results").click()
        page.wait_for_url("**organization=Hezbollah+Brigades**")
        assert page.locator(".quote-list > li").count() == 1
        assert page.get_by_text(
            "Organisation: Kata'ib Hezbollah (KH)", exact=True
        ).is_visible()
    finally:
        context.close()


def test_on_a_phone_the_filters_fold_behind_one_button_that_counts_them(
    live_server, phone_page, axe, archive
):
    page = phone_page
    page.goto(live_server.url + "/quotes/?organization=kh&category=pro-violence")

    toggle = page.locator("summary.filter-panel__toggle")
    assert toggle.is_visible()
    assert "2 in use" in toggle.text_content()
    words = page.get_by_role("searchbox", name="Words")
    assert not words.is_visible()
    # The first result is on the first screen, not below the form.
    first = page.locator(".quote-list > li").first
    assert first.bounding_box()["y"] < 844
    assert axe(page) == []

    toggle.focus()
    page.keyboard.press("Enter")
    assert words.is_visible()
    assert page.get_by_role("combobox", name="Organisation").is_visible()
    assert axe(page) == []


def test_on_a_wide_screen_the_filters_are_shown_whole(live_server, page, archive):
    page.goto(live_server.url + "/quotes/?organization=kh")

    assert not page.locator("summary.filter-panel__toggle").is_visible()
    assert page.get_by_role("searchbox", name="Words").is_visible()


def test_the_archive_in_each_of_its_states_is_valid_html(client, archive, tmp_path):
    import json
    import shutil
    import subprocess

    from tests.e2e.test_html_validity import VNU_JAR

    java = shutil.which("java")
    assert java, "Java is needed to run the Nu HTML Checker"
    make_organization(name="Kata'ib Hezbollah of Syria")
    files = []
    for n, query in enumerate(
        [
            "organization=Kataib+Hezbollah",
            "organization=kh&category=pro-violence",
            "from=2023-03-15&to=2023-03-20",
            "dates=sideways&category=nothing",
            "organization=Hezbollah",
        ]
    ):
        response = client.get(f"/quotes/?{query}")
        file = tmp_path / f"archive-{n}.html"
        file.write_bytes(response.content)
        files.append(str(file))
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or '{"messages": []}')
    errors = [m["message"] for m in report["messages"] if m["type"] == "error"]
    assert errors == []
