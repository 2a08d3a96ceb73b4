"""The knowledge base in a real browser: an expert edits a draft, publishes it, compares
revisions and restores an older one; an outsider never sees the network-only article."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import make_person
from cordee.knowledge.models import Article, ArticleStatus
from cordee.knowledge.tests.article_factory import make_article
from cordee.network.scopes import Scope
from tests.browser.steps import follow
from tests.browser.test_network_journey import open_as


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_knowledge_journey(
    browser: Browser, live_server, check_accessibility: Callable[[Page], None]
) -> None:
    network = build_test_network()
    expert = make_person("expert", network)
    outsider = make_person("outsider", network)
    make_person("member", network)
    article = make_article(
        expert,
        title="Usure des outils sur le laiton",
        body="Changer l'outil toutes les 800 pièces.",
        status=ArticleStatus.DRAFT,
        scope=Scope.NETWORK,
    )

    # 1. The expert finds her draft in the knowledge base.
    page = open_as(browser, live_server.url, expert)
    main = page.get_by_role("main")
    follow(page, page.get_by_role("banner").get_by_role("link", name="Knowledge base"))
    check_accessibility(page)
    main.get_by_text("Filters", exact=True).click()
    main.get_by_label("Only what I wrote, drafts included").check()
    main.get_by_role("button", name="Show").click()
    main.get_by_role("link", name="Usure des outils sur le laiton").click()
    expect(main.get_by_role("heading", level=1)).to_have_text("Usure des outils sur le laiton")
    check_accessibility(page)

    # 2. She edits it and publishes it for the network.
    follow(page, main.get_by_role("link", name="Edit", exact=True))
    check_accessibility(page)
    main.get_by_label("Text").fill("Changer l'outil toutes les 1200 pièces.")
    main.get_by_label("Status").select_option("published")
    main.get_by_label("What changed").fill("cadence revue")
    main.get_by_role("button", name="Save").click()
    expect(main.get_by_text("Changer l'outil toutes les 1200 pièces.")).to_be_visible()
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED

    # 3. She compares the two revisions: the change is announced in words.
    follow(page, main.get_by_role("link", name="Revisions"))
    check_accessibility(page)
    main.get_by_role("button", name="Compare").click()
    expect(main.get_by_role("heading", level=1)).to_have_text(re.compile("Revision 1"))
    expect(main.locator("del").first).to_contain_text("800")
    expect(main.locator("ins").first).to_contain_text("1200")
    check_accessibility(page)

    # 4. She restores the first one; history keeps all three.
    follow(page, main.get_by_role("link", name="Restore revision 1"))
    check_accessibility(page)
    main.get_by_role("button", name="Restore revision 1").click()
    expect(main.get_by_text("Changer l'outil toutes les 800 pièces.")).to_be_visible()
    assert list(article.revisions.values_list("number", flat=True)) == [3, 2, 1]
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.PUBLISHED

    # 5. She marks it useful: the count changes in place, and back.
    useful = main.get_by_role("button", name="I found this useful")
    useful.click()
    expect(main.get_by_text("1 person found it useful")).to_be_visible()
    expect(useful).to_have_attribute("aria-pressed", "true")
    useful.click()
    expect(main.get_by_text("0 people found it useful")).to_be_visible()
    page.context.close()

    # 6. An outsider (lapsed membership) neither finds it nor opens it.
    page = open_as(browser, live_server.url, outsider)
    main = page.get_by_role("main")
    page.get_by_role("banner").get_by_role("link", name="Knowledge base").click()
    expect(main.get_by_text("0 articles")).to_be_visible()
    expect(main.get_by_text("Usure des outils")).to_have_count(0)
    response = page.goto(f"/knowledge/{article.slug}/")
    assert response is not None and response.status == 404
    page.context.close()
