"""Steps shared by the browser journeys."""

from __future__ import annotations

from urllib.parse import urljoin

from playwright.sync_api import Locator, Page


def follow(page: Page, link: Locator) -> None:
    """Click ``link`` and wait until the page it opens has loaded.

    A click only starts the navigation: checking the page right after it may run on the page
    being left, or on no document at all while the browser swaps them.
    """
    target = urljoin(page.url, link.get_attribute("href"))
    link.click()
    page.wait_for_url(target)
