"""Journeys in a real browser: Debian's Chromium, driven by Playwright against the live server.

Never download a browser for these tests: they use the system's Chromium
(``apt-get install chromium``), or the one named by ``CORDEE_CHROMIUM``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API runs an event loop in the test's thread, and Django
# refuses database access from a thread with a running loop unless told so.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("CORDEE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Long enough for a slow machine, short enough that a wrong locator fails fast.
TIMEOUT_MS = 10_000
# Assertions (``expect``) wait as long as actions; theirs is 5 s otherwise.
expect.set_options(timeout=TIMEOUT_MS)
# What we fail on; "minor" and "moderate" findings are left to reviews.
BLOCKING_IMPACTS = ("serious", "critical")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        # A journey that silently skips would let a broken flow pass CI: fail loudly.
        pytest.fail(
            f"no Chromium at {CHROMIUM}: run 'apt-get install chromium' (or ./cordee test as "
            "root), or set CORDEE_CHROMIUM to a Chromium binary",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A fresh French-speaking visitor: new cookies, ``page.goto("/")`` opens the live server."""
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def _describe(violation: dict) -> str:
    lines = [
        f"- {violation['id']} ({violation['impact']}): {violation['help']}",
        f"  {violation['helpUrl']}",
    ]
    for node in violation["nodes"]:
        lines.append(f"    at {', '.join(map(str, node['target']))}")
        lines.append(f"       {node['html'].strip()[:200]}")
        messages = [check["message"] for kind in ("any", "all", "none") for check in node[kind]]
        lines.extend(f"       · {message}" for message in messages)
    return "\n".join(lines)


def check_accessibility(page: Page) -> None:
    """Fail the test when axe finds a serious or critical violation on the current page.

    After a click that navigates, wait for the new page first (``steps.follow``).
    """
    page.wait_for_load_state("load")
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        report = "\n".join(_describe(violation) for violation in blocking)
        pytest.fail(
            f"{len(blocking)} accessibility violation(s) on {page.url}:\n{report}", pytrace=False
        )


@pytest.fixture(name="check_accessibility")
def check_accessibility_fixture() -> Callable[[Page], None]:
    """``check_accessibility(page)`` runs axe on the page as it is now."""
    return check_accessibility
