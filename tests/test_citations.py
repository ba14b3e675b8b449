"""'Cite this' and the citation files of quotes, press releases and results."""

import html
import json
from datetime import date, timedelta

import bibtexparser
import jsonschema
import pytest
import rispy
from django.urls import reverse
from django.utils import timezone

from cepsite.citations import RESULT_CITATION_CAP
from cepsite.dates import Precision
from cepsite.publishing import Status
from quotes.models import Quote, Source
from tests.csl_schema import CSL_DATA_SCHEMA
from tests.factories import (
    make_organization,
    make_person,
    make_press_release,
    make_quote,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def quote():
    organization = make_organization(name="Kata'ib Hezbollah", short_name="KH")
    person = make_person(name="Abu Ali al-Askari", organization=organization)
    return make_quote(
        text="We will target the occupiers wherever they are found in our land.",
        person=person,
        organization=organization,
        role="Security Official",
        said_on=date(2023, 3, 1),
        said_on_precision=Precision.MONTH,
    )


def _today():
    return timezone.localdate()


def _csl(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.citationstyles.csl+json"
    )
    items = json.loads(response.content)
    jsonschema.validate(items, CSL_DATA_SCHEMA)
    return items


def _page(client, obj):
    response = client.get(obj.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_quote_page_cites_the_quote_in_apa_chicago_and_mla(client, quote):
    page = html.unescape(_page(client, quote))

    assert "Cite this" in page
    for label in ("APA 7", "Chicago (notes and bibliography)", "MLA 9"):
        assert label in page
    url = f"http://testserver/quotes/{quote.pk}/"
    today = _today()
    # APA: author, (year, month), title [genre], site, retrieved date, URL.
    assert (
        "Abu Ali al-Askari. (2023, March). <i>We will target the occupiers "
        "wherever they are found in our land.</i> [Quote, Kata'ib Hezbollah (KH) "
        "Security Official]. Counter Extremism Project. Retrieved "
        f"{today:%B} {today.day}, {today.year}, from {url}"
    ) in page
    # Chicago: the note and the bibliography entry, with the access date.
    assert f"March 2023, accessed {today:%B} {today.day}, {today.year}, {url}." in page
    assert "Abu Ali al-Askari. “We Will Target" in page
    # MLA: month abbreviated, access date at the end.
    assert "Mar. 2023" in page
    assert f"Accessed {today.day} {today:%b}" in page


def test_cite_block_has_a_copy_button_and_no_inline_script(client, quote):
    page = _page(client, quote)

    assert 'data-copy-target="cite-apa-text"' in page
    assert 'src="/static/js/copy.js"' in page
    assert "navigator.clipboard" not in page
    assert client.get("/static/js/copy.js").status_code == 200


def test_quote_csl_json_names_speaker_organisation_date_archive_url_and_access(
    client, quote
):
    (item,) = _csl(client, reverse("quotes:cite_json", args=[quote.pk]))

    assert item["id"] == f"quote-{quote.pk}"
    assert item["author"] == [{"literal": "Abu Ali al-Askari"}]
    assert item["genre"] == "Quote, Kata'ib Hezbollah (KH) Security Official"
    # Only the known parts of a month-precise date.
    assert item["issued"] == {"date-parts": [[2023, 3]]}
    assert item["container-title"] == "Counter Extremism Project"
    assert item["URL"] == f"http://testserver/quotes/{quote.pk}/"
    today = _today()
    assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}


@pytest.mark.parametrize(
    ("said_on", "precision", "parts"),
    [
        (date(2023, 3, 12), Precision.DAY, [2023, 3, 12]),
        (date(2023, 1, 1), Precision.YEAR, [2023]),
    ],
)
def test_csl_dates_hold_only_the_known_parts(client, said_on, precision, parts):
    quote = make_quote(said_on=said_on, said_on_precision=precision)

    (item,) = _csl(client, reverse("quotes:cite_json", args=[quote.pk]))

    assert item["issued"]["date-parts"] == [parts]


def test_undated_group_statement_is_cited_with_the_organisation_as_author(client):
    organization = make_organization(name="Hamas")
    quote = make_quote(organization=organization, said_on=None)

    (item,) = _csl(client, reverse("quotes:cite_json", args=[quote.pk]))

    assert item["author"] == [{"literal": "Hamas"}]
    assert "issued" not in item
    assert "Hamas" in html.unescape(_page(client, quote))


def test_first_source_is_named_in_the_citation(client, quote):
    Source.objects.create(
        quote=quote, position=1, publisher="Second channel", url="https://b.example/"
    )
    Source.objects.create(
        quote=quote,
        position=0,
        publisher="Al-Manar",
        title="Interview",
        url="https://a.example/x",
    )

    (item,) = _csl(client, reverse("quotes:cite_json", args=[quote.pk]))

    assert item["source"] == "Al-Manar"
    assert item["note"].startswith("Source: Al-Manar, Interview, https://a.example/x")
    assert "Second channel" not in item["note"]
    # MLA names the source as a second container.
    assert "<i>Al-Manar</i>" in _page(client, quote)


def test_the_original_words_and_their_translation_are_cited(client, quote):
    quote.original_text = "سننتقم لشهدائنا"
    quote.original_language = "ar"
    quote.translation_credit = "CEP translation"
    quote.save()

    (item,) = _csl(client, reverse("quotes:cite_json", args=[quote.pk]))

    assert item["original-title"] == "سننتقم لشهدائنا"
    assert "Translation from ar: CEP translation" in item["note"]


def test_quote_bibtex_parses_with_its_fields(client, quote):
    response = client.get(reverse("quotes:cite_bib", args=[quote.pk]))

    assert response["Content-Type"].startswith("application/x-bibtex")
    library = bibtexparser.parse_string(response.content.decode())
    assert library.failed_blocks == []
    (entry,) = library.entries
    fields = entry.fields_dict
    assert entry.entry_type == "misc"
    assert entry.key == f"quote-{quote.pk}"
    assert fields["author"].value == "{Abu Ali al-Askari}"
    assert fields["date"].value == "2023-03"
    assert fields["year"].value == "2023"
    assert fields["url"].value == f"http://testserver/quotes/{quote.pk}/"
    assert fields["urldate"].value == _today().isoformat()
    assert fields["howpublished"].value == "Counter Extremism Project"


def test_bibtex_escapes_latex_specials(client):
    quote = make_quote(text="100% of them & {more} #now")

    response = client.get(reverse("quotes:cite_bib", args=[quote.pk]))

    library = bibtexparser.parse_string(response.content.decode())
    assert library.failed_blocks == []
    assert library.entries[0].fields_dict["title"].value == (
        r"100\% of them \& \{more\} \#now"
    )


def test_quote_ris_parses_with_its_fields(client, quote):
    response = client.get(reverse("quotes:cite_ris", args=[quote.pk]))

    assert response["Content-Type"].startswith("application/x-research-info-systems")
    (entry,) = rispy.loads(response.content.decode())
    today = _today()
    assert entry["type_of_reference"] == "ELEC"
    assert entry["authors"] == ["Abu Ali al-Askari"]
    assert entry["date"] == "2023/03//"
    assert entry["year"] == "2023"
    assert entry["secondary_title"] == "Counter Extremism Project"
    assert entry["urls"] == [f"http://testserver/quotes/{quote.pk}/"]
    assert entry["access_date"] == f"{today:%Y/%m/%d}/"


def test_draft_and_withdrawn_quotes_have_no_citation_file(client):
    draft = make_quote(status=Status.DRAFT)
    withdrawn = make_quote(withdrawn_at=timezone.now())

    for quote in (draft, withdrawn):
        assert (
            client.get(reverse("quotes:cite_json", args=[quote.pk])).status_code == 404
        )


def test_markup_in_the_words_is_shown_as_text_in_citations(client):
    quote = make_quote(text="<script>alert(1)</script> <b>bold</b>")

    page = _page(client, quote)

    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page
    assert "<b>bold</b>" not in page


def test_press_release_page_and_files_cite_the_release(client):
    release = make_press_release(
        title="Iraq: militias threaten US forces", author="Jane Doe"
    )
    day = timezone.localtime(release.publish_at).date()

    page = html.unescape(_page(client, release))
    (item,) = _csl(client, reverse("press:cite_json", args=[release.slug]))
    library = bibtexparser.parse_string(
        client.get(reverse("press:cite_bib", args=[release.slug])).content.decode()
    )
    (ris,) = rispy.loads(
        client.get(reverse("press:cite_ris", args=[release.slug])).content.decode()
    )

    assert "Jane Doe. (" in page
    assert "[Press release]. Counter Extremism Project." in page
    assert item["genre"] == "Press release"
    assert item["issued"] == {"date-parts": [[day.year, day.month, day.day]]}
    assert item["URL"] == f"http://testserver{release.get_absolute_url()}"
    assert library.entries[0].fields_dict["author"].value == "{Jane Doe}"
    assert ris["title"] == "Iraq: militias threaten US forces"


def test_scheduled_release_has_no_citation_file(client):
    release = make_press_release(publish_at=timezone.now() + timedelta(days=2))

    response = client.get(reverse("press:cite_json", args=[release.slug]))

    assert response.status_code == 404


def test_result_citation_follows_the_archive_filters(client, quote):
    make_quote(text="Someone else entirely.")

    items = _csl(
        client,
        reverse("quotes:cite_result_json") + f"?organization={quote.organization.slug}",
    )

    assert [item["id"] for item in items] == [f"quote-{quote.pk}"]


def test_result_citation_is_capped_and_says_so(client):
    Quote.objects.bulk_create(
        Quote(
            text=f"Words {n}",
            status=Status.PUBLISHED,
            publish_at=timezone.now() - timedelta(days=1),
        )
        for n in range(RESULT_CITATION_CAP + 1)
    )

    response = client.get(reverse("quotes:cite_result_bib"))
    json_response = client.get(reverse("quotes:cite_result_json"))

    assert response["X-Citation-Cap"] == str(RESULT_CITATION_CAP)
    assert response["X-Citation-Capped"] == "true"
    library = bibtexparser.parse_string(response.content.decode())
    assert len(library.entries) == RESULT_CITATION_CAP
    assert f"the first {RESULT_CITATION_CAP} items" in library.comments[0].comment
    assert len(json.loads(json_response.content)) == RESULT_CITATION_CAP


def test_small_result_says_the_cap_and_that_it_was_not_reached(client, quote):
    response = client.get(reverse("quotes:cite_result_ris"))

    assert response["X-Citation-Cap"] == str(RESULT_CITATION_CAP)
    assert response["X-Citation-Capped"] == "false"
    assert len(rispy.loads(response.content.decode())) == 1


@pytest.mark.parametrize(
    "query", ["?from=yesterday", "?organization=nobody-at-all", "?kind=sideways"]
)
def test_result_citation_of_bad_filters_is_a_clear_400(client, query):
    response = client.get(reverse("quotes:cite_result_json") + query)

    assert response.status_code == 400
    assert "nothing to cite" in response.content.decode()


def test_archive_links_the_citation_files_of_its_result(client, quote):
    response = client.get(reverse("quotes:archive") + "?kind=quote")

    page = response.content.decode()
    assert reverse("quotes:cite_result_bib") + "?kind=quote" in page
    assert f"the first {RESULT_CITATION_CAP} at most" in page


def test_result_citation_query_count_is_flat(client, django_assert_max_num_queries):
    organization = make_organization()
    for n in range(40):
        quote = make_quote(organization=organization, person=make_person())
        Source.objects.create(quote=quote, publisher=f"Channel {n}")

    # The result, its sources.
    with django_assert_max_num_queries(2):
        response = client.get(reverse("quotes:cite_result_json"))

    assert len(json.loads(response.content)) == 40


def test_citation_follows_an_edit_of_the_quote(client, quote):
    assert "occupiers" in html.unescape(_page(client, quote))

    quote.text = "Different words altogether."
    quote.save()

    page = html.unescape(_page(client, quote))
    assert "<i>Different words altogether.</i>" in page
    assert "occupiers wherever" not in page


def test_cached_result_citations_keep_to_their_filters(client, page_cache, quote):
    other = make_quote(organization=make_organization(name="Hamas"))
    url = reverse("quotes:cite_result_json")

    client.get(f"{url}?organization={quote.organization.slug}")
    first = json.loads(
        client.get(f"{url}?organization={quote.organization.slug}").content
    )
    second = json.loads(
        client.get(f"{url}?organization={other.organization.slug}").content
    )

    assert [item["id"] for item in first] == [f"quote-{quote.pk}"]
    assert [item["id"] for item in second] == [f"quote-{other.pk}"]


def test_punctuation_goes_inside_the_closing_quotation_mark(client):
    quote = make_quote(
        text="Why do they fear us?", person=make_person(name="A. Speaker")
    )
    ended = make_quote(text="We will strike.", person=make_person(name="B. Speaker"))

    asked = html.unescape(_page(client, quote))
    stated = html.unescape(_page(client, ended))

    assert "“Why Do They Fear Us?” Quote." in asked
    assert "“We Will Strike,” Quote," in stated  # Chicago's note
    assert "“We Will Strike.” Quote." in stated  # its bibliography
    assert "”." not in stated and "”," not in stated
