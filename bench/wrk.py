"""
Load from wrk: one run against one server over a rotation of paths.

wrk's own "Non-2xx or 3xx responses" line counts only statuses from 400 up,
so a Lua script counts every status outside 200-299 itself, and reports
the figures as one JSON line that needs no screen-scraping.
"""

import json
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

RESULT_PREFIX = "BENCH-RESULT "

SCRIPT = """
local paths = {%(paths)s}
local counter = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  hits = 0
  responses = 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end

function response(status, headers, body)
  responses = responses + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
  if (headers["X-Cache"] or headers["x-cache"]) == "hit" then
    hits = hits + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total, hits_total, responses_total = 0, 0, 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
    hits_total = hits_total + thread:get("hits")
    responses_total = responses_total + thread:get("responses")
  end
  local errors = summary.errors
  io.write(string.format(
    '%(prefix)s{"requests": %%d, "duration_us": %%d, "p50_us": %%d, '
    .. '"p99_us": %%d, "max_us": %%d, "responses": %%d, "non2xx": %%d, '
    .. '"cache_hits": %%d, "socket_errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(99), latency.max, responses_total, non2xx_total,
    hits_total,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""


@dataclass
class Measurement:
    requests: int
    duration_us: int
    p50_us: int
    p99_us: int
    max_us: int
    responses: int
    non2xx: int
    cache_hits: int
    socket_errors: int

    @property
    def rate(self):
        """Return the requests a second."""
        return self.requests / (self.duration_us / 1_000_000)

    def as_dict(self):
        """Return the measurement as JSON-ready data, with its rate."""
        return {**asdict(self), "rate": self.rate}


def _lua_string(text):
    """Return ``text`` as a Lua string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def require_wrk():
    """Return the path of wrk; exit with how to install it if it is missing."""
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    return path


def run(base_url, paths, *, duration, connections, threads, workdir):
    """Return the measurement of ``paths`` driven in turn at ``base_url``."""
    script = Path(workdir) / "rotation.lua"
    script.write_text(
        SCRIPT
        % {"paths": ", ".join(_lua_string(p) for p in paths), "prefix": RESULT_PREFIX}
    )
    command = [
        require_wrk(),
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={duration}s",
        "--timeout=10s",
        f"--script={script}",
        base_url,
    ]
    completed = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=duration + 60
    )
    for line in completed.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return Measurement(**json.loads(line.removeprefix(RESULT_PREFIX)))
    raise RuntimeError(f"wrk printed no result:\n{completed.stdout}{completed.stderr}")
