"""
The backup and restore of docs/operations.md, performed: the database
dumped with pg_dump in custom format, the media and private media archived,
the dump restored with pg_restore into a new database, the archives
unpacked into new folders, the page cache refreshed, and a server started
on the restored copy serves the same pages as one on the original.
"""

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone
from PIL import Image

from cepsite import services
from press.models import PressRelease
from tests.factories import make_press_release, make_quote, make_resource

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


def _connection_options(name):
    db = connection.settings_dict
    return {
        "user": db.get("USER") or "postgres",
        "host": db.get("HOST") or "127.0.0.1",
        "port": str(db.get("PORT") or 5432),
        "password": db.get("PASSWORD") or "",
        "name": name,
    }


def _database_url(name):
    o = _connection_options(name)
    password = f":{o['password']}" if o["password"] else ""
    return f"postgres://{o['user']}{password}@{o['host']}:{o['port']}/{o['name']}"


def _pg(tool, *args, name):
    """Run a PostgreSQL client tool against the database ``name``."""
    o = _connection_options(name)
    env = {**os.environ, "PGPASSWORD": o["password"]}
    command = [tool, "-h", o["host"], "-p", o["port"], "-U", o["user"], *args]
    return subprocess.run(
        command, env=env, check=True, capture_output=True, text=True, timeout=120
    )


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _site_env(tmp_path, *, database, media, private):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(database),
        "MEDIA_ROOT": str(media),
        "PRIVATE_MEDIA_ROOT": str(private),
        "SERVE_MEDIA": "1",
        "DEBUG": "1",
        "SECRET_KEY": "the-same-key-on-both-sites-for-this-test",
        "PAGE_CACHE_ENABLED": "1",
        "CACHE_DIR": str(tmp_path / f"cache-{database}"),
        "CONN_MAX_AGE": "0",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("REDIS_URL", None)
    return env


def _wait_until_up(url, server):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server for {url} exited")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError(f"the server at {url} did not start")


@pytest.fixture
def start_site():
    servers = []

    def start(env):
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
                "1",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        servers.append(server)
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(url, server)
        return url

    yield start
    for server in servers:
        server.terminate()
    for server in servers:
        server.wait(timeout=20)


@pytest.fixture
def restored_database():
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    yield name
    _pg("dropdb", "--if-exists", "--force", name, name="postgres")


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def _content(private):
    """Content of every type, with a tag, an image, a correction, a withdrawal."""
    resource = make_resource(
        title="Iraq", slug="iraq", tags=["Iraq"], image_alt="A map of Iraq."
    )
    resource.image.save("iraq-map.jpg", ContentFile(_jpeg()), save=False)
    services.item_save(item=resource)
    release = make_press_release(
        title="CEP condemns the attack", tags=["Iraq"], resources=[resource]
    )
    quote = make_quote(text="We will drive them out.", tags=["Iraq"])
    services.correction_add(item=quote, note="The date was corrected.")
    gone = make_press_release(title="A withdrawn release")
    services.items_withdraw(
        queryset=PressRelease.objects.filter(pk=gone.pk), note="Withdrawn in error."
    )
    # Captured copies of sources live in the private media, never served.
    (private / "captures").mkdir(parents=True)
    (private / "captures" / "source-1.warc.gz").write_bytes(b"WARC/1.1 evidence")
    return {
        "pages": [
            "/",
            "/press/",
            release.get_absolute_url(),
            gone.get_absolute_url(),
            "/quotes/",
            quote.get_absolute_url(),
            "/resources/",
            resource.get_absolute_url(),
            "/tags/iraq/",
            "/search/?q=attack",
            "/corrections/",
            "/feeds/corrections/",
            "/feeds/press/",
            "/sitemap.xml",
        ],
        "image": resource.image.url,
    }


def _fetch(url):
    # The same Host for both sites, so absolute addresses in pages match.
    request = urllib.request.Request(url, headers={"Host": "localhost"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# What differs between two renderings of the same content by design.
_PER_RESPONSE = re.compile(rb'(nonce|csrfmiddlewaretoken" value)="[^"]*"')


def _page(base, path):
    status, body = _fetch(base + path)
    return status, _PER_RESPONSE.sub(rb'\1=""', body)


def _archive(folder, into):
    return shutil.make_archive(str(into), "gztar", root_dir=folder)


def test_a_restored_backup_serves_the_same_pages(
    tmp_path, settings, start_site, restored_database
):
    media, private = tmp_path / "media", tmp_path / "private"
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = media, private
    content = _content(private)
    source = connection.settings_dict["NAME"]
    original = start_site(
        _site_env(tmp_path, database=source, media=media, private=private)
    )
    before = {path: _page(original, path) for path in content["pages"]}

    # The backup: a custom-format dump, and the two media folders.
    dump = tmp_path / f"cepsite-{timezone.localdate():%F}.dump"
    dumped = _pg("pg_dump", "-Fc", "-f", str(dump), source, name=source)
    assert dumped.returncode == 0 and dump.stat().st_size > 0
    media_archive = _archive(media, tmp_path / "media-backup")
    private_archive = _archive(private, tmp_path / "private-backup")

    # The restore, into a new database and new folders.
    _pg("createdb", restored_database, name="postgres")
    _pg(
        "pg_restore",
        "--no-owner",
        "--exit-on-error",
        "-d",
        restored_database,
        str(dump),
        name=restored_database,
    )
    new_media, new_private = tmp_path / "restored-media", tmp_path / "restored-private"
    shutil.unpack_archive(media_archive, new_media)
    shutil.unpack_archive(private_archive, new_private)
    env = _site_env(
        tmp_path, database=restored_database, media=new_media, private=new_private
    )
    for command in (["migrate", "--check"], ["refresh_pages"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
    restored = start_site(env)

    for path, (status, body) in before.items():
        assert (status, body) == _page(restored, path), path
    statuses = {path: status for path, (status, _) in before.items()}
    assert statuses.pop(content["pages"][3]) == 410
    assert set(statuses.values()) == {200}
    assert b"The date was corrected." in before["/corrections/"][1]
    assert _fetch(restored + content["image"]) == (200, _jpeg_on_disk(media, content))
    assert (new_private / "captures" / "source-1.warc.gz").read_bytes() == (
        b"WARC/1.1 evidence"
    )


def _jpeg_on_disk(media, content):
    return (media / content["image"].removeprefix("/media/")).read_bytes()
