"""The co-written texts' journey, each person logging in through the log-in page: a
company head puts a charter online; a member comments a paragraph and proposes two
amendments; the head reads them under the paragraph (loaded on demand), accepts one and
rejects the other with an answer; the two versions are compared side by side; the head
freezes the final version, the staff put it to a yes / no vote, the head votes, the vote
closes, and the charter shows "adopted on" its date."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import make_person
from cordee.texts.models import Amendment, Text
from cordee.voting.services import vote_close
from tests.browser.steps import follow
from tests.browser.test_network_journey import open_as

CHARTER = """## Article 1 – Objet

Les entreprises signataires s'entraident sur la production.

## Article 2 – Confidentialité

Ce qui est confié dans le réseau reste confidentiel.
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_texts_journey(
    browser: Browser, live_server, check_accessibility: Callable[[Page], None]
) -> None:
    network = build_test_network()
    head = make_person("head", network)
    member = make_person("member", network)
    staff = make_person("staff", network)

    # 1. The company head puts the charter online.
    page = open_as(browser, live_server.url, head)
    main = page.get_by_role("main")
    page.goto("/texts/")
    follow(page, main.get_by_role("link", name="Start a text"))
    check_accessibility(page)
    main.get_by_label("Title").fill("Charte de la coopération")
    main.get_by_label("Kind").select_option("charter")
    main.get_by_role("textbox", name=re.compile(r"^The text")).fill(CHARTER)
    main.get_by_role("button", name="Put the text online").click()
    expect(page.get_by_text("The text is online, in 4 paragraphs")).to_be_visible()
    expect(main.get_by_role("heading", name="Charte de la coopération")).to_be_visible()
    check_accessibility(page)
    text = Text.objects.get()

    # 2. A member comments the second paragraph and proposes two amendments.
    member_page = open_as(browser, live_server.url, member)
    member_main = member_page.get_by_role("main")
    member_page.goto("/texts/")
    member_main.get_by_role("link", name="Charte de la coopération").click()
    member_main.get_by_role("link", name=re.compile(r"^§\s2: 0 amendments")).click()
    comment = member_main.get_by_label("Your comment")
    expect(comment).to_be_visible()  # loaded under the paragraph, without leaving the page
    assert member_page.url.endswith(text.get_absolute_url())
    comment.fill("Et la qualité ? Nous avons tous des audits clients.")
    member_main.get_by_role("button", name="Send the comment").click()
    expect(member_page.get_by_text("Your comment is posted.")).to_be_visible()
    expect(member_main.get_by_text("Nous avons tous des audits clients.")).to_be_visible()

    member_page.goto(text.get_absolute_url())
    member_main.get_by_role("link", name="Amend § 2").click()
    check_accessibility(member_page)
    member_main.get_by_label("Proposed text").fill(
        "Les entreprises signataires s'entraident sur la production et la qualité."
    )
    member_main.get_by_label("Why").fill("La qualité compte autant que la production.")
    member_main.get_by_role("button", name="Send the amendment").click()
    expect(member_page.get_by_text("Your amendment is sent")).to_be_visible()
    expect(member_main.locator(".diff ins")).to_contain_text("qualité.")
    check_accessibility(member_page)

    member_page.goto(text.get_absolute_url())
    member_main.get_by_role("link", name="Amend § 4").click()
    member_main.get_by_label("delete this paragraph").check()
    member_main.get_by_role("button", name="Send the amendment").click()
    expect(member_main.get_by_role("link", name=re.compile("Say why: the authors"))).to_be_visible()
    member_main.get_by_label("Why").fill("Chacun signe ses propres accords.")
    member_main.get_by_role("button", name="Send the amendment").click()
    expect(member_page.get_by_text("Your amendment is sent")).to_be_visible()

    # 3. The head reads them under the paragraph, accepts one, rejects the other.
    page.goto(text.get_absolute_url())
    main.get_by_role(
        "link", name=re.compile(r"^§\s2: 1 amendment \(1 waiting\), 1 comment")
    ).click()
    follow(page, main.get_by_role("link", name="Answer this amendment"))
    check_accessibility(page)
    main.get_by_label("Accept").check()
    main.get_by_label("Answer to its author").fill("Accepté : la qualité a toute sa place.")
    main.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Amendment accepted: the text is now at version 2.")).to_be_visible()

    page.goto(text.get_absolute_url())
    main.get_by_role("link", name=re.compile(r"^§\s4: 1 amendment")).click()
    main.get_by_role("link", name="Answer this amendment").click()
    main.get_by_label("Reject").check()
    main.get_by_label("Answer to its author").fill(
        "Refusé : une règle commune rassure tout le monde."
    )
    main.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Amendment rejected")).to_be_visible()
    statuses = sorted(Amendment.objects.values_list("status", flat=True))
    assert statuses == ["accepted", "rejected"]

    # The member finds the answers.
    member_page.goto(text.get_absolute_url())
    expect(member_main.get_by_text("la production et la qualité.")).to_be_visible()

    # 4. The two versions, side by side, then in one column.
    page.goto(text.get_absolute_url())
    main.get_by_role("link", name="Every version, and how they compare").click()
    main.get_by_role("button", name="Compare").click()
    expect(main.get_by_role("heading", name="Version 1 compared with 2")).to_be_visible()
    expect(main.get_by_text("1 paragraph differs.")).to_be_visible()
    expect(main.locator("td del").first).to_contain_text("production.")
    expect(main.locator("td ins").first).to_contain_text("production et la qualité.")
    check_accessibility(page)
    main.get_by_label("in one column").check()
    main.get_by_role("button", name="Compare").click()
    expect(main.get_by_text(re.compile(r"§\s2 · Changed paragraph"))).to_be_visible()

    # 5. The head freezes version 2; the staff put it to the vote.
    page.goto(text.get_absolute_url())
    main.get_by_role("button", name="Freeze version 2 as the final version").click()
    expect(page.get_by_text("Version 2 is the final version: staff can now")).to_be_visible()
    staff_page = open_as(browser, live_server.url, staff)
    staff_main = staff_page.get_by_role("main")
    staff_page.goto(text.get_absolute_url())
    staff_main.get_by_role("link", name="Put it to the vote").click()
    check_accessibility(staff_page)
    now = timezone.localtime()
    staff_main.get_by_label("Opens at").fill(
        (now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    )
    staff_main.get_by_label("Closes at").fill((now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    staff_main.get_by_role("button", name="Publish the vote").click()
    expect(staff_page.get_by_text("The vote is published")).to_be_visible()
    expect(
        staff_main.get_by_role("heading", name="Adopt “Charte de la coopération” (version 2)")
    ).to_be_visible()

    # 6. The head votes yes for the company; the vote closes; the charter is adopted.
    page.goto(text.get_absolute_url())
    main.get_by_role("link", name="Go to the vote").click()
    main.get_by_label("Yes", exact=True).check()
    main.get_by_role("button", name="Cast my ballot").click()
    expect(main.get_by_role("heading", name="Your ballot is cast")).to_be_visible()
    text.refresh_from_db()
    vote_close(vote=text.vote, by=staff)
    member_page.goto(text.get_absolute_url())
    expect(member_main.get_by_text(re.compile(r"^Adopted on .* \(version 2\)\.$"))).to_be_visible()
    expect(member_main.get_by_text("Yes: 1, no: 0, abstentions: 0.")).to_be_visible()
    expect(member_main.get_by_role("link", name=re.compile("^Amend"))).to_have_count(0)
    check_accessibility(member_page)
    for opened in (page, member_page, staff_page):
        opened.context.close()
