"""
A change made by any process refreshes the pages every other process
serves: two web servers sharing PostgreSQL and Redis, as in production, and
the quick start (SQLite and a cache on disk, no Redis), where a command run
beside the server changes content.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import global_settings
from django.db import connection

from tests.factories import make_press_release, make_staff_user

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

on_postgresql = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two servers share one database only on PostgreSQL; "
        "CI's PostgreSQL run covers it",
    ),
]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url():
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def two_servers():
    prefix = f"two-servers-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "PAGE_CACHE_ENABLED": "1",
        "DEBUG": "1",
        "CONN_MAX_AGE": "0",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    servers, urls = [], []
    for _ in range(2):
        port = _free_port()
        servers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "cepsite.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            _wait_until_up(url)
        yield urls
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)


def _wait_until_up(url):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:
            # Refused, or slow while the workers start on a busy machine.
            time.sleep(0.2)
    raise RuntimeError(f"the server at {url} did not start")


def _get(url, opener=None):
    opener = opener or urllib.request.build_opener()
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def _csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _logged_in_opener(base_url, username, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _, _, html = _get(f"{base_url}/admin/login/", opener)
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": _csrf_token(html),
            "username": username,
            "password": password,
            "next": "/admin/",
        }
    ).encode()
    opener.open(f"{base_url}/admin/login/", data, timeout=10).read()
    return opener


@on_postgresql[0]
@on_postgresql[1]
def test_an_edit_through_one_server_refreshes_the_page_the_other_serves(
    two_servers, settings
):
    # The servers verify the password with the production hashers.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    server_a, server_b = two_servers
    release = make_press_release(title="Shared across servers")
    make_staff_user("editor", superuser=True)
    page = f"{server_b}{release.get_absolute_url()}"

    status, headers, _ = _get(page)
    assert status == 200
    status, headers, html = _get(page)
    assert headers["X-Cache"] == "hit"
    assert "Shared across servers" in html

    # An editor withdraws the release through the other server's admin.
    editor = _logged_in_opener(server_a, "editor", "correct horse battery")
    changelist = f"{server_a}/admin/press/pressrelease/"
    _, _, html = _get(changelist, editor)
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": _csrf_token(html),
            "action": "unpublish_selected",
            "_selected_action": release.pk,
            "index": 0,
        }
    ).encode()
    editor.open(changelist, data, timeout=10).read()

    release.refresh_from_db()
    assert release.status == "draft"
    status, headers, _ = _get(page)
    assert status == 404


def _gunicorn(env, log_path, workers=2):
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cepsite.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )
    return server, f"http://127.0.0.1:{port}"


def _manage(env, *arguments):
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


EDIT_IN_A_SHELL = """
from cepsite import services
from press.models import PressRelease
release = PressRelease.objects.get(slug="quick-start-release")
release.title = "Edited from a shell"
services.item_save(item=release)
"""

CREATE_IN_A_SHELL = """
from tests.factories import make_press_release
make_press_release(title="Made for the quick start", slug="quick-start-release")
"""


@pytest.fixture
def quick_start(tmp_path):
    """The site as `make run` serves it: SQLite, no REDIS_URL, two workers."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "CACHE_DIR")
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_DIR=str(tmp_path / "cache"),
        PAGE_CACHE_ENABLED="1",
        DEBUG="1",
    )
    _manage(env, "migrate", "-v0")
    _manage(env, "shell", "-c", CREATE_IN_A_SHELL)
    log_path = tmp_path / "gunicorn.log"
    server, url = _gunicorn(env, log_path)
    try:
        try:
            _wait_until_up(url)
        except RuntimeError as error:
            raise RuntimeError(f"{error}:\n{log_path.read_text()[-3000:]}") from None
        yield env, url
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_on_the_quick_start_a_shell_edit_refreshes_the_served_page_at_once(
    quick_start,
):
    env, url = quick_start
    page = f"{url}/press/quick-start-release/"
    # Two workers: whichever answers, the page is kept where both see it.
    statuses = [_get(page)[1]["X-Cache"] for _ in range(4)]
    assert statuses[0] == "miss"
    assert set(statuses[1:]) == {"hit"}

    _manage(env, "shell", "-c", EDIT_IN_A_SHELL)

    for _ in range(4):
        status, headers, html = _get(page)
        assert status == 200
        assert "Edited from a shell" in html


def test_on_the_quick_start_refresh_pages_refreshes_every_worker(quick_start):
    env, url = quick_start
    for _ in range(4):
        _get(f"{url}/press/")
    assert _get(f"{url}/press/")[1]["X-Cache"] == "hit"
    _manage(env, "refresh_pages")
    assert _get(f"{url}/press/")[1]["X-Cache"] == "miss"
