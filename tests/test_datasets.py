"""Dataset releases: Frictionless data packages, immutable, listed at /data/."""

import json
import zipfile
from datetime import timedelta

import frictionless
import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from cepsite.publishing import Status
from cepsite.site.datasets.releases import releases
from quotes.models import Category
from tests.factories import (
    make_organization,
    make_person,
    make_press_release,
    make_quote,
    make_source,
)

pytestmark = pytest.mark.django_db


def _archive():
    organization = make_organization(name="Kata'ib Hezbollah", short_name="KH")
    person = make_person(name="Abu Ali al-Askari", organization=organization)
    category = Category.objects.create(
        name="Pro-violence", slug="pro-violence", definition="Calls to violence."
    )
    quote = make_quote(
        person=person,
        organization=organization,
        tags=["iraq"],
        text='He said, "strike", twice.\nThen left.',
    )
    quote.categories.add(category)
    make_source(quote, publisher="Al-Manar", url="https://example.org/a")
    make_quote(said_on=None, kind="fact")
    make_quote(status=Status.DRAFT, text="Draft words.", tags=["secret"])
    make_quote(publish_at=timezone.now() + timedelta(days=2), text="Scheduled words.")
    make_quote(
        withdrawn_at=timezone.now(), withdrawal_note="x", text="Withdrawn words."
    )
    make_press_release(tags=["press-only"])
    return quote


def _release(version="2026.1", changelog="First release."):
    call_command("release_dataset", version=version, changelog=changelog)
    [release] = [r for r in releases() if r.version == version]
    return release


def test_release_is_a_valid_frictionless_package(tmp_path):
    _archive()
    release = _release()

    with default_storage.open(f"datasets/{release.filename}") as stored:
        zipfile.ZipFile(stored).extractall(tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert [r["name"] for r in descriptor["resources"]] == [
        "quotes",
        "sources",
        "people",
        "organizations",
        "categories",
        "tags",
    ]
    readme = (tmp_path / "README.md").read_text()
    assert "Codebook" in readme and "CC-BY-4.0" in readme and "How to cite" in readme


def test_release_holds_published_items_only(tmp_path):
    _archive()
    release = _release()

    with default_storage.open(f"datasets/{release.filename}") as stored:
        archive = zipfile.ZipFile(stored)
        quotes = archive.read("data/quotes.csv").decode()
        tags = archive.read("data/tags.csv").decode()

    assert release.counts["quotes"] == 2
    assert "Draft words" not in quotes and "Scheduled" not in quotes
    assert "Withdrawn words" not in quotes
    assert "secret" not in tags and "press-only" in tags
    assert release.counts["sources"] == 1


def test_release_records_checksum_size_and_changelog():
    _archive()
    release = _release(changelog="Adds 2025.")

    import hashlib

    with default_storage.open(f"datasets/{release.filename}") as stored:
        content = stored.read()
    assert hashlib.sha256(content).hexdigest() == release.sha256
    assert release.size == len(content)
    assert release.changelog == "Adds 2025."


def test_a_version_is_released_once():
    _archive()
    _release()

    with pytest.raises(CommandError, match="already released"):
        call_command("release_dataset", version="2026.1")


@pytest.mark.parametrize("version", ["", "latest", "../2026.1", "2026.1; rm"])
def test_malformed_version_is_refused(version):
    with pytest.raises(CommandError, match="YEAR.NUMBER"):
        call_command("release_dataset", version=version)


def test_data_page_lists_releases_newest_first_with_citations(client, page_cache):
    _archive()
    client.get("/data/")  # cached before the releases
    _release("2026.1", "First.")
    _release("2026.2", "Second.")

    response = client.get("/data/")

    body = response.content.decode()
    assert body.index("Version 2026.2") < body.index("Version 2026.1")
    assert "(Version 2026.2) [Data set]" in body
    assert "version = {2026.2}" in body
    assert "Second." in body
    assert _release_sha(body)


def _release_sha(body):
    return [release.sha256 for release in releases() if release.sha256 in body]


def test_data_page_without_releases(client):
    response = client.get("/data/")

    assert response.status_code == 200
    assert "No dataset has been released yet." in response.content.decode()
