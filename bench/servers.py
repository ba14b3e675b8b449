"""
The two servers the page benchmark measures: gunicorn with production
settings, one with the page cache and one without.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
MODES = ("cached", "uncached")


def free_port():
    """Return a TCP port on the loopback interface that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    mode: str
    workers: int
    workdir: Path
    port: int = 0
    process: subprocess.Popen = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        """Start gunicorn on a free port, its log in the work directory."""
        self.port = free_port()
        env = {
            **os.environ,
            "PAGE_CACHE_ENABLED": "1" if self.mode == "cached" else "0",
        }
        self.log_path = self.workdir / f"gunicorn-{self.mode}.log"
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable, "-m", "gunicorn", "cepsite.wsgi",
                    "--bind", f"127.0.0.1:{self.port}",
                    "--workers", str(self.workers),
                    "--log-level", "warning",
                ],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def wait_ready(self, timeout=60):
        """Return once the server answers its health check; raise if it never does."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=5):
                    return
            # A worker still booting on a busy machine leaves the request
            # unanswered past its timeout; that is not yet a failure.
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise RuntimeError(
            f"gunicorn ({self.mode}) did not start:\n{self.log_path.read_text()}"
        )

    def stop(self):
        """Stop the server, killing it if it does not stop in time."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def fetch(url):
    """Return ``(status, body bytes, X-Cache)`` of one GET."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read(), response.headers.get("X-Cache")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("X-Cache")


def _problems(servers, name, path, sizes):
    """Return what is wrong with ``path`` on ``servers``, noting its first size."""
    problems = []
    for server in servers:
        status, body, _ = fetch(server.base_url + path)
        if status != 200:
            problems.append(f"{server.mode} {path}: {status}")
        sizes.setdefault(name, len(body))
    cached = next(s for s in servers if s.mode == "cached")
    _, _, x_cache = fetch(cached.base_url + path)
    if name != "floor" and x_cache != "hit":
        problems.append(f"cached {path}: not served from the cache")
    return problems


def check_pages(servers, paths):
    """Return each target's first page size, once every URL is ready to measure."""
    # Ready means: 200 on both servers, and the cached server serves the
    # second request from its cache.
    sizes = {}
    problems = [
        problem
        for name, target_paths in paths.items()
        for path in target_paths
        for problem in _problems(servers, name, path, sizes)
    ]
    if problems:
        raise RuntimeError("Pages not ready for measuring:\n" + "\n".join(problems))
    return sizes
