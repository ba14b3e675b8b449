import datetime
import hashlib
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import redis
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from cepsite import pagecache, services, tagging
from cepsite.publishing import Status
from tests.factories import make_press_release, make_resource

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def test_second_anonymous_request_is_served_from_the_cache(client):
    make_press_release(title="Cached release")
    first = client.get("/press/")
    second = client.get("/press/")
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


def test_cache_is_keyed_by_the_full_url(client):
    make_press_release()
    client.get("/press/")
    assert client.get("/press/?page=1")["X-Cache"] == "miss"


def test_logged_in_staff_never_get_a_cached_page(staff_client, client):
    make_press_release()
    client.get("/press/")
    response = staff_client.get("/press/")
    assert "X-Cache" not in response
    assert staff_client.get("/press/").get("X-Cache") is None


def test_responses_that_set_cookies_are_not_cached(client):
    # The admin login form sets a CSRF cookie; it must never be replayed.
    client.get("/admin/login/")
    response = client.get("/admin/login/")
    assert "X-Cache" not in response


def test_saving_content_makes_cached_pages_fresh_at_once(client):
    release = make_press_release(title="First title")
    client.get(release.get_absolute_url())
    release.title = "Second title"
    services.item_save(item=release)
    response = client.get(release.get_absolute_url())
    assert response["X-Cache"] == "miss"
    assert b"Second title" in response.content


def test_deleting_content_makes_cached_lists_fresh(client):
    release = make_press_release(title="Soon gone")
    assert b"Soon gone" in client.get("/press/").content
    services.item_delete(item=release)
    assert b"Soon gone" not in client.get("/press/").content


def test_unpublishing_removes_the_page_from_the_cache(client):
    release = make_press_release(title="Pulled back")
    assert client.get(release.get_absolute_url()).status_code == 200
    release.status = Status.DRAFT
    services.item_save(item=release)
    assert client.get(release.get_absolute_url()).status_code == 404


def test_tagging_makes_cached_pages_fresh(client):
    release = make_press_release()
    client.get("/press/")
    services.item_tags_set(item=release, names=["financing"])
    assert client.get("/press/")["X-Cache"] == "miss"


def test_linking_a_resource_makes_cached_pages_fresh(client):
    release = make_press_release()
    client.get(release.get_absolute_url())
    services.item_links_add(
        item=release, field="resources", targets=[make_resource(title="Iraq")]
    )
    assert client.get(release.get_absolute_url())["X-Cache"] == "miss"


def test_scheduled_item_appears_on_time_despite_the_cache(client):
    # At noon, so that no step crosses midnight, when every page expires anyway.
    now = timezone.make_aware(datetime.datetime(2026, 3, 10, 12, 0))
    with time_machine.travel(now, tick=False):
        make_press_release(title="Scheduled news", publish_at=now + timedelta(hours=1))
        assert b"Scheduled news" not in client.get("/press/").content
    with time_machine.travel(now + timedelta(minutes=30), tick=False):
        assert client.get("/press/")["X-Cache"] == "hit"
    with time_machine.travel(now + timedelta(hours=1, seconds=1), tick=False):
        response = client.get("/press/")
        assert response["X-Cache"] == "miss"
        assert b"Scheduled news" in response.content


def test_cached_pages_tell_proxies_they_are_public(client):
    make_press_release()
    response = client.get("/press/")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "s-maxage=" in cache_control


def test_conditional_get_answers_304_when_nothing_changed(client):
    make_press_release()
    response = client.get("/press/")
    etag = response["ETag"]
    again = client.get("/press/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_conditional_get_answers_200_after_a_change(client):
    release = make_press_release(title="Before")
    etag = client.get("/press/")["ETag"]
    release.title = "After"
    services.item_save(item=release)
    response = client.get("/press/", headers={"If-None-Match": etag})
    assert response.status_code == 200


def test_cached_pages_expire_at_midnight_when_the_daily_dose_changes(client):
    evening = timezone.make_aware(datetime.datetime(2026, 3, 10, 23, 59))
    with time_machine.travel(evening, tick=False):
        make_press_release(publish_at=evening - timedelta(days=1))
        client.get("/press/")
        assert client.get("/press/")["X-Cache"] == "hit"
    with time_machine.travel(evening + timedelta(minutes=2), tick=False):
        assert client.get("/press/")["X-Cache"] == "miss"


class _RecordingCache:
    """The cache, noting the name of each method the page cache calls."""

    def __init__(self, cache):
        self.cache = cache
        self.calls = []

    def __getattr__(self, name):
        self.calls.append(name)
        return getattr(self.cache, name)


def test_a_hit_reads_the_cache_once_and_the_database_never(
    client, monkeypatch, django_assert_num_queries
):
    make_press_release()
    client.get("/press/")
    recording = _RecordingCache(pagecache.cache)
    monkeypatch.setattr(pagecache, "cache", recording)
    with django_assert_num_queries(0):
        response = client.get("/press/")
    assert response["X-Cache"] == "hit"
    assert recording.calls == ["get_many"]


def test_a_hit_carries_the_etag_of_its_content(client):
    make_press_release()
    first = client.get("/press/")
    second = client.get("/press/")
    assert second["X-Cache"] == "hit"
    assert second["ETag"] == first["ETag"]
    assert second["ETag"] == f'"{hashlib.md5(second.content).hexdigest()}"'


def test_a_page_cached_before_a_change_is_not_served_after_it(client):
    release = make_press_release(title="Old words")
    client.get("/press/")
    release.title = "New words"
    services.item_save(item=release)
    client.get("/")  # the new version is set by another page
    response = client.get("/press/")
    assert response["X-Cache"] == "miss"
    assert b"New words" in response.content


def test_an_items_tags_kept_under_the_version_are_read_afresh_after_a_change(
    client, django_assert_num_queries
):
    release = make_press_release(tags=["financing"])
    client.get("/")  # sets a content version
    tags = tagging.tags_of(release)
    with django_assert_num_queries(0):
        assert tagging.tags_of(release) == tags
    services.item_tags_set(item=release, names=["financing", "recruitment"])
    client.get("/")
    assert [tag.name for tag in tagging.tags_of(release)] == [
        "financing",
        "recruitment",
    ]


def test_a_made_up_session_cookie_gets_the_cached_page(
    client, django_assert_num_queries
):
    make_press_release()
    client.get("/press/")
    client.cookies["sessionid"] = "junk"
    assert client.get("/press/")["X-Cache"] == "hit"
    client.cookies["sessionid"] = uuid.uuid4().hex
    # One query finds no such session; the page comes from the cache.
    with django_assert_num_queries(1):
        response = client.get("/press/")
    assert response["X-Cache"] == "hit"


def test_the_cookie_of_a_session_that_ended_gets_the_cached_page(staff_client):
    make_press_release()
    assert "X-Cache" not in staff_client.get("/press/")
    old_cookie = staff_client.cookies["sessionid"].value
    staff_client.logout()
    for expected in ("miss", "hit"):
        staff_client.cookies["sessionid"] = old_cookie
        response = staff_client.get("/press/")
        assert response["X-Cache"] == expected


def test_a_logged_in_reader_who_is_not_staff_gets_the_cached_page(client):
    make_press_release()
    client.get("/press/")
    reader = get_user_model().objects.create_user("reader", password="x" * 16)
    client.force_login(reader)
    assert client.get("/press/")["X-Cache"] == "hit"


def _cached_entry_count():
    """How many entries the cache holds, read from the cache's own store."""
    from django.core.cache import cache

    if isinstance(cache._cache if hasattr(cache, "_cache") else None, dict):
        return len(cache._cache)
    location = settings.CACHES["default"]["LOCATION"]
    if settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        return len(list(Path(location).glob("*.djcache")))
    return redis.Redis.from_url(location).dbsize()


def test_random_query_strings_make_one_entry(client):
    make_press_release()
    client.get("/press/")
    entries = _cached_entry_count()
    responses = [client.get(f"/press/?r={uuid.uuid4().hex}") for _ in range(100)]
    assert {response["X-Cache"] for response in responses} == {"hit"}
    assert _cached_entry_count() == entries


def test_declared_parameters_are_kept_in_any_order(client):
    make_press_release()
    first = client.get("/press/?year=2026&month=3&utm_source=mail")
    again = client.get("/press/?month=3&r=1&year=2026")
    other = client.get("/press/?year=2025&month=3")
    assert first["X-Cache"] == "miss"
    assert again["X-Cache"] == "hit"
    assert other["X-Cache"] == "miss"


def test_search_is_keyed_on_its_query_and_page_only(client):
    make_press_release(title="Financing networks")
    client.get("/search/?q=financing")
    assert client.get("/search/?r=7&q=financing")["X-Cache"] == "hit"
    assert client.get("/search/?q=networks")["X-Cache"] == "miss"
    assert client.get("/search/?q=financing&type=press&page=2")["X-Cache"] == "miss"


def test_a_page_that_reads_no_parameter_ignores_them_all(client):
    release = make_press_release()
    client.get(release.get_absolute_url())
    assert client.get(f"{release.get_absolute_url()}?page=9")["X-Cache"] == "hit"


def test_a_form_field_is_keyed_under_the_name_the_form_reads(client):
    # The archive reads its date_from field from ?from=.
    client.get("/quotes/?from=2020")
    assert client.get("/quotes/?from=2020&x=1")["X-Cache"] == "hit"
    assert client.get("/quotes/?from=2021")["X-Cache"] == "miss"
