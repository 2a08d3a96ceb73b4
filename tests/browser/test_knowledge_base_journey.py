"""The knowledge issue's journey, in one chain: staff import the sample archive and
watch its progress; an expert edits one of the imported drafts, publishes it and
restores an older revision; a member finds it by a query with no accent and other
word forms; an outsider never sees it, not even in the search results or counts."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect

from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import make_person
from cordee.knowledge.models import Article, ArticleStatus
from tests.browser.test_network_journey import open_as

TITLE = "Fiche pratique : suivre l'usure des outils sur le laiton"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_imported_document_becomes_knowledge_that_members_find(
    browser: Browser, live_server, check_accessibility: Callable[[Page], None]
) -> None:
    network = build_test_network()
    staff = make_person("staff", network)
    expert = make_person("expert", network)
    member = make_person("member", network)
    outsider = make_person("outsider", network)

    # 1. Staff import the sample archive (offered by the demo) and watch it finish.
    page = open_as(browser, live_server.url, staff)
    main = page.get_by_role("main")
    settings.ENVIRONMENT = "demo"
    try:
        page.get_by_role("banner").get_by_role("link", name="Archive import").click()
        main.get_by_role("button", name="Use the sample archive").click()
        expect(main.get_by_role("status")).to_contain_text(re.compile(r"12 imported"))
        expect(main.get_by_role("progressbar", name="Files processed")).to_have_attribute(
            "value", "18"
        )
        check_accessibility(page)
    finally:
        settings.ENVIRONMENT = "test"
    article = Article.objects.get(title=TITLE)
    assert article.status == ArticleStatus.DRAFT

    # 2. Staff hand the imported draft to the expert who knows the subject.
    page.goto(f"/knowledge/{article.slug}/edit/")
    main.get_by_label("Authors").select_option(label=expert.display_name)
    main.get_by_label("What changed").fill("confiée à l'experte qualité")
    main.get_by_role("button", name="Save").click()
    expect(main.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.context.close()

    # 3. The expert completes it, publishes it for the network, then restores revision 2.
    page = open_as(browser, live_server.url, expert)
    main = page.get_by_role("main")
    page.goto(f"/knowledge/{article.slug}/")
    main.get_by_role("link", name="Edit", exact=True).click()
    text = main.get_by_label("Text")
    text.fill(text.input_value() + "\n\nAjout : contrôler aussi la rugosité.")
    main.get_by_label("Status").select_option("published")
    main.get_by_label("What changed").fill("ajout rugosité, publication")
    main.get_by_role("button", name="Save").click()
    expect(main.get_by_text("contrôler aussi la rugosité")).to_be_visible()
    main.get_by_role("link", name="Revisions").click()
    main.get_by_role("link", name="Restore revision 2").click()
    main.get_by_role("button", name="Restore revision 2").click()
    expect(main.get_by_text("contrôler aussi la rugosité")).to_have_count(0)
    check_accessibility(page)
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert article.revisions.count() == 4
    page.context.close()

    # 4. A member types without accents and with other word forms.
    page = open_as(browser, live_server.url, member)
    main = page.get_by_role("main")
    page.goto("/search/?q=derive+cote+outil+laiton")
    expect(main.get_by_role("link", name=TITLE)).to_be_visible()
    check_accessibility(page)
    page.context.close()

    # 5. An outsider (lapsed membership) learns nothing of it.
    page = open_as(browser, live_server.url, outsider)
    main = page.get_by_role("main")
    page.goto("/search/?q=derive+cote+outil+laiton")
    expect(main.get_by_text("0 results", exact=True)).to_be_visible()
    expect(main.get_by_text("usure des outils")).to_have_count(0)
    assert page.goto(f"/knowledge/{article.slug}/").status == 404
    page.context.close()
