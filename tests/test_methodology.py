"""/methodology/: editors' sections, the category glossary, how to cite."""

import extruct
import pytest
from django.urls import reverse

from cepsite.site.demo.methodology import SECTIONS, ensure_methodology_sections
from cepsite.site.models import MethodologySection
from cepsite.site.services import methodology_section_save
from quotes.models import Category
from tests.factories import admin_url, make_staff_member

pytestmark = pytest.mark.django_db


def _section(anchor, title, body="<p>Text.</p>", position=0):
    return methodology_section_save(
        section=MethodologySection(
            anchor=anchor, title=title, body=body, position=position
        )
    )


def _page(client):
    response = client.get(reverse("methodology"))
    assert response.status_code == 200
    return response.content.decode()


def test_sections_are_shown_in_their_order_with_anchors(client):
    _section("dates", "Dates and their precision", position=20)
    _section("scope", "What the archive includes", position=10)

    page = _page(client)

    assert page.index("What the archive includes") < page.index("Dates and their")
    assert 'id="scope"' in page
    assert 'href="#dates"' in page


def test_section_text_is_cleaned_of_script(client):
    _section(
        "scope",
        "Scope",
        body='<p>Fine.</p><script>alert(1)</script><p onclick="x">Ok</p>',
    )

    page = _page(client)

    assert "alert(1)" not in page
    assert "onclick" not in page
    assert MethodologySection.objects.get().body == "<p>Fine.</p><p>Ok</p>"


def test_glossary_defines_every_category_from_the_data(client):
    Category.objects.create(
        name="Pro-violence", slug="pro-violence", definition="Calls for violence."
    )
    Category.objects.create(
        name="Anti-Israel", slug="anti-israel", definition="Hostility to Israel."
    )

    page = _page(client)

    assert page.index("Anti-Israel") < page.index("Pro-violence")
    assert 'id="category-pro-violence"' in page
    assert "Calls for violence." in page
    assert f"{reverse('quotes:archive')}?category=pro-violence" in page
    (terms,) = [
        data
        for data in extruct.extract(page, syntaxes=["json-ld"])["json-ld"]
        if data["@type"] == "DefinedTermSet"
    ]
    assert [term["name"] for term in terms["hasDefinedTerm"]] == [
        "Anti-Israel",
        "Pro-violence",
    ]


def test_page_without_categories_or_sections_still_answers(client):
    page = _page(client)

    assert "No categories are defined yet." in page
    assert "Citation files" in page


def test_page_says_the_cap_of_a_results_citation_file(client):
    assert "up to 500 items a file" in _page(client)


def test_editor_changes_a_section_and_the_cached_page_follows(client, page_cache):
    section = _section("scope", "What the archive includes")
    assert "Old words" not in _page(client)
    _page(client)  # now cached
    editor = make_staff_member("chief", role="editor")
    staff = client.__class__()
    staff.force_login(editor)

    response = staff.post(
        admin_url(MethodologySection, "change", section.pk),
        {
            "title": "What the archive includes",
            "anchor": "scope",
            "body": "<p>Old words, newly written.</p>",
            "position": "0",
        },
    )

    assert response.status_code == 302
    assert "Old words, newly written." in _page(client)


def test_contributors_cannot_change_the_methodology(client):
    section = _section("scope", "Scope")
    client.force_login(make_staff_member("writer", role="contributor"))

    response = client.post(
        admin_url(MethodologySection, "change", section.pk),
        {"title": "Changed", "anchor": "scope", "body": "", "position": "0"},
    )

    assert response.status_code == 403
    assert MethodologySection.objects.get().title == "Scope"


def test_archive_and_footer_link_to_the_methodology(client):
    archive = client.get(reverse("quotes:archive")).content.decode()
    home = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("methodology")}"' in archive
    assert f'href="{reverse("methodology")}"' in home


def test_demo_sections_explain_dates_sources_corrections_and_citing(client):
    assert ensure_methodology_sections() == len(SECTIONS)

    page = _page(client)

    for anchor in ("scope", "kinds", "dates", "categories", "sources"):
        assert f'id="{anchor}"' in page
    assert 'id="corrections"' in page and 'id="how-to-cite"' in page
    assert "dates=overlap" in page and "dates=within" in page
    assert "dataset" in page
    # Loading again keeps what editors wrote.
    MethodologySection.objects.filter(anchor="scope").update(title="Edited")
    assert ensure_methodology_sections() == 0
    assert MethodologySection.objects.get(anchor="scope").title == "Edited"


def test_methodology_query_count_is_flat(client, django_assert_max_num_queries):
    for n in range(30):
        _section(f"section-{n}", f"Section {n}", position=n)
        Category.objects.create(name=f"Category {n}", slug=f"c-{n}", definition="D.")

    # The sections, the categories, the sidebar-free page has nothing else.
    with django_assert_max_num_queries(2):
        _page(client)


def test_editors_open_the_section_form_in_the_admin(client):
    client.force_login(make_staff_member("chief", role="editor"))

    response = client.get(admin_url(MethodologySection, "add"))

    assert response.status_code == 200
    assert 'name="anchor"' in response.content.decode()


def test_methodology_is_in_the_sitemap(client):
    response = client.get(
        reverse("django.contrib.sitemaps.views.sitemap", args=["sections"])
    )

    assert f"http://testserver{reverse('methodology')}" in response.content.decode()
