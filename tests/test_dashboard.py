"""The editors' dashboard at /admin/, its month calendar and its calendar feed."""

import datetime
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cepsite import reviews, services
from cepsite.admin import dashboard
from cepsite.publishing import Status
from press.models import PressRelease
from quotes.models import Quote, Source
from tests.factories import (
    make_press_release,
    make_quote,
    make_source,
    make_staff_member,
    press_release_admin_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief():
    return make_staff_member("chief", role="editor")


@pytest.fixture
def writer():
    return make_staff_member("writer", role="contributor")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _section(html, section_id):
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]


def _at_noon(day):
    naive = datetime.datetime.combine(day, datetime.time(12))
    return timezone.make_aware(naive)


def _next_month():
    first = timezone.localdate().replace(day=1)
    return (first + timedelta(days=32)).replace(day=1)


def test_my_drafts_lists_the_drafts_i_wrote_and_not_others(writer, chief):
    client = _client(writer)
    data = press_release_admin_data(title="My own draft", status=Status.DRAFT)
    assert client.post(reverse("admin:press_pressrelease_add"), data).status_code == 302
    other = _client(chief)
    other.post(
        reverse("admin:press_pressrelease_add"),
        press_release_admin_data(title="Someone else's draft", status=Status.DRAFT),
    )
    html = client.get(reverse("admin:index")).content.decode()
    mine = _section(html, "my-drafts")
    assert "My own draft" in mine
    assert "Someone else" not in mine


def test_editors_see_the_review_queue_and_contributors_do_not(writer, chief):
    draft = make_press_release(title="Ready for a look", status=Status.DRAFT)
    reviews.review_submit(item=draft, user=writer, note="Check the dateline.")
    html = _client(chief).get(reverse("admin:index")).content.decode()
    queue = _section(html, "awaiting-review")
    assert "Ready for a look" in queue and "Check the dateline." in queue
    assert (
        'id="awaiting-review"'
        not in _client(writer).get(reverse("admin:index")).content.decode()
    )


def test_a_draft_published_without_the_review_leaves_the_queue(writer, chief):
    draft = make_press_release(title="Published by hand", status=Status.DRAFT)
    reviews.review_submit(item=draft, user=writer)
    services.items_publish(queryset=PressRelease.objects.filter(pk=draft.pk))
    html = _client(chief).get(reverse("admin:index")).content.decode()
    assert "Published by hand" not in _section(html, "awaiting-review")


def test_scheduled_lists_the_next_fortnight_only(chief):
    now = timezone.now()
    make_press_release(title="Out in three days", publish_at=now + timedelta(days=3))
    make_quote(text="Words due next week.", publish_at=now + timedelta(days=7))
    make_press_release(title="Out next month", publish_at=now + timedelta(days=20))
    make_press_release(
        title="A draft dated soon",
        status=Status.DRAFT,
        publish_at=now + timedelta(days=2),
    )
    html = _client(chief).get(reverse("admin:index")).content.decode()
    scheduled = _section(html, "scheduled")
    assert "Out in three days" in scheduled
    assert "Words due next week." in scheduled
    assert "Out next month" not in scheduled
    assert "A draft dated soon" not in scheduled
    assert scheduled.index("Out in three days") < scheduled.index("Words due")


def test_recently_published_shows_the_latest_live_items(chief):
    make_press_release(
        title="Long ago", publish_at=timezone.now() - timedelta(days=400)
    )
    for n in range(dashboard.RECENT_COUNT):
        make_press_release(
            title=f"Fresh {n}", publish_at=timezone.now() - timedelta(hours=n + 1)
        )
    make_press_release(title="Withdrawn one", withdrawn_at=timezone.now())
    html = _client(chief).get(reverse("admin:index")).content.decode()
    recent = _section(html, "recently-published")
    assert "Fresh 0" in recent and "Long ago" not in recent
    assert "Withdrawn one" not in recent


def test_sources_gone_dead_are_listed_with_their_quote(chief):
    quote = make_quote(text="Words with a dead source.")
    make_source(quote, title="Vanished page", link_status=Source.LinkStatus.DEAD)
    make_source(quote, title="Healthy page", link_status=Source.LinkStatus.LIVE)
    html = _client(chief).get(reverse("admin:index")).content.decode()
    dead = _section(html, "dead-sources")
    assert "Vanished page" in dead and "Words with a dead source." in dead
    assert "Healthy page" not in dead
    assert "(1)" in dead


def test_the_month_calendar_shows_press_doses_and_marks_free_days(chief):
    month = _next_month()
    make_press_release(
        title="Mid-month release", publish_at=_at_noon(month.replace(day=10))
    )
    make_quote(text="Words of the first.", featured_on=month)
    response = _client(chief).get(reverse("admin:index"), {"month": f"{month:%Y-%m}"})
    html = _section(response.content.decode(), "calendar")
    assert f"{month:%B %Y}" in html
    first = html[html.index(f'data-day="{month:%Y-%m-%d}"') :]
    assert "Daily Dose" in first[: first.index("</td>")]
    tenth = html[html.index(f'data-day="{month.replace(day=10):%Y-%m-%d}"') :]
    tenth = tenth[: tenth.index("</td>")]
    assert "Mid-month release" in tenth and "No Daily Dose" in tenth
    assert "calendar-day--free" in html
    previous = (month - timedelta(days=1)).replace(day=1)
    assert f"?month={previous:%Y-%m}#calendar" in html


@pytest.mark.parametrize("month", ["2026-13", "December", "0000-01", "2026-1"])
def test_a_bad_month_gets_a_message_and_this_month(chief, month):
    response = _client(chief).get(reverse("admin:index"), {"month": month})
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a month: write it as 2026-12." in html
    assert f"{timezone.localdate():%B %Y}" in _section(html, "calendar")


def test_a_calendar_without_releases_or_doses_marks_every_day_free(chief):
    month = _next_month()
    response = _client(chief).get(reverse("admin:index"), {"month": f"{month:%Y-%m}"})
    html = _section(response.content.decode(), "calendar")
    assert html.count("No Daily Dose") >= 28


def test_an_editor_gives_a_free_day_a_published_quote(chief):
    day = _next_month().replace(day=5)
    quote = make_quote(text="Words for a free day.")
    response = _client(chief).post(
        reverse("admin_daily_dose_set"),
        {"day": f"{day:%Y-%m-%d}", "quote": str(quote.pk)},
        follow=True,
    )
    assert "is the Daily Dose of" in response.content.decode()
    quote.refresh_from_db()
    assert quote.featured_on == day
    assert LogEntry.objects.filter(
        object_id=str(quote.pk), change_message__startswith="Made the Daily Dose"
    ).exists()


def test_a_taken_day_is_refused_naming_the_quote_that_holds_it(chief):
    day = _next_month().replace(day=5)
    holder = make_quote(text="Words already chosen.", featured_on=day)
    quote = make_quote(text="Words hoping for the day.")
    response = _client(chief).post(
        reverse("admin_daily_dose_set"),
        {"day": f"{day:%Y-%m-%d}", "quote": str(quote.pk)},
        follow=True,
    )
    html = response.content.decode()
    assert "Words already chosen." in html and "is taken" in html
    assert reverse("admin:quotes_quote_change", args=[holder.pk]) in html
    quote.refresh_from_db()
    assert quote.featured_on is None


@pytest.mark.parametrize(
    "quote_fields",
    [
        {"status": Status.DRAFT},
        {"publish_at": timezone.now() + timedelta(days=30)},
        {"featured_on": datetime.date(2020, 1, 1)},
    ],
    ids=["draft", "scheduled", "already-featured"],
)
def test_only_a_published_quote_without_a_day_may_be_chosen(chief, quote_fields):
    day = _next_month().replace(day=6)
    quote = make_quote(**quote_fields)
    before = quote.featured_on
    response = _client(chief).post(
        reverse("admin_daily_dose_set"),
        {"day": f"{day:%Y-%m-%d}", "quote": str(quote.pk)},
        follow=True,
    )
    assert "No Daily Dose set." in response.content.decode()
    quote.refresh_from_db()
    assert quote.featured_on == before


@pytest.mark.parametrize(
    "data", [{"day": "someday", "quote": "1"}, {"day": "2026-12-01", "quote": "x"}, {}]
)
def test_a_malformed_daily_dose_form_gets_a_message(chief, data):
    response = _client(chief).post(reverse("admin_daily_dose_set"), data, follow=True)
    assert response.status_code == 200
    assert "No Daily Dose set." in response.content.decode()
    assert not Quote.objects.filter(featured_on__isnull=False).exists()


def test_a_contributor_cannot_set_a_daily_dose_even_by_a_forged_post(writer):
    quote = make_quote()
    client = _client(writer)
    assert "daily-dose-form" not in client.get(reverse("admin:index")).content.decode()
    response = client.post(
        reverse("admin_daily_dose_set"),
        {"day": f"{_next_month():%Y-%m-%d}", "quote": str(quote.pk)},
    )
    assert response.status_code == 403
    quote.refresh_from_db()
    assert quote.featured_on is None


def test_the_daily_dose_form_takes_only_post(chief):
    assert _client(chief).get(reverse("admin_daily_dose_set")).status_code == 405


def _fill(n, writer, month, *, first_dose=0):
    now = timezone.now()
    for i in range(n):
        draft = make_press_release(status=Status.DRAFT, title=f"Draft {i}")
        LogEntry.objects.log_actions(
            user_id=writer.pk, queryset=[draft], action_flag=1, single_object=True
        )
        reviews.review_submit(item=draft, user=writer)
        make_press_release(publish_at=now + timedelta(days=1 + i % 10))
        make_press_release(publish_at=_at_noon(month.replace(day=1 + i % 27)))
        dose = first_dose + i
        make_quote(featured_on=month.replace(day=1 + dose) if dose < 28 else None)
        make_source(make_quote(), link_status=Source.LinkStatus.DEAD)


def _dashboard_queries(client, month):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:index"), {"month": f"{month:%Y-%m}"})
    assert response.status_code == 200
    return [q["sql"][:150] for q in queries.captured_queries]


def test_the_dashboard_query_count_is_flat(chief, writer):
    month = _next_month()
    client = _client(chief)
    _fill(3, writer, month)
    # The first request also fills the content-type cache, once per process.
    _dashboard_queries(client, month)
    few = _dashboard_queries(client, month)
    _fill(40, writer, month, first_dose=3)
    many = _dashboard_queries(client, month)
    assert len(many) == len(few), "\n".join(many)


def _feed(client, user):
    return client.get(
        reverse("admin_calendar_feed", kwargs={"token": dashboard.feed_token(user)})
    )


def test_the_calendar_feed_lists_press_doses_and_free_days(chief):
    today = timezone.localdate()
    make_press_release(
        title="Feed release", publish_at=timezone.now() + timedelta(days=2)
    )
    make_press_release(title="Hidden draft", status=Status.DRAFT)
    make_quote(text="Feed words.", featured_on=today + timedelta(days=1))
    html = _client(chief).get(reverse("admin:index")).content.decode()
    assert dashboard.feed_token(chief) in html
    response = _feed(Client(), chief)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert "Press: Feed release" in summaries
    assert "Daily Dose: Feed words." in summaries
    assert "No Daily Dose yet" in summaries
    assert not any("Hidden draft" in summary for summary in summaries)
    free = [
        e for e in calendar.walk("VEVENT") if str(e["summary"]) == "No Daily Dose yet"
    ]
    free_days = {event.decoded("dtstart") for event in free}
    assert today + timedelta(days=1) not in free_days
    assert today in free_days


@pytest.mark.parametrize("token", ["nonsense", "1:forged", "MQ:abc"])
def test_a_wrong_calendar_token_is_404(token):
    response = Client().get(reverse("admin_calendar_feed", kwargs={"token": token}))
    assert response.status_code == 404


def test_a_calendar_token_stops_working_when_the_account_leaves_staff(chief):
    assert _feed(Client(), chief).status_code == 200
    chief.is_staff = False
    chief.save(update_fields=["is_staff"])
    assert _feed(Client(), chief).status_code == 404
