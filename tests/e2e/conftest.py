"""
Browser tests: Chromium driven by Playwright against pytest-django's live
server. The Chromium is ``$CHROMIUM_PATH``, else the one on ``PATH``, else the
one Playwright installed for itself (``make browser-deps`` sees to one).
"""

import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# None asks Playwright for its own.
CHROMIUM = (
    os.environ.get("CHROMIUM_PATH")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "screenshots"))

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def _launch(playwright):
    """Return a running Chromium, or say how to get one if there is none."""
    from playwright.sync_api import Error

    try:
        return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    except Error as error:
        if CHROMIUM:
            raise
        raise RuntimeError(
            "Chromium is needed for the browser tests: `make browser-deps`, or"
            " put chromium on PATH, or set CHROMIUM_PATH"
        ) from error


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API runs an event loop in the test's thread;
    # the test still talks to the database synchronously, which is safe here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = _launch(playwright)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _new_page(browser, viewport, **options):
    # axe-core is injected as an inline script, which the site's CSP forbids
    # by design; the browser is told to let the test's own script through.
    context = browser.new_context(viewport=viewport, bypass_csp=True, **options)
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    context, page = _new_page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context, page = _new_page(browser, PHONE, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.fixture
def axe():
    """Run axe-core on a page; returns the serious and critical violations."""

    def run(page):
        page.add_script_tag(path=str(AXE_SCRIPT))
        result = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        return [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "nodes": [node["target"] for node in violation["nodes"][:5]],
            }
            for violation in result["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]

    return run


@pytest.fixture
def screenshot():
    """Save a full-page screenshot for a person to look at."""

    def take(page, name):
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-")
        page.screenshot(path=str(SCREENSHOT_DIR / f"{safe}.png"), full_page=True)

    return take
