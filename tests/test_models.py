from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.utils import timezone

from cepsite.dates import parse_partial_date
from cepsite.publishing import Status
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Resource
from tests.factories import (
    make_organization,
    make_person,
    make_press_release,
    make_quote,
    make_resource,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("precision", "expected"),
    [("day", "12 Mar. 2023"), ("month", "Mar. 2023"), ("year", "2023")],
)
def test_quote_date_prints_by_its_precision(precision, expected):
    quote = make_quote(said_on=date(2023, 3, 12), said_on_precision=precision)
    quote.refresh_from_db()
    assert quote.display_date == expected


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        ("day", '<time datetime="2023-03-12">12 Mar. 2023</time>'),
        ("month", '<time datetime="2023-03">Mar. 2023</time>'),
        ("year", '<time datetime="2023">2023</time>'),
    ],
)
def test_quote_date_tag_gives_machines_the_same_precision(precision, expected):
    quote = make_quote(said_on=date(2023, 3, 12), said_on_precision=precision)
    quote.refresh_from_db()
    template = Template("{% load quotes_tags %}{% said_on quote %}")
    assert template.render(Context({"quote": quote})) == expected
    quote.said_on = None
    assert template.render(Context({"quote": quote})) == "Date undetermined"


def test_undated_quote_says_date_undetermined():
    assert make_quote(said_on=None).display_date == "Date undetermined"


def test_may_has_no_abbreviation_point():
    quote = make_quote(said_on=date(2021, 5, 4), said_on_precision="month")
    assert quote.display_date == "May 2021"


def test_partial_dates_are_stored_as_the_first_day_of_their_period():
    month = make_quote(said_on=date(2023, 3, 12), said_on_precision="month")
    year = make_quote(said_on=date(2023, 3, 12), said_on_precision="year")
    month.refresh_from_db()
    year.refresh_from_db()
    assert month.said_on == date(2023, 3, 1)
    assert year.said_on == date(2023, 1, 1)


def test_attribution_names_person_organisation_short_name_and_role():
    kh = make_organization(name="Kata'ib Hezbollah", short_name="KH")
    person = make_person(name="Abu Ali al-Askari", organization=kh)
    quote = make_quote(person=person, organization=kh, role="Security Official")
    assert quote.attribution == (
        "Abu Ali al-Askari, Kata'ib Hezbollah (KH) Security Official"
    )


def test_group_statement_is_attributed_to_the_organisation_alone():
    isis = make_organization(name="ISIS")
    quote = make_quote(organization=isis)
    assert quote.attribution == "ISIS"


def test_attribution_without_organisation_keeps_the_role():
    person = make_person(name="Hassan Nasrallah")
    quote = make_quote(person=person, role="Secretary-General")
    assert quote.attribution == "Hassan Nasrallah, Secretary-General"


def test_published_hides_drafts_and_scheduled_items():
    now = timezone.now()
    public = make_press_release(publish_at=now - timedelta(minutes=1))
    make_press_release(status=Status.DRAFT, publish_at=now - timedelta(days=1))
    make_press_release(publish_at=now + timedelta(hours=1))
    assert list(PressRelease.objects.published()) == [public]


def test_scheduled_item_becomes_public_when_its_time_comes():
    now = timezone.now()
    quote = make_quote(publish_at=now + timedelta(hours=2))
    assert not Quote.objects.published().filter(pk=quote.pk).exists()
    assert quote.is_scheduled
    assert quote.visibility_label.startswith("Scheduled for ")
    Quote.objects.filter(pk=quote.pk).update(publish_at=now - timedelta(seconds=1))
    assert Quote.objects.published().filter(pk=quote.pk).exists()


def test_database_refuses_a_fact_with_a_person():
    person = make_person()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_quote(kind=Quote.Kind.FACT, person=person)


def test_clean_explains_that_a_fact_has_no_person():
    quote = Quote(kind=Quote.Kind.FACT, text="A fact.", person=make_person())
    with pytest.raises(ValidationError) as error:
        quote.full_clean()
    assert "A fact has no person" in str(error.value)


def test_database_allows_one_daily_dose_per_date():
    make_quote(featured_on=date(2024, 1, 5))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_quote(featured_on=date(2024, 1, 5))


def test_many_quotes_may_have_no_daily_dose_date():
    make_quote(featured_on=None)
    make_quote(featured_on=None)
    assert Quote.objects.filter(featured_on__isnull=True).count() == 2


@pytest.mark.parametrize("factory", [make_resource, make_press_release])
def test_database_refuses_duplicate_slugs(factory):
    factory(slug="same-slug")
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(slug="same-slug")


@pytest.mark.parametrize("model", [Resource, PressRelease])
def test_database_refuses_an_image_without_alt_text(model):
    factory = make_resource if model is Resource else make_press_release
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(image="uploads/picture.png", image_alt="")


def test_rich_text_is_cleaned_whenever_it_is_saved():
    resource = make_resource(body='<p onclick="steal()">Hi<script>x()</script></p>')
    resource.refresh_from_db()
    assert resource.body == "<p>Hi</p>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023", (date(2023, 1, 1), date(2023, 12, 31))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2023-03-12", (date(2023, 3, 12), date(2023, 3, 12))),
    ],
)
def test_partial_dates_parse_to_the_period_they_cover(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", ["yesterday", "2023-13", "2023-02-30", "0000", ""])
def test_unparseable_partial_dates_raise_value_error(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)
