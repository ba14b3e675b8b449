import datetime
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from reversion.models import Version

from cepsite.roles import EDITORS, can_publish
from cepsite.site.demo.loader import CONTENT, DAILY_DOSE_DAYS
from cepsite.site.management.commands.load_demo import TRIAL_PASSWORD
from cepsite.tagging import Tag, TaggedItem
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Organization, Person, Resource

pytestmark = pytest.mark.django_db

CONTENT_MODELS = (Resource, Organization, Person, Quote, PressRelease)


@pytest.fixture(autouse=True)
def _default_password(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)


@pytest.fixture(autouse=True)
def _local_trial(settings):
    """The demo is for a local trial, which runs with DEBUG on."""
    settings.DEBUG = True


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def signs_in(client, password, username="admin"):
    """Whether the admin's sign-in page lets ``username`` in with ``password``."""
    client.post("/admin/logout/")
    response = client.post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
    )
    return response.status_code == 302 and "_auth_user_id" in client.session


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


def test_demo_admin_signs_in_with_the_trial_password(client):
    output = load_demo()

    admin = get_user_model().objects.get(username="admin")
    assert admin.is_staff
    assert signs_in(client, TRIAL_PASSWORD)
    assert not signs_in(client, "admin")
    assert TRIAL_PASSWORD in output
    assert "http://" in output


def test_demo_admin_is_an_editor_not_a_superuser(client):
    load_demo()

    admin = get_user_model().objects.get(username="admin")
    assert not admin.is_superuser
    assert list(admin.groups.values_list("name", flat=True)) == [EDITORS]
    # It can do what an editor does: release, delete, read the audit trail.
    for model in (PressRelease, Quote, Resource):
        assert can_publish(admin, model), model
    assert admin.has_perm("quotes.delete_quote")
    assert admin.has_perm("admin.view_logentry")
    assert not admin.has_perm("auth.change_user")
    client.force_login(admin)
    assert client.get("/admin/quotes/quote/").status_code == 200
    assert client.get("/admin/auth/user/").status_code == 403


def test_demo_admin_is_a_superuser_only_when_asked():
    output = load_demo("--superuser")

    assert get_user_model().objects.get(username="admin").is_superuser
    assert "a superuser" in output


def test_demo_admin_password_comes_from_the_environment(client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-secret-42")

    output = load_demo()

    assert signs_in(client, "a-demo-secret-42")
    assert not signs_in(client, TRIAL_PASSWORD)
    assert "a-demo-secret-42" in output


def test_a_demo_password_must_follow_the_password_rules(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "admin")

    with pytest.raises(CommandError, match="at least 12 characters"):
        load_demo()

    assert not get_user_model().objects.exists()
    assert not Quote.objects.exists()


def test_reloading_the_demo_never_resets_an_existing_password(client, monkeypatch):
    load_demo()
    monkeypatch.setenv("DEMO_PASSWORD", "changed-for-the-demo")

    output = load_demo()

    assert get_user_model().objects.filter(username="admin").count() == 1
    assert signs_in(client, TRIAL_PASSWORD)
    assert not signs_in(client, "changed-for-the-demo")
    assert "changed-for-the-demo" not in output
    assert "password are unchanged" in output


def test_an_existing_admin_account_is_left_as_it_is(client, monkeypatch):
    owner = get_user_model().objects.create_user(
        username="admin", password="the-owners-own-password", is_staff=False
    )
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-secret-42")

    load_demo("--superuser")

    owner.refresh_from_db()
    assert owner.check_password("the-owners-own-password")
    assert not owner.is_staff
    assert not owner.is_superuser
    assert not owner.groups.exists()


def test_the_demo_refuses_to_load_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        load_demo()

    assert snapshot() == dict.fromkeys(snapshot(), 0)


def test_forced_with_debug_off_the_demo_account_gets_no_known_password(settings):
    settings.DEBUG = False

    output = load_demo("--force")

    admin = get_user_model().objects.get(username="admin")
    assert not admin.has_usable_password()
    assert not admin.check_password(TRIAL_PASSWORD)
    assert Quote.objects.exists()
    assert "changepassword admin" in output


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
