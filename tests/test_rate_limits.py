"""
Anonymous search, tag pages and downloads are limited per client address,
through the shared cache: a 429 page that says when to come back.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from cepsite import pagecache
from tests.factories import make_press_release, make_quote
from tests.redis_server import RedisServer, redis_cache_settings

pytestmark = pytest.mark.django_db

NOON = timezone.make_aware(datetime.datetime(2026, 3, 10, 12, 0, 30))


@pytest.fixture(autouse=True)
def rate_limits(settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATE_LIMITS = {
        "search": "3/m",
        "tag": "3/m",
        "quotes:download_csv": "2/m",
        "quotes:download_json": "2/m",
    }
    # Windows are counted on the clock; the tests stand still in one.
    with time_machine.travel(NOON, tick=False):
        yield settings.RATE_LIMITS


def _search(client, number, address="198.51.100.7", **headers):
    return client.get(f"/search/?q=word{number}", REMOTE_ADDR=address, **headers)


def test_search_beyond_the_limit_answers_429_with_retry_after(client):
    for number in range(3):
        assert _search(client, number).status_code == 200
    refused = _search(client, 3)
    assert refused.status_code == 429
    retry_after = int(refused["Retry-After"])
    assert 0 < retry_after <= 60
    assert "<h1>Too many requests</h1>" in refused.content.decode()
    assert "try again in 1 minute" in refused.content.decode()


def test_each_client_address_has_its_own_limit(client):
    for number in range(4):
        _search(client, number)
    assert _search(client, 5, address="203.0.113.9").status_code == 200


def test_a_forwarded_for_header_does_not_change_the_address_counted(client):
    for number in range(3):
        _search(client, number, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    refused = _search(client, 3, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert refused.status_code == 429


def test_the_limit_is_counted_again_in_the_next_window(client):
    for number in range(4):
        _search(client, number)
    with time_machine.travel(NOON + datetime.timedelta(minutes=2), tick=False):
        assert _search(client, 9).status_code == 200


def test_tag_pages_are_limited(client):
    make_press_release(tags=["financing"])
    for _ in range(3):
        assert client.get("/tags/financing/").status_code == 200
    assert client.get("/tags/financing/").status_code == 429


def test_downloads_are_limited_in_each_format_together_or_apart(client):
    make_quote()
    for _ in range(2):
        assert client.get("/quotes/download.csv").status_code == 200
    assert client.get("/quotes/download.csv").status_code == 429
    assert client.get("/quotes/download.json").status_code == 200


def test_staff_are_not_limited(staff_client):
    for number in range(6):
        assert _search(staff_client, number).status_code == 200


def test_other_pages_are_not_limited(client):
    make_press_release()
    for _ in range(6):
        assert client.get("/press/").status_code == 200


@pytest.mark.usefixtures("page_cache")
def test_pages_served_from_the_page_cache_are_not_counted(client):
    for _ in range(6):
        response = _search(client, 1)
        assert response.status_code == 200
    assert response["X-Cache"] == "hit"


def test_the_refusal_is_never_kept_by_the_page_cache(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    for number in range(3):
        _search(client, number)
    assert _search(client, 3).status_code == 429
    assert _search(client, 3, address="203.0.113.9").status_code == 200


def test_nothing_is_limited_while_the_cache_is_down(client, settings, monkeypatch):
    server = RedisServer().start()
    try:
        settings.CACHES = redis_cache_settings(server.url)
        settings.PAGE_CACHE_RETRY_SECONDS = 0
        monkeypatch.setattr(pagecache, "health", pagecache._Health())
        for number in range(3):
            assert _search(client, number).status_code == 200
        assert _search(client, 3).status_code == 429
        server.kill()
        for number in range(4, 8):
            assert _search(client, number).status_code == 200
    finally:
        server.kill()


def test_behind_a_trusted_proxy_the_address_it_saw_is_counted(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    nginx = "10.0.0.2"
    for number in range(3):
        # A client may write anything first; nginx appends what it saw.
        forged = f"192.0.2.{number}, 198.51.100.7"
        _search(client, number, address=nginx, HTTP_X_FORWARDED_FOR=forged)
    assert (
        _search(
            client, 3, address=nginx, HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7"
        ).status_code
        == 429
    )
    other_reader = _search(client, 4, address=nginx, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert other_reader.status_code == 200


def test_an_ipv6_client_is_counted_by_its_64(client):
    for number in range(3):
        _search(client, number, address=f"2001:db8:1:2::{number + 1}")
    assert _search(client, 3, address="2001:db8:1:2:ffff::9").status_code == 429
    assert _search(client, 4, address="2001:db8:1:3::1").status_code == 200
