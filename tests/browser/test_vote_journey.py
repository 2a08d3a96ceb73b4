"""The votes issue's journey, each person logging in through the log-in page: the Arve
coordinator sets up a general-assembly vote (member organisations of the branch as
electorate, one proxy) and publishes it; company heads grade the options by majority
judgment, one for two organisations, another changes their ballot; the vote closes,
results and merit profiles appear; a voter checks their receipt; and nobody, the
coordinator included, can see who graded what."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import PASSWORD, make_person
from cordee.network.identifiers import make_siret
from cordee.network.models import Affiliation, Membership, Organisation
from cordee.voting.models import Ballot, Vote
from tests.browser.steps import follow

OPTIONS = ["Cluses", "Scionzier", "Marnaz"]


def open_as(browser: Browser, base_url: str, user: object) -> Page:
    """A new browser (cookies of its own), in English, logged in through the form."""
    context = browser.new_context(base_url=base_url, locale="en-GB")
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "django_language", "value": "en", "url": base_url}])
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign In").click()
    authenticator = Authenticator.objects.filter(user=user, type="totp").first()
    if authenticator is not None:
        secret = decrypt(authenticator.data["secret"])
        # A code is valid for its 30-second period only: never type one about to expire.
        if time.time() % 30 > 25:
            time.sleep(30 - time.time() % 30 + 0.5)
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        page.get_by_role("textbox").fill(code)
        page.get_by_role("main").get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def grade(page: Page, grades: dict[str, str]) -> None:
    for option, label in grades.items():
        page.get_by_role("group", name=option).get_by_label(label, exact=True).check()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_vote_journey(
    browser: Browser, live_server, check_accessibility: Callable[[Page], None]
) -> None:
    network = build_test_network()
    # Arvis pays its dues; a third company of the Arve valley gives its proxy to Bouvier.
    Membership.objects.filter(organisation=network.arvis).update(status="paid")
    marnaz = Organisation.objects.create(
        slug="marnaz",
        legal_name="Marnaz Précision",
        siren=make_siret(74000009)[:9],
        siret=make_siret(74000009),
        size_band="small",
        commune=network.cluses,
    )
    year = date.today().year
    Membership.objects.create(
        organisation=marnaz,
        year=year,
        tier=network.tier,
        amount=network.tier.amount,
        status="paid",
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
    )
    coordinator = make_person("coordinator", network)
    head = make_person("head", network)
    member = make_person("member", network)  # works for Arvis: made its company head
    Affiliation.objects.filter(person=member).update(is_head=True)

    # 1. The Arve coordinator prepares the vote, records a proxy and publishes it.
    page = open_as(browser, live_server.url, coordinator)
    main = page.get_by_role("main")
    page.goto("/votes/")
    follow(page, main.get_by_role("link", name="Prepare a vote"))
    check_accessibility(page)
    main.get_by_label("Question").fill("Où tenir l'assemblée générale ?")
    main.get_by_label("Options or candidates").fill("\n".join(OPTIONS))
    main.get_by_label(re.compile(r"^\s*majority judgment")).check()
    main.get_by_label("Territory").select_option(label="Vallée de l'Arve")
    now = timezone.localtime()
    main.get_by_label("Opens at").fill((now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    main.get_by_label("Closes at").fill((now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    main.get_by_label("Quorum (%)").fill("50")
    main.get_by_role("button", name="Save the draft").click()
    expect(main.get_by_role("heading", name="Où tenir l'assemblée générale ?")).to_be_visible()
    vote = Vote.objects.get()
    main.get_by_role("link", name="Proxies").first.click()
    main.get_by_label("Organisation giving its vote").select_option(label="Marnaz Précision")
    main.get_by_label("Organisation voting in its place").select_option(label="Décolletage Bouvier")
    main.get_by_role("button", name="Record the proxy").click()
    expect(page.get_by_text("Proxy recorded.")).to_be_visible()
    check_accessibility(page)
    page.goto(f"/votes/{vote.public_id}/")
    main.get_by_role("button", name=re.compile("^Publish")).click()
    expect(page.get_by_text("Vote published: 3 electors were told.")).to_be_visible()
    check_accessibility(page)

    # 2. Bouvier's head votes for Bouvier, then for Marnaz whose proxy Bouvier holds.
    head_page = open_as(browser, live_server.url, head)
    head_main = head_page.get_by_role("main")
    head_page.goto("/votes/")
    head_main.get_by_role("link", name="Où tenir l'assemblée générale ?").click()
    expect(head_main.get_by_text(re.compile("ungraded counts as “To reject”"))).to_be_visible()
    check_accessibility(head_page)
    voting_for = head_main.get_by_role("group", name="You vote for")
    voting_for.get_by_label("Décolletage Bouvier").check()
    grade(head_page, {"Cluses": "Excellent", "Scionzier": "Good", "Marnaz": "Passable"})
    head_main.get_by_role("button", name="Cast my ballot").click()
    expect(head_main.get_by_role("heading", name="Your ballot is cast")).to_be_visible()
    check_accessibility(head_page)
    head_page.goto(f"/votes/{vote.public_id}/")
    head_main.get_by_role("group", name="You vote for").get_by_label("Marnaz Précision").check()
    grade(head_page, {"Cluses": "Very good", "Scionzier": "Very good"})  # Marnaz ungraded
    head_main.get_by_role("button", name="Cast my ballot").click()
    expect(head_main.get_by_role("heading", name="Your ballot is cast")).to_be_visible()

    # 3. Arvis's head votes, then changes their mind: the browser kept the receipt.
    member_page = open_as(browser, live_server.url, member)
    member_main = member_page.get_by_role("main")
    member_page.goto(f"/votes/{vote.public_id}/")
    grade(member_page, {"Cluses": "Insufficient", "Scionzier": "Excellent", "Marnaz": "Good"})
    member_main.get_by_role("button", name="Cast my ballot").click()
    first_receipt = member_main.locator("#receipt-token").inner_text()
    member_page.goto(f"/votes/{vote.public_id}/")
    expect(member_main.get_by_label("Receipt of your previous ballot")).to_have_value(first_receipt)
    grade(member_page, {"Cluses": "Passable", "Scionzier": "Excellent", "Marnaz": "Passable"})
    member_main.get_by_role("button", name="Replace my ballot").click()
    expect(member_main.get_by_role("heading", name="Your ballot is cast")).to_be_visible()
    second_receipt = member_main.locator("#receipt-token").inner_text()
    assert second_receipt != first_receipt
    assert Ballot.objects.filter(vote=vote).count() == 3

    # 4. The coordinator sees who voted, not what; closes the vote; results appear.
    page.goto(f"/votes/{vote.public_id}/participation/")
    expect(main.get_by_text("3 of 3 electors have voted.")).to_be_visible()
    for label in ("Excellent", "Passable", "Insufficient"):
        expect(main.get_by_text(label)).to_have_count(0)
    check_accessibility(page)
    page.goto(f"/votes/{vote.public_id}/")
    main.get_by_role("button", name=re.compile("^Close the vote now")).click()
    expect(main.get_by_role("heading", name=re.compile("^Results"))).to_be_visible()
    expect(main.get_by_text("Winner: Scionzier")).to_be_visible()
    expect(main.get_by_text(re.compile("Quorum reached"))).to_be_visible()
    expect(main.locator(".merit-profile")).to_have_count(3)
    expect(main.locator(".merit-bar").first).to_be_visible()
    check_accessibility(page)
    results_text = main.inner_text()
    for organisation in ("Bouvier", "Arvis", "Marnaz Précision"):
        assert organisation not in results_text, organisation

    # 5. Arvis's head checks the receipt this browser kept: the changed ballot counts.
    member_page.goto(f"/votes/{vote.public_id}/receipt/")
    member_main.get_by_role("button", name="Check the receipt this browser kept").click()
    expect(
        member_main.get_by_role("heading", name="This ballot is counted as cast")
    ).to_be_visible()
    expect(member_main.get_by_role("row", name="Cluses Passable")).to_be_visible()
    check_accessibility(member_page)
    member_page.goto(f"/votes/{vote.public_id}/receipts/")
    expect(member_main.get_by_text(vote.receipt_hash(second_receipt))).to_be_visible()
    expect(member_main.get_by_text(vote.receipt_hash(first_receipt))).to_have_count(0)
    for opened in (page, head_page, member_page):
        opened.context.close()
