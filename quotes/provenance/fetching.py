"""
Fetching a source URL politely and within bounds: a timeout for the whole
fetch, a size limit, a descriptive User-Agent, redirects followed by hand so
that every hop's host goes through the address rule.
"""

import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

from .addresses import RefusedAddress, resolve

__all__ = ["FetchError", "Fetched", "RefusedAddress", "TooLarge", "fetch"]

_REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT_REDIRECTS = {301, 308}
_CHUNK = 64 * 1024


class FetchError(Exception):
    """The source could not be fetched: the message says why."""


class TooLarge(FetchError):
    """The response is larger than SOURCES_MAX_BYTES."""


@dataclass
class Fetched:
    """A response: the URL that gave it, its status, headers and body."""

    url: str
    status: int
    reason: str
    headers: list
    body: bytes = b""
    # (URL, status) of each redirect followed, in order.
    redirects: list = field(default_factory=list)

    @property
    def content_type(self):
        for name, value in self.headers:
            if name.lower() == "content-type":
                return value.split(";", 1)[0].strip().lower()
        return ""


def check_url(url):
    """Return the scheme, host and port of an http(s) ``url``, or raise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url!r} is not an http or https address.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FetchError(f"{url!r} has an invalid port.") from error
    return parts.scheme, parts.hostname, port


def _pool(scheme, host, address, port, timeout):
    # The connection goes to the checked address; the name is kept for the
    # Host header, SNI and the certificate check.
    options = {
        "port": port,
        "timeout": urllib3.Timeout(connect=timeout, read=timeout),
        "retries": False,
        "maxsize": 1,
    }
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            str(address),
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            **options,
        )
    return urllib3.HTTPConnectionPool(str(address), **options)


def _host_header(host, port, scheme):
    default = 443 if scheme == "https" else 80
    name = f"[{host}]" if ":" in host else host
    return name if port == default else f"{name}:{port}"


def _read_body(response, *, max_bytes, deadline):
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise TooLarge(f"the response is {length} bytes, over the limit.")
    body = bytearray()
    for chunk in response.stream(_CHUNK, decode_content=False):
        body += chunk
        if len(body) > max_bytes:
            raise TooLarge("the response is over the size limit.")
        if time.monotonic() > deadline:
            raise FetchError("timed out.")
    return bytes(body)


def _request(url, *, deadline, read_body):
    scheme, host, port = check_url(url)
    addresses = resolve(host, port)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    timeout = max(0.1, deadline - time.monotonic())
    pool = _pool(scheme, host, addresses[0], port, timeout)
    headers = {
        "Host": _host_header(host, port, scheme),
        "User-Agent": settings.SOURCES_USER_AGENT,
        "Accept": "*/*",
    }
    response = pool.urlopen(
        "GET",
        path,
        headers=headers,
        redirect=False,
        retries=False,
        preload_content=False,
        decode_content=False,
    )
    try:
        body = b""
        if read_body and response.status not in _REDIRECTS:
            body = _read_body(
                response, max_bytes=settings.SOURCES_MAX_BYTES, deadline=deadline
            )
        return Fetched(
            url=url,
            status=response.status,
            reason=response.reason or "",
            headers=list(response.headers.items()),
            body=body,
        )
    finally:
        response.release_conn()
        pool.close()


def fetch(url, *, read_body=True):
    """
    The response to GET ``url``, redirects followed (each hop under the
    address rule); raise RefusedAddress, TooLarge or FetchError.
    """
    deadline = time.monotonic() + settings.SOURCES_FETCH_TIMEOUT
    redirects = []
    try:
        for _ in range(settings.SOURCES_MAX_REDIRECTS + 1):
            fetched = _request(url, deadline=deadline, read_body=read_body)
            headers = {name.lower(): value for name, value in fetched.headers}
            location = headers.get("location")
            if fetched.status not in _REDIRECTS or not location:
                fetched.redirects = redirects
                return fetched
            redirects.append((url, fetched.status))
            url = urljoin(url, location)
    except urllib3.exceptions.TimeoutError as error:
        raise FetchError("timed out.") from error
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(f"could not connect: {error}") from error
    except OSError as error:
        raise FetchError(str(error)) from error
    raise FetchError("too many redirects.")
