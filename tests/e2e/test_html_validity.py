"""The public pages are valid HTML, by the W3C Nu HTML Checker."""

import json
import shutil
import subprocess

import pytest

from tests.e2e.conftest import ROOT
from tests.e2e.pages import load_demo_content, public_pages

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.django_db


def test_public_pages_pass_the_nu_html_checker(client, tmp_path):
    java = shutil.which("java")
    assert java, "Java is needed to run the Nu HTML Checker"
    assert VNU_JAR.exists(), "run npm ci to install vnu-jar"
    load_demo_content()
    files = []
    for name, path in public_pages():
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        file = tmp_path / f"{name}.html"
        file.write_bytes(response.content)
        files.append(str(file))

    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or '{"messages": []}')
    errors = [
        f"{message['url'].rsplit('/', 1)[-1]}:{message.get('lastLine')}: "
        f"{message['message']}"
        for message in report["messages"]
        if message["type"] == "error"
    ]
    assert errors == []
