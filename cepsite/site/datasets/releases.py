"""
Writing and reading dataset releases.

:func:`dataset_release` streams every table into a zip on disk (rows are
read in chunks and written straight into the zip, so memory stays flat as
the archive grows), hashes it, and saves it into media storage with a JSON
manifest beside it. A version is released once: a second release of the
same version is refused.
"""

import csv
import hashlib
import io
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from cepsite.pagecache import content_changed

from .readme import readme
from .tables import TABLES, table_schema

VERSION = re.compile(r"^\d{4}\.\d{1,3}(\.\d{1,3})?$")
PACKAGE_NAME = "cep-extremist-words"
PACKAGE_TITLE = "Extremists: Their Words. Their Actions. (archive data)"


@dataclass(frozen=True)
class Release:
    """One release, as its manifest describes it."""

    version: str
    created: str
    filename: str
    size: int
    sha256: str
    changelog: str
    counts: dict

    @property
    def url(self):
        return default_storage.url(_path(self.filename))

    @property
    def year(self):
        return self.created[:4]

    @property
    def apa(self):
        return (
            f"{settings.DATASETS_AUTHOR}. ({self.year}). {PACKAGE_TITLE} "
            f"(Version {self.version}) [Data set]. {settings.SITE_URL}/data/"
        )

    @property
    def bibtex(self):
        key = f"cep_archive_{self.version.replace('.', '_')}"
        return (
            f"@misc{{{key},\n"
            f"  author = {{{{{settings.DATASETS_AUTHOR}}}}},\n"
            f"  title = {{{PACKAGE_TITLE}}},\n"
            f"  year = {{{self.year}}},\n"
            f"  version = {{{self.version}}},\n"
            f"  howpublished = {{\\url{{{settings.SITE_URL}/data/}}}},\n"
            f"  note = {{Data set, SHA-256 {self.sha256}}}\n"
            "}"
        )


def _path(name):
    return f"{settings.DATASETS_DIRECTORY}/{name}"


def _names(version):
    stem = f"{PACKAGE_NAME}-{version}"
    return f"{stem}.zip", f"{stem}.json"


def _write_table(archive, name):
    """Write one table's CSV into ``archive``; the number of rows."""
    count = 0
    with (
        archive.open(f"data/{name}.csv", "w", force_zip64=True) as raw,
        io.TextIOWrapper(raw, encoding="utf-8", newline="") as text,
    ):
        writer = csv.writer(text)
        writer.writerow([field["name"] for field in TABLES[name]["fields"]])
        for row in TABLES[name]["rows"]():
            writer.writerow(row)
            count += 1
    return count


def _descriptor(version, created, counts):
    return {
        "name": PACKAGE_NAME,
        "title": PACKAGE_TITLE,
        "version": version,
        "created": created,
        "homepage": f"{settings.SITE_URL}/data/",
        "licenses": [settings.DATASETS_LICENSE],
        "contributors": [{"title": settings.DATASETS_AUTHOR, "role": "author"}],
        "resources": [
            {
                "name": name,
                "title": TABLES[name]["title"],
                "path": f"data/{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(name),
                "stats": {"rows": counts[name]},
            }
            for name in TABLES
        ],
    }


def write_package(target, *, version, created):
    """Write the data package as a zip into the open file ``target``; the counts."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        counts = {name: _write_table(archive, name) for name in TABLES}
        descriptor = _descriptor(version, created, counts)
        archive.writestr("datapackage.json", json.dumps(descriptor, indent=2))
        archive.writestr("README.md", readme(descriptor))
    return counts


def _sha256(stream):
    digest = hashlib.sha256()
    stream.seek(0)
    for block in iter(lambda: stream.read(1 << 20), b""):
        digest.update(block)
    stream.seek(0)
    return digest.hexdigest()


def dataset_release(*, version: str, changelog: str) -> Release:
    """
    Release the published archive as data package ``version``; a
    ``ValidationError`` if the version is malformed or already released.
    """
    if not VERSION.match(version or ""):
        raise ValidationError("Give the version as YEAR.NUMBER, such as 2026.1.")
    zip_name, manifest_name = _names(version)
    if default_storage.exists(_path(manifest_name)) or default_storage.exists(
        _path(zip_name)
    ):
        raise ValidationError(
            f"Version {version} is already released; releases never change."
        )
    created = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    with tempfile.TemporaryFile() as target:
        counts = write_package(target, version=version, created=created)
        size = target.tell()
        sha256 = _sha256(target)
        saved = default_storage.save(_path(zip_name), File(target, name=zip_name))
    if saved != _path(zip_name):
        # Another release of this version won the race: keep that one.
        default_storage.delete(saved)
        raise ValidationError(f"Version {version} is already released.")
    release = Release(
        version=version,
        created=created,
        filename=zip_name,
        size=size,
        sha256=sha256,
        changelog=changelog.strip(),
        counts=counts,
    )
    manifest = json.dumps(release.__dict__, indent=2).encode()
    default_storage.save(
        _path(manifest_name), File(io.BytesIO(manifest), name=manifest_name)
    )
    # /data/ is cached like every page: it lists the new release at once.
    content_changed()
    return release


def releases():
    """Every release, newest first."""
    try:
        _, files = default_storage.listdir(settings.DATASETS_DIRECTORY)
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    for name in files:
        if not (name.startswith(PACKAGE_NAME) and name.endswith(".json")):
            continue
        with default_storage.open(_path(name)) as manifest:
            found.append(Release(**json.load(manifest)))
    return sorted(found, key=lambda release: release.created, reverse=True)
