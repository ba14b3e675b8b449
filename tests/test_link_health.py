"""
Link health: ``manage.py check_sources`` against real HTTP servers on the
loopback network, what the quote page says of a dead source, and the
editors' list of dead sources.
"""

import io
import time
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from quotes.models import Source
from tests import source_servers
from tests.factories import make_quote, make_source
from tests.source_servers import SLOW_SECONDS

pytestmark = pytest.mark.django_db

source_server = source_servers.source_server
other_server = source_servers.other_server


def _check(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("check_sources", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _status_after_check(url):
    source = make_source(make_quote(), url=url)
    _check()
    source.refresh_from_db()
    return source


def test_a_page_that_answers_is_live(source_server, settings):
    source = _status_after_check(source_server.url("/live"))

    assert source.link_status == Source.LinkStatus.LIVE
    assert source.checked_at is not None
    assert source.offline_since is None
    [(_, headers)] = source_server.requests
    assert headers["User-Agent"] == settings.SOURCES_USER_AGENT


def test_a_permanent_redirect_is_moved(source_server):
    source = _status_after_check(source_server.url("/moved"))

    assert source.link_status == Source.LinkStatus.MOVED


def test_a_temporary_redirect_to_a_live_page_is_live(source_server):
    source = _status_after_check(source_server.url("/elsewhere"))

    assert source.link_status == Source.LinkStatus.LIVE


def test_a_missing_page_is_dead_from_its_first_failed_check(source_server):
    source = _status_after_check(source_server.url("/gone"))

    assert source.link_status == Source.LinkStatus.DEAD
    assert source.offline_since == source.checked_at


def test_a_page_slower_than_the_timeout_is_dead(source_server, settings):
    settings.SOURCES_FETCH_TIMEOUT = SLOW_SECONDS / 4

    source = _status_after_check(source_server.url("/slow"))

    assert source.link_status == Source.LinkStatus.DEAD


def test_a_host_that_refuses_connections_is_dead(source_server):
    url = source_server.url("/live")
    source_server.stop()

    source = _status_after_check(url)

    assert source.link_status == Source.LinkStatus.DEAD


def test_with_the_setting_off_nothing_is_fetched_nor_recorded(source_server, settings):
    settings.SOURCES_ALLOW_PRIVATE_ADDRESSES = False
    source = make_source(make_quote(), url=source_server.url("/gone"))

    out, err = _check()

    source.refresh_from_db()
    assert "1 refused" in out
    assert "not a public address" in err
    assert source_server.requests == []
    assert source.link_status == Source.LinkStatus.UNCHECKED
    assert source.checked_at is None


def test_a_redirect_towards_a_forbidden_address_is_not_followed(
    source_server, other_server, settings
):
    settings.SOURCES_ALLOW_PRIVATE_ADDRESSES = ["127.0.0.1/32"]
    target = other_server.url("/live")
    source = make_source(make_quote(), url=source_server.url(f"/redirect?to={target}"))

    out, _ = _check()

    source.refresh_from_db()
    assert "1 refused" in out
    assert other_server.requests == []
    assert source.link_status == Source.LinkStatus.UNCHECKED


def test_checking_again_keeps_the_day_a_source_went_offline(source_server):
    source = _status_after_check(source_server.url("/gone"))
    went_offline = source.offline_since

    out, _ = _check()

    source.refresh_from_db()
    assert "1 dead" in out
    assert source.offline_since == went_offline
    assert source.checked_at > went_offline


def test_a_source_that_answers_again_is_no_longer_offline(source_server):
    source = _status_after_check(source_server.url("/gone"))
    Source.objects.filter(pk=source.pk).update(url=source_server.url("/live"))

    _check()

    source.refresh_from_db()
    assert source.link_status == Source.LinkStatus.LIVE
    assert source.offline_since is None


def test_a_run_checks_at_most_the_limit_the_longest_unchecked_first(
    source_server, settings
):
    settings.SOURCES_CHECK_LIMIT = 2
    quote = make_quote()
    checked_long_ago = make_source(
        quote,
        url=source_server.url("/live?a"),
        checked_at=timezone.now() - timedelta(days=30),
        link_status=Source.LinkStatus.LIVE,
    )
    never = make_source(quote, url=source_server.url("/live?b"))
    checked_lately = make_source(
        quote,
        url=source_server.url("/live?c"),
        checked_at=timezone.now() - timedelta(days=1),
        link_status=Source.LinkStatus.LIVE,
    )

    out, _ = _check()

    assert "2 live" in out
    assert source_server.paths == [never.url[-7:], checked_long_ago.url[-7:]]
    out, _ = _check("--limit", "1")
    assert source_server.paths[-1] == checked_lately.url[-7:]


def test_a_limit_below_one_is_an_error(db):
    with pytest.raises(CommandError, match="at least 1"):
        _check("--limit", "0")


def test_requests_to_one_host_wait_their_turn(source_server, settings):
    settings.SOURCES_HOST_DELAY = 0.3
    quote = make_quote()
    make_source(quote, url=source_server.url("/live?1"))
    make_source(quote, url=source_server.url("/live?2"))
    make_source(quote, url=source_server.url("/live?3"))

    started = time.monotonic()
    out, _ = _check()

    assert "3 live" in out
    assert time.monotonic() - started >= 0.6


def test_a_run_without_sources_says_so(db):
    out, _ = _check()

    assert "nothing to do" in out


def test_the_quote_page_says_since_when_a_source_is_offline(source_server, client):
    quote = make_quote()
    make_source(
        quote,
        title="The group's statement",
        url=source_server.url("/gone"),
        archive_url="https://web.archive.org/web/2023/https://example.org/s",
    )
    _check()
    source = quote.sources.get()

    body = client.get(quote.get_absolute_url()).content.decode()

    assert f"Source offline since {source.offline_since:%-d %B %Y}" in body
    assert 'href="https://web.archive.org/web/2023/https://example.org/s"' in body
    assert "Archived copy" in body


def test_editors_list_dead_sources_to_fix(admin_client):
    quote = make_quote()
    dead = make_source(
        quote,
        title="Gone statement",
        url="https://example.org/gone",
        link_status=Source.LinkStatus.DEAD,
        offline_since=timezone.now(),
    )
    make_source(
        quote,
        title="Live statement",
        url="https://example.org/live",
        link_status=Source.LinkStatus.LIVE,
    )

    response = admin_client.get(
        reverse("admin:quotes_source_changelist"), {"link_status__exact": "dead"}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Gone statement" in body
    assert "Live statement" not in body
    assert reverse("admin:quotes_source_change", args=[dead.pk]) in body


def test_the_quotes_changelist_filters_by_their_sources_link_status(admin_client):
    with_dead = make_quote(text="Words with a dead source.")
    make_source(with_dead, link_status=Source.LinkStatus.DEAD)
    make_source(make_quote(text="Words with a live source."), url="https://a.org/")

    response = admin_client.get(
        reverse("admin:quotes_quote_changelist"), {"sources__link_status": "dead"}
    )

    body = response.content.decode()
    assert "Words with a dead source." in body
    assert "Words with a live source." not in body
