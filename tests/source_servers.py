"""
Real HTTP servers on the loopback network for the tests of capturing and
checking sources: each answers a few paths the way sources' sites do.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

LIVE_PAGE = (
    b"<!doctype html><html><head><title>Statement</title></head><body>"
    b"<p>The statement of the group, in full.</p>"
    b"<script>alert('never run in the admin')</script></body></html>"
)

SLOW_SECONDS = 2
HTML = "text/html; charset=utf-8"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def _send(
        self, status, body=b"", content_type="text/html; charset=utf-8", **headers
    ):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.server.requests.append((self.path, dict(self.headers)))
        parts = urlsplit(self.path)
        route = getattr(self, "route_" + parts.path.strip("/").replace("-", "_"), None)
        if route is None:
            self._send(404, b"<p>Not found</p>")
            return
        route(parse_qs(parts.query))

    def route_live(self, query):
        self._send(200, LIVE_PAGE)

    def route_moved(self, query):
        self._send(301, Location="/live")

    def route_elsewhere(self, query):
        self._send(302, Location="/live")

    def route_redirect(self, query):
        self._send(302, Location=query["to"][0])

    def route_slow(self, query):
        time.sleep(SLOW_SECONDS)
        self._send(200, LIVE_PAGE)

    def route_big(self, query):
        self._send(200, b"x" * self.server.big_size, content_type="text/plain")

    def route_big_unannounced(self, query):
        # No Content-Length: the size shows only as the body arrives.
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        for _ in range(self.server.big_size // 1024 + 1):
            self.wfile.write(b"y" * 1024)

    def route_video(self, query):
        self._send(
            200, b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, content_type="video/mp4"
        )


class SourceServer:
    """A running server: ``url(path)`` and the ``requests`` it received."""

    def __init__(self, host="127.0.0.1", big_size=4096):
        self.httpd = ThreadingHTTPServer((host, 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.requests = []
        self.httpd.big_size = big_size
        self.host, self.port = self.httpd.server_address[:2]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def requests(self):
        return self.httpd.requests

    @property
    def paths(self):
        return [path for path, _ in self.httpd.requests]

    def url(self, path):
        return f"http://{self.host}:{self.port}{path}"

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def source_server():
    server = SourceServer()
    yield server
    server.stop()


@pytest.fixture
def other_server():
    """A second server, on another loopback address."""
    server = SourceServer(host="127.0.0.2")
    yield server
    server.stop()
