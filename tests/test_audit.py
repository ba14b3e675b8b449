"""Editors see who changed what in the admin, and when; nobody can alter it."""

import re
from datetime import datetime

import pytest
import time_machine
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from press.models import PressRelease
from quotes.models import Quote
from tests.factories import (
    admin_url,
    make_staff_member,
    press_release_admin_data,
    quote_admin_data,
)

pytestmark = pytest.mark.django_db

LOG_LIST = reverse("admin:admin_logentry_changelist")


def at(day, hour=12):
    """A moment on a day of March 2025, in the site's time zone."""
    return timezone.make_aware(datetime(2025, 3, day, hour, 0))


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff():
    """Two writers and an editor, each with a client of their own."""
    writers = [make_staff_member(name, role="contributor") for name in ("amira", "ben")]
    editor = make_staff_member("chief", role="editor")
    return {user.username: (user, client_for(user)) for user in [*writers, editor]}


def add_release(client, title, day, hour=12):
    with time_machine.travel(at(day, hour), tick=False):
        response = client.post(
            reverse("admin:press_pressrelease_add"),
            press_release_admin_data(title=title),
        )
    assert response.status_code == 302


def listed(client, **params):
    response = client.get(LOG_LIST, params)
    assert response.status_code == 200
    return [entry.object_repr for entry in response.context["cl"].result_list]


def test_each_admin_change_records_who_made_it(staff):
    amira, amira_client = staff["amira"]

    amira_client.post(
        reverse("admin:quotes_quote_add"), quote_admin_data(text="Their words.")
    )

    quote = Quote.objects.get()
    entry = LogEntry.objects.get()
    assert entry.user == amira
    assert entry.action_flag == ADDITION
    assert entry.object_id == str(quote.pk)
    assert Version.objects.get_for_object(quote).get().revision.user == amira


def test_an_editor_lists_what_one_member_changed_between_two_days(staff):
    amira, amira_client = staff["amira"]
    ben, ben_client = staff["ben"]
    _, editor_client = staff["chief"]
    add_release(amira_client, "Before the range", day=1)
    add_release(amira_client, "First day of the range", day=10, hour=0)
    add_release(ben_client, "Someone else's", day=12)
    add_release(amira_client, "Last day of the range", day=20, hour=23)
    add_release(amira_client, "After the range", day=21, hour=0)

    results = listed(
        editor_client,
        user__id__exact=amira.pk,
        since="2025-03-10",
        until="2025-03-20",
    )

    assert results == ["Last day of the range", "First day of the range"]
    assert listed(editor_client, user__id__exact=ben.pk) == ["Someone else's"]


def test_the_log_filters_by_content_type_action_and_month(staff):
    _, amira_client = staff["amira"]
    _, editor_client = staff["chief"]
    add_release(amira_client, "A release", day=3)
    release = PressRelease.objects.get()
    with time_machine.travel(at(5), tick=False):
        amira_client.post(
            reverse("admin:quotes_quote_add"), quote_admin_data(text="A quote.")
        )
        amira_client.post(
            reverse("admin:press_pressrelease_change", args=[release.pk]),
            press_release_admin_data(title="A release, revised", slug=release.slug),
        )
    press = ContentType.objects.get_for_model(PressRelease)

    by_type = listed(editor_client, content_type__id__exact=press.pk)
    changes = listed(editor_client, action_flag__exact=CHANGE)
    in_march = listed(editor_client, action_time__year=2025, action_time__month=3)

    assert by_type == ["A release, revised", "A release"]
    assert changes == ["A release, revised"]
    assert len(in_march) == 3


def test_the_log_shows_user_item_and_message(staff):
    _, amira_client = staff["amira"]
    _, editor_client = staff["chief"]
    add_release(amira_client, "A release", day=3)
    release = PressRelease.objects.get()

    html = editor_client.get(LOG_LIST).content.decode()

    assert "amira" in html
    assert reverse("admin:press_pressrelease_change", args=[release.pk]) in html
    assert "Added." in html
    assert 'type="date"' in html  # the range filter's inputs


def test_the_user_filter_keeps_the_date_range_and_vice_versa(staff):
    amira, amira_client = staff["amira"]
    _, editor_client = staff["chief"]
    add_release(amira_client, "A release", day=3)

    html = editor_client.get(
        LOG_LIST, {"user__id__exact": amira.pk, "since": "2025-03-01"}
    ).content.decode()

    assert f'<input type="hidden" name="user__id__exact" value="{amira.pk}">' in html
    assert "since=2025-03-01" in html  # in the user filter's links


def test_a_date_that_does_not_parse_is_reported_not_a_server_error(staff):
    _, amira_client = staff["amira"]
    _, editor_client = staff["chief"]
    add_release(amira_client, "A release", day=3)

    response = editor_client.get(LOG_LIST, {"since": "yesterday"})
    backwards = editor_client.get(
        LOG_LIST, {"since": "2025-03-20", "until": "2025-03-01"}
    )

    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
    assert "The range ends before it starts." in backwards.content.decode()


def test_contributors_cannot_see_the_log(staff):
    _, amira_client = staff["amira"]

    index = amira_client.get(reverse("admin:index")).content.decode()

    assert amira_client.get(LOG_LIST).status_code == 403
    assert LOG_LIST not in index


def test_the_log_cannot_be_altered_even_by_editors(staff, admin_client):
    _, amira_client = staff["amira"]
    _, editor_client = staff["chief"]
    add_release(amira_client, "A release", day=3)
    entry = LogEntry.objects.get()
    change_url = reverse("admin:admin_logentry_change", args=[entry.pk])

    page = editor_client.get(change_url)
    forged = editor_client.post(change_url, {"change_message": "Nothing."})
    deleted = admin_client.post(
        reverse("admin:admin_logentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    added = admin_client.get(reverse("admin:admin_logentry_add"))

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert forged.status_code == 403
    assert deleted.status_code == 403
    assert added.status_code == 403
    assert LogEntry.objects.get().change_message == entry.change_message


def test_the_log_list_runs_a_fixed_number_of_queries(
    staff, django_assert_max_num_queries
):
    _, amira_client = staff["amira"]
    _, editor_client = staff["chief"]
    for day in range(1, 31):
        add_release(amira_client, f"Release {day}", day=day)

    with django_assert_max_num_queries(11):
        response = editor_client.get(LOG_LIST)

    assert response.context["cl"].result_count == 30


def test_the_log_and_the_comparison_of_versions_run_no_inline_script(staff):
    # The Content-Security-Policy lets no script run without the nonce.
    _, amira_client = staff["amira"]
    _, editor_client = staff["chief"]
    add_release(amira_client, "A release", day=3)
    release = PressRelease.objects.get()
    log = editor_client.get(LOG_LIST, {"since": "2025-03-01", "until": "2025-03-31"})
    compare = editor_client.get(admin_url(PressRelease, "compare", release.pk))

    for page in (log, compare):
        assert page.status_code == 200
        scripts = re.findall(r"<script\b[^>]*>", page.content.decode())
        assert scripts and all(" src=" in tag for tag in scripts)
    stylesheet = re.search(
        r'href="([^"]*reversion_compare\.css)"', compare.content.decode()
    )
    assert editor_client.get(stylesheet[1]).status_code == 200
