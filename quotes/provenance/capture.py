"""
Captured copies as WARC files (ISO 28500, the web archives' own format,
written with warcio): one ``response`` record with the headers and body as
the source's server sent them, so that the copy stands as evidence.
"""

import hashlib
import io
from dataclasses import dataclass

from django.utils import timezone
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# The body as sent is kept; these describe how it travelled, not what it is.
_HOP_HEADERS = {"transfer-encoding", "connection", "keep-alive"}

# Shown to staff as text; anything else (video, audio, images, documents) is
# offered only as the WARC file.
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/xhtml")


def warc_bytes(fetched, *, captured_at=None):
    """Return ``fetched`` (a :class:`~.fetching.Fetched`) as a gzipped WARC file."""
    captured_at = captured_at or timezone.now()
    output = io.BytesIO()
    writer = WARCWriter(output, gzip=True)
    headers = [
        (name, value)
        for name, value in fetched.headers
        if name.lower() not in _HOP_HEADERS
    ]
    http_headers = StatusAndHeaders(
        f"{fetched.status} {fetched.reason}".strip(), headers, protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        fetched.url,
        "response",
        payload=io.BytesIO(fetched.body),
        http_headers=http_headers,
        warc_headers_dict={
            "WARC-Date": captured_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
    )
    writer.write_record(record)
    return output.getvalue()


def sha256(data):
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class CapturedCopy:
    """What a WARC file's response record holds, as staff read it."""

    url: str
    date: str
    status: str
    content_type: str
    payload: bytes

    @property
    def is_text(self):
        return self.content_type.startswith(TEXT_TYPES)

    @property
    def text(self):
        return self.payload.decode("utf-8", errors="replace")


def read_copy(stream):
    """Return the first response record of a WARC ``stream``, or ``None``."""
    for record in ArchiveIterator(stream):
        if record.rec_type != "response":
            continue
        http = record.http_headers
        content_type = (http.get_header("Content-Type") or "").split(";", 1)[0]
        return CapturedCopy(
            url=record.rec_headers.get_header("WARC-Target-URI"),
            date=record.rec_headers.get_header("WARC-Date"),
            status=http.get_statuscode(),
            content_type=content_type.strip().lower(),
            payload=record.content_stream().read(),
        )
    return None
