"""
The cache fails soft: with Redis down, full or hanging, every page is
rendered and served uncached, never a 500, and the failure is logged once.
Each test runs against a redis-server of its own.
"""

import collections
import itertools
import logging
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from cepsite import pagecache, services
from tests.factories import make_press_release, make_quote
from tests.redis_server import RedisServer, free_port, redis_cache_settings

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def redis_server():
    server = RedisServer().start()
    yield server
    server.kill()


@pytest.fixture
def redis_cache(settings, monkeypatch, redis_server):
    settings.CACHES = redis_cache_settings(redis_server.url)
    # This process's memory of earlier failures starts afresh.
    monkeypatch.setattr(pagecache, "health", pagecache._Health())
    # Try the cache again on every request, so that tests need not wait.
    settings.PAGE_CACHE_RETRY_SECONDS = 0
    return redis_server


def _pages(release):
    return ["/", "/press/", release.get_absolute_url(), "/quotes/", "/search/?q=x"]


def test_every_page_is_served_while_redis_is_down(client, redis_cache):
    release = make_press_release(title="Served without a cache", tags=["financing"])
    assert client.get("/press/")["X-Cache"] == "miss"
    assert client.get("/press/")["X-Cache"] == "hit"
    redis_cache.kill()
    for url in _pages(release):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Cache"] == "unavailable", url
    assert b"Served without a cache" in client.get("/press/").content


def test_pages_are_cached_again_once_redis_is_back(client, redis_cache):
    make_press_release()
    redis_cache.kill()
    assert client.get("/press/")["X-Cache"] == "unavailable"
    redis_cache.start()
    assert client.get("/press/")["X-Cache"] == "miss"
    assert client.get("/press/")["X-Cache"] == "hit"


def test_a_full_redis_serves_pages_uncached(client, redis_cache):
    release = make_press_release(title="Too full to keep")
    client.get("/press/")
    redis_cache.fill_up()
    # The kept page is still read; a page not yet kept cannot be stored.
    assert client.get("/press/")["X-Cache"] == "hit"
    response = client.get(release.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Cache"] == "unavailable"
    assert b"Too full to keep" in response.content


def test_a_redis_that_hangs_costs_a_page_its_timeout_then_nothing(
    client, settings, redis_cache
):
    make_press_release()
    settings.PAGE_CACHE_RETRY_SECONDS = 60
    redis_cache.client().client_pause(3000)
    started = time.monotonic()
    first = client.get("/press/")
    second = client.get("/")
    elapsed = time.monotonic() - started
    assert first.status_code == second.status_code == 200
    assert first["X-Cache"] == second["X-Cache"] == "unavailable"
    # One timeout of half a second, and the cache left alone after it.
    assert elapsed < 1.5


def test_an_edit_made_while_redis_hangs_refreshes_pages_when_it_answers(
    client, redis_cache
):
    release = make_press_release(title="Before the outage")
    client.get("/press/")
    assert client.get("/press/")["X-Cache"] == "hit"
    redis_cache.client().client_pause(1500)
    release.title = "Edited during the outage"
    services.item_save(item=release)
    time.sleep(1.6)
    response = client.get("/press/")
    assert b"Edited during the outage" in response.content
    assert response["X-Cache"] == "miss"


def test_a_failure_is_logged_once_per_burst(client, redis_cache, caplog):
    make_press_release()
    client.get("/press/")
    caplog.set_level(logging.WARNING, logger="cepsite.pagecache")
    redis_cache.kill()
    for _ in range(5):
        assert client.get("/press/").status_code == 200
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "served uncached" in errors[0].getMessage()

    redis_cache.start()
    client.get("/press/")
    assert [r.levelno for r in caplog.records] == [logging.ERROR, logging.WARNING]
    redis_cache.kill()
    client.get("/press/")
    client.get("/press/")
    assert [r.levelno for r in caplog.records].count(logging.ERROR) == 2


def test_healthz_reports_the_database_and_the_cache_each(client, redis_cache):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response["X-Health"] == "ok"


def test_healthz_says_degraded_while_the_cache_is_down(client, redis_cache):
    redis_cache.kill()
    response = client.get("/healthz")
    # Still 200: pages are served, uncached, and every instance shares the
    # cache, so a 503 here would take the whole site out of the balancer.
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert "ConnectionError" in body["cache"]
    assert response["X-Health"] == "degraded"


def test_healthz_says_degraded_while_the_cache_is_full(client, redis_cache):
    redis_cache.fill_up()
    body = client.get("/healthz").json()
    assert body["status"] == "degraded"
    assert "OutOfMemoryError" in body["cache"]


@pytest.mark.django_db(databases=[])
def test_healthz_answers_503_when_the_database_fails_whatever_the_cache(
    client, redis_cache
):
    # Without the database fixture, every query is refused.
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["cache"] == "ok"


def _compose_redis_command(maxmemory):
    """The redis service's command in docker-compose.yml, as a list."""
    lines = (ROOT / "docker-compose.yml").read_text().splitlines()
    start = lines.index("  redis:")
    command_at = next(i for i in range(start, len(lines)) if lines[i] == "    command:")
    command = []
    for line in lines[command_at + 1 :]:
        if not line.startswith("      - "):
            break
        command.append(line.removeprefix("      - ").strip('"'))
    return [
        re.sub(r"\$\{REDIS_MAXMEMORY:-[^}]*\}", maxmemory, part) for part in command
    ]


@pytest.mark.django_db(databases=[])
def test_the_compose_files_redis_evicts_old_entries_instead_of_refusing_new_ones(
    settings, monkeypatch
):
    command = _compose_redis_command("4mb")
    assert command[0] == "redis-server"
    server = RedisServer(extra_arguments=command[1:]).start()
    try:
        client = server.client()
        assert client.config_get("maxmemory-policy") == {
            "maxmemory-policy": "allkeys-lru"
        }
        assert client.config_get("maxmemory") == {"maxmemory": str(4 * 1024 * 1024)}
        settings.CACHES = redis_cache_settings(server.url)
        monkeypatch.setattr(pagecache, "health", pagecache._Health())
        page = "x" * 17_000
        # A flood of distinct pages, 17 KB each, four times what it can hold.
        for number in range(1000):
            pagecache.call("set", f"flood:{number}", page, 3600)
        assert client.dbsize() < 1000
        assert pagecache.cache.get("flood:999") == page
    finally:
        server.kill()


# The resilience test: gunicorn with production settings, reading under a
# steady load while its Redis is killed and started again.

LOAD_CLIENTS = 4
PHASE_SECONDS = 4


def _database_url():
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def _production_environment(redis_url):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "CACHE_DIR")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="resilience-test-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=_database_url(),
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX="resilience",
        SECURE_SSL_REDIRECT="0",
        PAGE_CACHE_ENABLED="1",
        # The load comes from one address; the limits are not under test here.
        RATE_LIMIT_SEARCH="100000/m",
        RATE_LIMIT_TAGS="100000/m",
        CONN_MAX_AGE="0",
    )
    return env


class _Load:
    """Anonymous readers asking for ``urls`` in turn until told to stop."""

    def __init__(self, urls):
        self.urls = urls
        self.phase = "before"
        self.counts = collections.defaultdict(collections.Counter)
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self._read, args=(offset,))
            for offset in range(LOAD_CLIENTS)
        ]

    def _read(self, offset):
        for url in itertools.islice(itertools.cycle(self.urls), offset, None):
            if self.stopping.is_set():
                return
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    outcome = response.status, response.headers.get("X-Cache")
            except urllib.error.HTTPError as error:
                outcome = error.code, error.headers.get("X-Cache")
            except OSError as error:
                outcome = f"no answer ({type(error).__name__})", None
            with self.lock:
                self.counts[self.phase][outcome] += 1

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="gunicorn shares the test database only on PostgreSQL; "
    "CI's PostgreSQL run covers it",
)
def test_under_load_no_page_fails_while_redis_is_killed_and_restarted(
    redis_server, tmp_path
):
    release = make_press_release(title="Read under load", tags=["financing"])
    make_quote(tags=["financing"])
    env = _production_environment(redis_server.url)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cepsite.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    paths = [
        "/",
        "/press/",
        release.get_absolute_url(),
        "/quotes/",
        "/tags/financing/",
        "/search/?q=load",
        "/healthz",
    ]
    try:
        _wait_for(f"{base}/healthz")
        with _Load([base + path for path in paths]) as load:
            time.sleep(PHASE_SECONDS)
            load.phase = "redis down"
            redis_server.kill()
            time.sleep(PHASE_SECONDS)
            load.phase = "redis restarted"
            redis_server.start()
            time.sleep(PHASE_SECONDS + 6)  # PAGE_CACHE_RETRY_SECONDS, then some
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    served = {phase: sum(outcomes.values()) for phase, outcomes in load.counts.items()}
    print(f"\nResponses served in each phase ({LOAD_CLIENTS} clients):")
    for phase, outcomes in load.counts.items():
        detail = ", ".join(
            f"{status} {cache or '-'}: {count}"
            for (status, cache), count in sorted(outcomes.items(), key=str)
        )
        print(f"  {phase}: {served[phase]} ({detail})")
    failures = {
        phase: {outcome: n for outcome, n in outcomes.items() if outcome[0] != 200}
        for phase, outcomes in load.counts.items()
    }
    assert failures == {"before": {}, "redis down": {}, "redis restarted": {}}, (
        tmp_path / "gunicorn.log"
    ).read_text()[-3000:]
    assert all(served[phase] > 0 for phase in ("before", "redis down"))
    assert load.counts["redis down"][(200, "unavailable")] > 0
    assert load.counts["redis restarted"][(200, "hit")] > 0


def _wait_for(url):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")
