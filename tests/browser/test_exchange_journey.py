"""The capacity exchange's journey: a company head of the Arve valley posts a need for a
grinder; another company's offer matches it, with the reasons why; both heads are told;
the first asks to get in touch, the second accepts, and only then does each see the
other's e-mail address; the valley's coordinator sees it in the figures. Every page
passes axe."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import make_person
from cordee.exchange.models import Contact, Listing
from cordee.exchange.services import listing_save
from cordee.network.access import Access
from cordee.network.models import Affiliation
from cordee.notifications.models import Notification
from tests.browser.steps import follow
from tests.browser.test_network_journey import open_as


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_exchange_journey(
    browser: Browser, live_server, check_accessibility: Callable[[Page], None], settings
) -> None:
    # Notifications and e-mails are written in the site's language (people have none of
    # their own yet): English, like the pages this journey reads.
    settings.LANGUAGE_CODE = "en"
    network = build_test_network()
    head = make_person("head", network)  # Décolletage Bouvier, Cluses
    lacroix_head = make_person("member", network, email="lacroix-head@test.example.org")
    Affiliation.objects.filter(person=lacroix_head).update(
        organisation=network.lacroix, is_head=True
    )
    today = timezone.localdate()
    offer = Listing(
        organisation=network.lacroix,
        side="offer",
        kind="machine",
        title="Rectifieuse cylindrique Studer S33",
        starts_on=today,
        ends_on=today + timedelta(days=60),
        quantity=Decimal(60),
        unit="hours",
        description="Deux jours par semaine, opérateur compris.",
    )
    listing_save(listing=offer, by=lacroix_head, access=Access.for_user(lacroix_head))

    # 1. Bouvier's head posts a need; a mistake in the dates is caught first.
    page = open_as(browser, live_server.url, head)
    main = page.get_by_role("main")
    page.goto("/exchange/")
    expect(main.get_by_text("Rectifieuse cylindrique Studer S33")).to_be_visible()
    check_accessibility(page)
    follow(page, main.get_by_role("link", name="Post a need"))
    check_accessibility(page)
    main.get_by_label("machine time").check()
    main.get_by_label("What").fill("Rectifieuse cylindrique")
    main.get_by_label("From").fill((today + timedelta(days=10)).isoformat())
    main.get_by_label("Until").fill((today + timedelta(days=5)).isoformat())
    main.get_by_label("Quantity").fill("40")
    main.get_by_role("button", name="Post").click()
    expect(main.get_by_role("alert")).to_contain_text("The end comes before the start")
    check_accessibility(page)
    expect(main.get_by_label("What")).to_have_value("Rectifieuse cylindrique")
    main.get_by_label("Until").fill((today + timedelta(days=40)).isoformat())
    main.get_by_role("button", name="Post").click()
    expect(page.get_by_text("1 offer matches your need")).to_be_visible()
    expect(main.get_by_role("heading", name="Need: Rectifieuse cylindrique")).to_be_visible()
    match = main.get_by_role("listitem").filter(has_text="Rectifieuse cylindrique Studer S33")
    expect(match.get_by_text("Same words: cylindrique, rectifieuse")).to_be_visible()
    expect(match.get_by_text("Neighbouring territory: Bassin annécien")).to_be_visible()
    check_accessibility(page)

    # 2. Both sides are told.
    need = Listing.objects.get(side="need")
    assert Notification.objects.filter(recipient=head, kind="exchange.matched").exists()
    told = Notification.objects.get(recipient=lacroix_head, kind="exchange.matched")
    assert told.url == offer.get_absolute_url()

    # 3. Bouvier's head asks to get in touch.
    match.get_by_label("Message (optional)").fill("Pouvons-nous passer jeudi à Annecy ?")
    match.get_by_role("button", name="Get in touch with Lacroix Traitements").click()
    expect(page.get_by_text(re.compile("Asked. Lacroix Traitements is told"))).to_be_visible()
    expect(main.get_by_text("waiting for their answer")).to_be_visible()
    expect(main.get_by_text(lacroix_head.email)).to_have_count(0)

    # 4. Lacroix's head is told, opens the notification, and accepts.
    other = open_as(browser, live_server.url, lacroix_head)
    other_main = other.get_by_role("main")
    other.goto("/notifications/")
    other_main.get_by_role(
        "button", name=re.compile("Décolletage Bouvier would like to get in touch")
    ).click()
    expect(other_main.get_by_role("heading", name=re.compile("Offer: Rectifieuse"))).to_be_visible()
    expect(other_main.get_by_text("Pouvons-nous passer jeudi à Annecy ?")).to_be_visible()
    expect(other_main.get_by_text(head.email)).to_have_count(0)
    check_accessibility(other)
    other_main.get_by_role("button", name="Accept: share our contact details").click()
    expect(
        other.get_by_text("Accepted: you can now see each other's contact details.")
    ).to_be_visible()
    expect(other_main.get_by_role("link", name=head.email, exact=True)).to_be_visible()
    check_accessibility(other)
    assert Contact.objects.get().status == "accepted"

    # 5. Bouvier's head now sees Lacroix's head's address too.
    page.goto(need.get_absolute_url())
    expect(main.get_by_role("link", name=lacroix_head.email, exact=True)).to_be_visible()
    check_accessibility(page)

    # 6. The Arve coordinator sees the figures of the valley: one need, one match, one contact.
    coordinator = open_as(browser, live_server.url, make_person("coordinator", network))
    coordinator.goto("/exchange/activity/")
    figures = coordinator.get_by_role("main").locator("dl")
    expect(figures).to_contain_text(re.compile(r"Needs posted\s*1"))
    expect(figures).to_contain_text(re.compile(r"Contacts made \(accepted\)\s*1"))
    check_accessibility(coordinator)
    for opened in (page, other, coordinator):
        opened.context.close()
