import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "example.org",
}


def run_manage(*args, env):
    # The test run's own switches must not leak into a production check.
    leaking = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env = {k: v for k, v in os.environ.items() if k not in leaking}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issues_under_production_settings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_unsafe_inline_script(client):
    response = client.get("/admin/login/")
    policy = response.headers["Content-Security-Policy"]
    script_src = next(
        part for part in policy.split(";") if part.strip().startswith("script-src")
    )
    assert "'self'" in script_src
    assert "unsafe-inline" not in script_src
    assert "object-src 'none'" in policy


@pytest.mark.parametrize(("asked", "preload"), [(None, "False"), ("1", "True")])
def test_hsts_preload_is_on_only_when_a_setting_asks(asked, preload):
    env = dict(PRODUCTION_ENV)
    if asked:
        env["SECURE_HSTS_PRELOAD"] = asked
    result = run_manage(
        "shell",
        "-v0",
        "-c",
        "from django.conf import settings; print(settings.SECURE_HSTS_PRELOAD)",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == preload


ENV_READ = re.compile(
    r'(?:env_bool|env_list|environ\.get|environ\[|getenv)\(?\s*"([A-Z][A-Z0-9_]+)"'
)


def test_env_example_lists_every_variable_the_site_reads():
    read = {"DATABASE_URL"}  # read by dj-database-url
    for path in (ROOT / "cepsite").rglob("*.py"):
        read.update(ENV_READ.findall(path.read_text()))
    listed = set(
        re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )

    assert read - listed == set()
    assert listed - read - {"PORT"} == set()
