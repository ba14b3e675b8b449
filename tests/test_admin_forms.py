"""
Admin forms that fit the data: partial dates as typed, a Daily Dose clash
that names the day's item, autocompletes that rank exact and prefix matches
first, slugs made ASCII, scheduled items said to be scheduled, and a warning
before leaving a form with unsaved changes.
"""

import datetime
import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from cepsite import services
from cepsite.dates import PartialDateField, Precision
from cepsite.publishing import Status
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Organization, Person, Resource
from tests.factories import (
    admin_url,
    make_organization,
    make_person,
    make_press_release,
    make_quote,
    make_resource,
    make_staff_member,
    press_release_admin_data,
    quote_admin_data,
    resource_admin_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_staff_member("chief", role="editor"))
    return client


def with_management_forms(client, url, data):
    """``data`` with the management form of every inline the page has."""
    page = client.get(url)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data.setdefault(f"{formset.prefix}-{key}", value)
    return data


# Partial dates.


@pytest.mark.parametrize(
    ("typed", "stored", "precision", "shown"),
    [
        ("2023", date(2023, 1, 1), Precision.YEAR, "2023"),
        ("2023-03", date(2023, 3, 1), Precision.MONTH, "Mar. 2023"),
        ("2023-03-12", date(2023, 3, 12), Precision.DAY, "12 Mar. 2023"),
        ("Mar. 2023", date(2023, 3, 1), Precision.MONTH, "Mar. 2023"),
        ("March 2023", date(2023, 3, 1), Precision.MONTH, "Mar. 2023"),
        ("12 Mar. 2023", date(2023, 3, 12), Precision.DAY, "12 Mar. 2023"),
        ("  march 12, 2023 ", date(2023, 3, 12), Precision.DAY, "12 Mar. 2023"),
    ],
)
def test_a_quote_date_is_saved_as_typed_with_its_precision(
    editor_client, typed, stored, precision, shown
):
    url = admin_url(Quote, "add")
    data = with_management_forms(
        editor_client, url, quote_admin_data(text="Dated words.", said_on=typed)
    )
    data.pop("said_on_precision")

    response = editor_client.post(url, data)

    assert response.status_code == 302
    quote = Quote.objects.get(text="Dated words.")
    assert (quote.said_on, quote.said_on_precision) == (stored, precision)
    assert quote.display_date == shown


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("soon", "Enter a year (2023), a month (2023-03 or Mar. 2023)"),
        ("2023-13", "Months run from 01 to 12."),
        ("31 Feb. 2023", "That day does not exist in that month."),
        ("Smarch 2023", "“smarch” is not a month."),
        ("12/03/2023", "Enter a year (2023)"),
    ],
)
def test_a_nonsense_date_is_a_form_error(editor_client, typed, message):
    url = admin_url(Quote, "add")
    data = with_management_forms(
        editor_client, url, quote_admin_data(text="Undated.", said_on=typed)
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["said_on"]
    assert any(error.startswith(message) for error in errors)
    assert not Quote.objects.filter(text="Undated.").exists()


def test_the_change_form_shows_a_month_date_as_a_month(editor_client):
    quote = make_quote(said_on=date(2023, 3, 1), said_on_precision=Precision.MONTH)

    page = editor_client.get(admin_url(Quote, "change", quote.pk))

    html = page.content.decode()
    assert re.search(r'name="said_on"[^>]*value="2023-03"', html)
    assert 'name="said_on_precision"' not in html


def test_an_empty_date_stays_undetermined(editor_client):
    url = admin_url(Quote, "add")
    data = with_management_forms(
        editor_client, url, quote_admin_data(text="Undated.", said_on="")
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302
    quote = Quote.objects.get(text="Undated.")
    assert quote.said_on is None
    assert quote.display_date == "Date undetermined"


def test_the_partial_date_field_shows_a_plain_date_as_a_day():
    field = PartialDateField()

    assert field.prepare_value(datetime.date(2023, 3, 12)) == "2023-03-12"


# The Daily Dose.


def test_a_taken_daily_dose_day_names_the_item_and_the_next_free_days(
    editor_client,
):
    day = date(2030, 5, 1)
    holder = make_quote(text="Already the dose.", featured_on=day)
    make_quote(featured_on=day + timedelta(days=1))
    url = admin_url(Quote, "add")
    data = with_management_forms(
        editor_client,
        url,
        quote_admin_data(text="Wants the day.", featured_on=day.isoformat()),
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["featured_on"]
    assert "1 May 2030 is already the Daily Dose" in error
    assert "Already the dose." in error
    assert f'href="{admin_url(Quote, "change", holder.pk)}"' in error
    assert "Free days after it: 3 May 2030, 4 May 2030, 5 May 2030." in error
    html = response.content.decode()
    assert f'<a href="{admin_url(Quote, "change", holder.pk)}">' in html
    # Said once, at the field, not again at the top of the form.
    assert "Another item is already the Daily Dose" not in html
    assert not Quote.objects.filter(text="Wants the day.").exists()


def test_the_clash_message_escapes_the_holders_words(editor_client):
    day = date(2030, 5, 1)
    make_quote(text='<img src=x onerror="alert(1)">', featured_on=day)
    url = admin_url(Quote, "add")
    data = with_management_forms(
        editor_client, url, quote_admin_data(featured_on=day.isoformat())
    )

    response = editor_client.post(url, data)

    html = response.content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert '<img src=x onerror="alert(1)">' not in html


def test_an_item_keeps_its_own_daily_dose_day(editor_client):
    day = date(2030, 5, 1)
    quote = make_quote(text="The dose.", featured_on=day)
    url = admin_url(Quote, "change", quote.pk)
    data = with_management_forms(
        editor_client,
        url,
        quote_admin_data(text="The dose, edited.", featured_on=day.isoformat()),
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302
    quote.refresh_from_db()
    assert (quote.text, quote.featured_on) == ("The dose, edited.", day)


# Autocompletes.


def autocomplete(client, app_label, model_name, field_name, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": app_label,
            "model_name": model_name,
            "field_name": field_name,
            "term": term,
        },
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_the_resource_autocomplete_ranks_the_exact_title_first(editor_client):
    for title in ["ISIS", "ISIS in Iraq", "Iraqi Kurdistan", "Iraq", "Syria and Iraq"]:
        make_resource(title=title, summary="Iraq, in brief.")

    found = autocomplete(editor_client, "press", "pressrelease", "resources", "Iraq")

    assert found[:2] == ["Iraq", "Iraqi Kurdistan"]
    assert set(found[2:]) == {"ISIS", "ISIS in Iraq", "Syria and Iraq"}


def test_the_organisation_autocomplete_ranks_exact_then_prefix_matches(
    editor_client,
):
    make_organization(name="Islamic State of Iraq and Syria", short_name="ISIS")
    make_organization(name="ISIS-K", short_name="")
    make_organization(name="Friends of ISIS", short_name="")

    found = autocomplete(editor_client, "quotes", "quote", "organization", "isis")

    assert found == ["Islamic State of Iraq and Syria", "ISIS-K", "Friends of ISIS"]


def test_the_person_autocomplete_ranks_exact_then_prefix_matches(editor_client):
    for name in ["Abu Bakr al-Baghdadi", "Baghdadi", "Baghdadi Jr.", "al-Baghdadi"]:
        make_person(name=name)

    found = autocomplete(editor_client, "quotes", "quote", "person", "Baghdadi")

    assert found[:2] == ["Baghdadi", "Baghdadi Jr."]
    assert set(found[2:]) == {"Abu Bakr al-Baghdadi", "al-Baghdadi"}


def test_the_tag_search_ranks_exact_then_prefix_matches():
    services.tags_get_or_create(names=["ISIS in Iraq", "Iraqi army", "Iraq", "ISIS"])
    tag_admin = admin.site.get_model_admin(Tag)
    request = RequestFactory().get("/")
    request.user = make_staff_member("chief", role="editor")

    found, _ = tag_admin.get_search_results(
        request, tag_admin.get_queryset(request), "iraq"
    )

    assert [tag.name for tag in found] == ["Iraq", "Iraqi army", "ISIS in Iraq"]


def test_the_tag_list_searched_lists_exact_then_prefix_matches(editor_client):
    services.tags_get_or_create(names=["ISIS in Iraq", "Iraqi army", "Iraq", "ISIS"])

    response = editor_client.get(admin_url(Tag, "changelist"), {"q": "iraq"})

    names = [tag.name for tag in response.context["cl"].result_list]
    assert names == ["Iraq", "Iraqi army", "ISIS in Iraq"]


def test_the_organisation_list_sorted_by_a_column_keeps_that_order(editor_client):
    make_organization(name="Iraq Front")
    make_organization(name="Anti-Iraq League")
    make_organization(name="Iraq")

    response = editor_client.get(
        admin_url(Organization, "changelist"), {"q": "iraq", "o": "-1"}
    )

    names = [org.name for org in response.context["cl"].result_list]
    assert names == ["Iraq Front", "Iraq", "Anti-Iraq League"]


# Slugs.


@pytest.mark.parametrize(
    ("model", "data", "typed", "slug"),
    [
        (PressRelease, press_release_admin_data, "what’s-next", "whats-next"),
        (PressRelease, press_release_admin_data, "Ḥamās-statement", "hamas-statement"),
        (Resource, resource_admin_data, "côte-d’ivoire", "cote-divoire"),
    ],
)
def test_a_slug_typed_with_curly_quotes_or_accents_becomes_ascii(
    editor_client, model, data, typed, slug
):
    url = admin_url(model, "add")
    posted = with_management_forms(editor_client, url, data(slug=typed))

    response = editor_client.post(url, posted)

    assert response.status_code == 302
    assert model.objects.get().slug == slug


@pytest.mark.parametrize("model", [Organization, Person])
def test_an_attribution_slug_typed_with_accents_becomes_ascii(editor_client, model):
    url = admin_url(model, "add")
    data = {"name": "Ḥamās", "slug": "Ḥamās’", "aliases": "", "profile": ""}
    data.update({"short_name": ""} if model is Organization else {"organization": ""})
    posted = with_management_forms(editor_client, url, data)

    response = editor_client.post(url, posted)

    assert response.status_code == 302
    assert model.objects.get().slug == "hamas"


def test_a_slug_with_nothing_to_spell_is_still_an_error(editor_client):
    url = admin_url(PressRelease, "add")
    posted = with_management_forms(
        editor_client, url, press_release_admin_data(slug="?!")
    )

    response = editor_client.post(url, posted)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"]
    assert not PressRelease.objects.exists()


def test_a_tag_name_too_long_for_a_tag_is_a_form_error(editor_client):
    url = admin_url(PressRelease, "add")
    posted = with_management_forms(
        editor_client, url, press_release_admin_data(tags="x" * 101 + ", fine")
    )

    response = editor_client.post(url, posted)

    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["tags"]
    assert error.startswith("A tag has at most 100 characters")
    assert not PressRelease.objects.exists()
    assert not Tag.objects.exists()


# The state of an item.


def test_a_scheduled_item_says_when_it_goes_live_in_the_sites_time_zone(
    editor_client, settings
):
    settings.TIME_ZONE = "America/New_York"
    when = timezone.make_aware(datetime.datetime(2031, 7, 4, 15, 30), datetime.UTC)
    release = make_press_release(status=Status.PUBLISHED, publish_at=when)

    page = editor_client.get(admin_url(PressRelease, "change", release.pk))

    text = unescape(page.content.decode())
    assert "Scheduled for 4 Jul. 2031, 11:30 (America/New_York)" in text


def test_a_live_or_draft_item_says_nothing_of_a_schedule(editor_client):
    live = make_press_release()
    draft = make_press_release(
        status=Status.DRAFT, publish_at=timezone.now() + timedelta(days=3)
    )

    for item in (live, draft):
        page = editor_client.get(admin_url(PressRelease, "change", item.pk))
        assert "Scheduled for" not in page.content.decode()


# Unsaved changes.


@pytest.mark.parametrize(
    "url",
    [
        lambda: admin_url(PressRelease, "add"),
        lambda: admin_url(Quote, "change", make_quote().pk),
        lambda: admin_url(Organization, "change", make_organization().pk),
        lambda: admin_url(Tag, "add"),
    ],
    ids=["press add", "quote change", "organisation change", "tag add"],
)
def test_change_forms_load_the_unsaved_changes_warning(editor_client, url):
    page = editor_client.get(url())

    html = page.content.decode()
    [tag] = re.findall(r"<script[^>]*admin-unsaved-changes\.js[^>]*>", html)
    assert 'src="/static/js/admin-unsaved-changes.js"' in tag
    script = editor_client.get("/static/js/admin-unsaved-changes.js")
    assert script.status_code == 200
    assert b"beforeunload" in b"".join(script.streaming_content)


def test_the_warning_script_is_allowed_by_the_content_security_policy(
    editor_client,
):
    page = editor_client.get(admin_url(PressRelease, "add"))

    policy = page.headers.get("Content-Security-Policy", "")
    script_src = next(
        part for part in policy.split(";") if part.strip().startswith("script-src")
    )
    assert "'self'" in script_src
    assert "unsafe-inline" not in script_src


def test_public_pages_do_not_load_the_warning(client):
    page = client.get(reverse("home"))

    assert "admin-unsaved-changes" not in page.content.decode()
