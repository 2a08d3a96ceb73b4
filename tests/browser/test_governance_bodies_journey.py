"""The bodies' journey: a visitor sees who sits on the board; the Arve coordinator opens
an election of the branch's delegate; two company heads vote; the coordinator closes
the vote and confirms the delegate, who then appears on the board's public page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import make_person
from cordee.governance.models import Body, BodyKind, Mandate, MandateRole
from cordee.network.models import Affiliation, Membership
from tests.browser.steps import follow
from tests.browser.test_network_journey import open_as

BOUVIER = "Marc Bouvier (Décolletage Bouvier)"
REVILLARD = "Thomas Revillard (Arvis Usinage)"


def grade(page: Page, grades: dict[str, str]) -> None:
    for option, label in grades.items():
        page.get_by_role("group", name=option).get_by_label(label, exact=True).check()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_bodies_journey(
    browser: Browser, live_server, check_accessibility: Callable[[Page], None]
) -> None:
    network = build_test_network()
    Membership.objects.filter(organisation=network.arvis).update(status="paid")
    coordinator = make_person("coordinator", network)
    head = make_person("head", network)
    member = make_person("member", network)  # made the head of Arvis: it votes for it
    Affiliation.objects.filter(person=member).update(is_head=True)
    expert = make_person("expert", network)
    board = Body.objects.create(
        name="Conseil d'administration", slug="conseil-administration", kind=BodyKind.BOARD, seats=5
    )
    Body.objects.create(
        name="Antenne Vallée de l'Arve",
        slug="antenne-arve",
        kind=BodyKind.BRANCH,
        territory=network.arve,
        delegates_to=board,
        seats=1,
    )
    Mandate.objects.create(
        body=board,
        person=expert,
        organisation=network.lacroix,
        role=MandateRole.CHAIR,
        starts_on=date(2025, 6, 20),
    )

    # 1. A visitor sees the board's composition.
    visitor = open_as(browser, live_server.url, None)
    visitor_main = visitor.get_by_role("main")
    visitor.goto("/governance/")
    expect(
        visitor_main.get_by_role("heading", name="Who decides: the network's bodies")
    ).to_be_visible()
    visitor_main.get_by_role("link", name="Conseil d'administration").click()
    expect(visitor_main.get_by_role("row", name=re.compile("Chair Nadia Benali"))).to_be_visible()
    expect(visitor_main.get_by_text("1 of 5 seats filled")).to_be_visible()
    check_accessibility(visitor)

    # 2. The Arve coordinator opens the election of the branch's delegate.
    page = open_as(browser, live_server.url, coordinator)
    main = page.get_by_role("main")
    page.goto("/governance/antenne-arve/")
    follow(page, main.get_by_role("link", name="Open an election of delegates"))
    check_accessibility(page)
    main.get_by_label("Candidates").select_option(
        label=["Marc Bouvier — Décolletage Bouvier", "Thomas Revillard — Arvis Usinage"]
    )
    main.get_by_label("Delegates to elect").fill("1")
    now = timezone.localtime()
    main.get_by_label("Opens at").fill((now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    main.get_by_label("Closes at").fill((now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    main.get_by_role("button", name="Open the election").click()
    expect(
        page.get_by_text(re.compile("Election opened: 2 member organisations vote"))
    ).to_be_visible()
    check_accessibility(page)
    election_url = page.url

    # 3. The two company heads of the branch vote.
    for person, grades in (
        (head, {BOUVIER: "Good", REVILLARD: "Excellent"}),
        (member, {BOUVIER: "Passable", REVILLARD: "Very good"}),
    ):
        voter = open_as(browser, live_server.url, person)
        voter.goto("/votes/")
        voter.get_by_role("main").get_by_role(
            "link", name=re.compile("^Election of the delegates")
        ).click()
        grade(voter, grades)
        voter.get_by_role("main").get_by_role("button", name="Cast my ballot").click()
        expect(voter.get_by_role("heading", name="Your ballot is cast")).to_be_visible()
        voter.context.close()

    # 4. The coordinator closes the vote and confirms the delegate.
    page.goto(election_url)
    main.get_by_role("link", name="The vote's page").click()
    main.get_by_role("button", name=re.compile("^Close the vote now")).click()
    expect(main.get_by_role("heading", name=re.compile("^Results"))).to_be_visible()
    page.goto(election_url)
    expect(main.get_by_text(f"Elected: {REVILLARD}")).to_be_visible()
    check_accessibility(page)
    main.get_by_role("button", name="Confirm the delegates").click()
    expect(page.get_by_text("1 delegate now sits in Conseil d'administration.")).to_be_visible()
    expect(main.get_by_role("row", name=re.compile("Delegate.*Thomas Revillard"))).to_be_visible()
    check_accessibility(page)

    # 5. The visitor sees the new delegate on the board's page, elected.
    visitor.goto("/governance/conseil-administration/")
    row = visitor_main.get_by_role("row", name=re.compile("Delegate.*Thomas Revillard"))
    expect(row).to_contain_text("Elected")
    expect(visitor_main.get_by_text("2 of 5 seats filled")).to_be_visible()
    check_accessibility(visitor)
    for opened in (visitor, page):
        opened.context.close()
