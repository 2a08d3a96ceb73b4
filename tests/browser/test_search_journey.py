"""Search in a real browser: a member finds an article typed without accents and in
another word form; an outsider finds nothing of it, not even a count."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import make_person
from cordee.knowledge.tests.article_factory import make_article
from cordee.network.scopes import Scope
from tests.browser.test_network_journey import open_as


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_finds_an_article_without_accents_and_in_another_word_form(
    browser: Browser, live_server, check_accessibility: Callable[[Page], None]
) -> None:
    network = build_test_network()
    expert = make_person("expert", network)
    member = make_person("member", network)
    outsider = make_person("outsider", network)
    make_article(
        expert,
        title="Usiner le laiton en décolletage",
        summary="Vitesse de coupe et durée de vie des outils.",
        body="Sur les tours multibroches, le <script>laiton</script> s'usine vite.",
        scope=Scope.NETWORK,
    )

    # 1. The member types in the header's search box, without accents, another form.
    page = open_as(browser, live_server.url, member)
    search_box = page.get_by_role("search", name="Site search")
    search_box.get_by_label("Search articles").fill("usinage decolletage")
    search_box.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=usinage\+decolletage"))
    main = page.get_by_role("main")
    expect(main.get_by_text("1 result", exact=True)).to_be_visible()
    result = main.get_by_role("link", name="Usiner le laiton en décolletage")
    expect(result).to_be_visible()
    expect(main.locator("mark", has_text="décolletage").first).to_be_visible()
    # The script in the text is shown as text, never run.
    expect(main.get_by_text(re.compile(r"<script>laiton</script>"))).to_be_visible()
    check_accessibility(page)

    # 2. A filter narrows the results in place (htmx), and the address follows.
    main.get_by_text("More filters").click()
    main.get_by_role("combobox", name="Kind").select_option("guide")
    expect(page).to_have_url(re.compile(r"kind=guide"))
    expect(main.get_by_text("0 results", exact=True)).to_be_visible()
    main.get_by_role("combobox", name="Kind").select_option("")
    expect(main.get_by_text("1 result", exact=True)).to_be_visible()
    result.click()
    expect(main.get_by_role("heading", level=1)).to_have_text("Usiner le laiton en décolletage")

    # 3. An outsider searching the same words learns nothing of it.
    other = open_as(browser, live_server.url, outsider)
    other.goto("/search/?q=usinage+decolletage")
    other_main = other.get_by_role("main")
    expect(other_main.get_by_text("0 results", exact=True)).to_be_visible()
    expect(other_main.get_by_text("Usiner le laiton")).to_have_count(0)
    check_accessibility(other)
