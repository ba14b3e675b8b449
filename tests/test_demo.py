import datetime
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from cepsite.site.demo.loader import CONTENT, DAILY_DOSE_DAYS
from cepsite.tagging import Tag, TaggedItem
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Organization, Person, Resource

pytestmark = pytest.mark.django_db

CONTENT_MODELS = (Resource, Organization, Person, Quote, PressRelease)


@pytest.fixture(autouse=True)
def _default_password(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot():
    """Row counts of everything the demo writes."""
    return {
        **{model.__name__: model.objects.count() for model in CONTENT_MODELS},
        "tags": Tag.objects.count(),
        "tagged items": TaggedItem.objects.count(),
        "press resources": PressRelease.resources.through.objects.count(),
        "users": get_user_model().objects.count(),
    }


def daily_dose_days():
    return sorted(
        Quote.objects.filter(featured_on__isnull=False).values_list(
            "featured_on", flat=True
        )
    )


def last_days(count, *, ending):
    return [ending - datetime.timedelta(days=n) for n in range(count - 1, -1, -1)]


def test_demo_creates_press_quotes_resources_organisations_and_people():
    output = load_demo()

    assert PressRelease.objects.published().count() >= 12
    assert Quote.objects.count() >= 60
    assert Organization.objects.count() >= 8
    assert Person.objects.count() >= 12
    assert Resource.objects.published().count() >= 8
    assert "created" in output


def test_demo_content_is_a_file_that_import_content_reads():
    out, err = StringIO(), StringIO()

    call_command("import_content", str(CONTENT), "--dry-run", stdout=out, stderr=err)

    assert "Resources: 18 would be created" in out.getvalue()
    assert "Press releases: 16 would be created" in out.getvalue()
    assert "Quotes: 73 would be created" in out.getvalue()
    # The lead images are drawn by the loader, not kept with the file.
    assert all("is not in storage" in line for line in err.getvalue().splitlines())


def test_demo_quotes_cover_every_kind_and_date_precision():
    load_demo()

    for kind in Quote.Kind.values:
        assert Quote.objects.filter(kind=kind).count() >= 5, kind
    for precision in Quote.Precision.values:
        assert (
            Quote.objects.filter(
                said_on__isnull=False, said_on_precision=precision
            ).count()
            >= 5
        ), precision
    assert Quote.objects.filter(said_on__isnull=True).exists()
    years = {day.year for day in Quote.objects.dates("said_on", "year")}
    assert {2014, 2020, 2024} <= years
    assert len(years) >= 8


def test_demo_facts_have_no_person_and_group_statements_have_an_organisation():
    load_demo()

    assert not Quote.objects.filter(kind="fact", person__isnull=False).exists()
    group_statements = Quote.objects.exclude(kind="fact").filter(
        person__isnull=True, organization__isnull=False
    )
    assert group_statements.count() >= 5
    assert Quote.objects.values("person").distinct().count() >= 8
    assert Quote.objects.values("organization").distinct().count() >= 8


def test_demo_people_and_organisations_carry_aliases_and_profiles():
    load_demo()

    isis = Organization.objects.get(slug="isis")
    assert {"ISIL", "Daesh", "Islamic State"} <= set(isis.alias_list)
    assert isis.profile.slug == "isis"
    kh = Organization.objects.get(slug="kataib-hezbollah")
    assert kh.short_name == "KH"
    assert {"Kataib Hizballah", "Hezbollah Brigades"} <= set(kh.alias_list)
    baghdadi = Person.objects.get(slug="abu-bakr-al-baghdadi")
    assert {"al Baghdadi", "Baghdadi"} <= set(baghdadi.alias_list)
    assert baghdadi.organization == isis
    assert baghdadi.profile.kind == Resource.Kind.PERSON


def test_demo_has_a_daily_dose_for_each_of_the_last_30_days_ending_today():
    load_demo()
    today = timezone.localdate()

    assert daily_dose_days() == last_days(DAILY_DOSE_DAYS, ending=today)
    featured = Quote.objects.filter(featured_on__isnull=False)
    assert featured.count() == featured.published().count()


def test_demo_resources_include_iraq_and_isis_and_every_kind():
    load_demo()

    published = Resource.objects.published()
    assert published.get(slug="iraq").kind == Resource.Kind.COUNTRY
    assert published.get(slug="isis").kind == Resource.Kind.GROUP
    for kind in Resource.Kind.values:
        assert published.filter(kind=kind).exists(), kind
    assert published.filter(featured=True).count() >= 2
    iraq = published.get(slug="iraq")
    assert "<h2>" in iraq.body
    assert "<ul>" in iraq.body
    assert 'href="/resources/isis/"' in iraq.body
    assert iraq.image
    assert iraq.image_alt


def test_demo_press_releases_are_dated_across_the_last_three_years():
    load_demo()
    now = timezone.now()

    releases = PressRelease.objects.published()
    dates = [release.publish_at for release in releases]
    assert min(dates) >= now - datetime.timedelta(days=3 * 365)
    assert max(dates) - min(dates) > datetime.timedelta(days=2 * 365)
    assert all(release.dateline for release in releases)
    assert all(release.summary for release in releases)
    assert releases.filter(resources__isnull=False).distinct().count() >= 8
    assert releases.exclude(image="").exclude(image_alt="").count() >= 2
    release = releases.get(slug="new-report-maps-irans-militia-network-in-iraq")
    assert "<h2>" in release.body
    assert "<ul>" in release.body
    assert "<a " in release.body


def test_demo_tags_join_press_quotes_and_resources():
    load_demo()

    for tag in ("isis", "iraq", "iran", "online-extremism", "financing"):
        assert PressRelease.objects.filter(tags__slug=tag).exists(), tag
        assert Quote.objects.filter(tags__slug=tag).exists(), tag
        assert Resource.objects.filter(tags__slug=tag).exists(), tag


def test_demo_drafts_and_scheduled_items_are_kept_out_of_published():
    load_demo()

    for model in (PressRelease, Quote, Resource):
        drafts = model.objects.drafts()
        scheduled = model.objects.scheduled()
        assert drafts.exists(), model
        assert scheduled.exists(), model
        published = model.objects.published()
        assert not published.filter(pk__in=drafts).exists()
        assert not published.filter(pk__in=scheduled).exists()


def test_loading_the_demo_twice_creates_nothing_new():
    load_demo()
    before = snapshot()
    doses_before = daily_dose_days()

    output = load_demo()

    assert snapshot() == before
    assert daily_dose_days() == doses_before
    assert "0 created" in output


def test_demo_admin_signs_in_with_the_default_password(client):
    output = load_demo()

    admin = get_user_model().objects.get(username="admin")
    assert admin.is_staff
    assert admin.is_superuser
    assert client.login(username="admin", password="admin")
    assert "admin" in output
    assert "http://" in output


def test_demo_admin_password_comes_from_the_environment(client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-secret-42")

    output = load_demo()

    assert client.login(username="admin", password="a-demo-secret-42")
    assert not client.login(username="admin", password="admin")
    assert "a-demo-secret-42" in output


def test_reloading_the_demo_resets_the_admin_password(client, monkeypatch):
    load_demo()
    monkeypatch.setenv("DEMO_PASSWORD", "changed-for-the-demo")

    load_demo()

    assert get_user_model().objects.filter(username="admin").count() == 1
    assert client.login(username="admin", password="changed-for-the-demo")


def test_reloading_on_later_days_keeps_30_daily_doses_without_new_quotes():
    load_demo()
    quotes = Quote.objects.count()
    start = timezone.now()

    # Far enough apart that the demo runs out of never-featured items and has
    # to move old Daily Doses forward.
    for days_later in (5, 45, 90, 160):
        with time_machine.travel(start + datetime.timedelta(days=days_later)):
            output = load_demo()
            today = timezone.localdate()

            doses = daily_dose_days()
            assert doses[-DAILY_DOSE_DAYS:] == last_days(DAILY_DOSE_DAYS, ending=today)
            assert Quote.objects.count() == quotes
            assert "0 created" in output
            featured = Quote.objects.filter(featured_on__isnull=False)
            assert featured.count() == featured.published().count()


def test_reloading_the_next_day_keeps_yesterdays_daily_doses():
    load_demo()
    earlier = {q.pk: q.featured_on for q in Quote.objects.exclude(featured_on=None)}

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        load_demo()
        today = timezone.localdate()

    later = {q.pk: q.featured_on for q in Quote.objects.exclude(featured_on=None)}
    assert later.items() >= earlier.items()
    assert len(later) == len(earlier) + 1
    assert today in later.values()


def test_demo_items_start_with_one_version_in_their_history():
    load_demo()
    load_demo()

    for model in (PressRelease, Quote, Resource):
        for item in model.objects.all():
            versions = Version.objects.get_for_object(item)
            assert [v.revision.comment for v in versions] == ["Demo content"]
