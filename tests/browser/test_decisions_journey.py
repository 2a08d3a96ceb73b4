"""The decisions' journey: staff record a public decision of the board with two follow-up
actions; the member responsible for one records that it is done; a funder follows the
public decision and its progress, and never sees a members-only decision."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import make_person
from cordee.decisions.models import ActionStatus, Decision
from cordee.decisions.services import decision_record
from cordee.governance.models import Body, BodyKind
from cordee.notifications.models import Notification
from tests.browser.steps import follow
from tests.browser.test_network_journey import open_as


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_decisions_journey(
    browser: Browser, live_server, check_accessibility: Callable[[Page], None]
) -> None:
    network = build_test_network()
    staff = make_person("staff", network)
    member = make_person("member", network)
    head = make_person("head", network)
    funder = make_person("funder", network)
    board = Body.objects.create(
        name="Conseil d'administration", slug="conseil-administration", kind=BodyKind.BOARD
    )
    today = timezone.localdate()
    decision_record(
        title="Augmenter la cotisation des grandes entreprises",
        text="Réservé aux adhérents.",
        decided_on=today - timedelta(days=5),
        body=board,
        by=staff,
    )

    # Staff record the board's decision with two actions.
    page = open_as(browser, live_server.url, staff)
    page.goto("/decisions/")
    follow(page, page.get_by_role("link", name="Record a decision"))
    check_accessibility(page)
    page.get_by_label("Title").fill("Créer un groupement d'employeurs pour les régleurs")
    page.get_by_label("Decided on").fill((today - timedelta(days=2)).isoformat())
    page.get_by_label("Decided by").select_option(label="Conseil d'administration")
    page.get_by_label("Text of the decision").fill(
        "Le conseil crée un **groupement d'employeurs** pour partager trois régleurs."
    )
    page.get_by_label("Rationale").fill("Onze entreprises ne peuvent embaucher seules.")
    page.get_by_role("radio", name="public").check()
    first = page.get_by_role("group", name="Action 1")
    first.get_by_label("Action").fill("Recenser les besoins en heures de réglage")
    first.get_by_label("Who does it").select_option(label=f"{member.display_name} ({member.email})")
    first.get_by_label("Due on").fill((today + timedelta(days=30)).isoformat())
    second = page.get_by_role("group", name="Action 2")
    second.get_by_label("Action").fill("Faire relire les statuts par un avocat")
    second.get_by_label("Who does it").select_option(label=f"{head.display_name} ({head.email})")
    second.get_by_label("Due on").fill((today + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Record the decision").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Créer un groupement d'employeurs pour les régleurs"
    )
    expect(page.get_by_text("0 of 2 actions done.")).to_be_visible()
    expect(page.get_by_role("strong")).to_have_text("groupement d'employeurs")
    check_accessibility(page)
    decision = Decision.objects.get(title__startswith="Créer un groupement")
    assert Notification.objects.filter(recipient=member, kind="decisions.action_assigned").exists()
    page.context.close()

    # The member responsible for the first action says it is done.
    page = open_as(browser, live_server.url, member)
    page.goto(decision.get_absolute_url())
    row = page.get_by_role("row", name="Recenser les besoins en heures de réglage")
    # They may update their own action only.
    expect(page.get_by_role("link", name="Update “Faire relire")).to_have_count(0)
    follow(page, row.get_by_role("link", name="Update"))
    check_accessibility(page)
    page.get_by_role("radio", name="done").check()
    page.get_by_label("Where it stands").fill("27 entreprises interrogées, 18 réponses.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("1 of 2 actions done.")).to_be_visible()
    expect(page.get_by_text("27 entreprises interrogées, 18 réponses.")).to_be_visible()
    assert decision.actions.filter(status=ActionStatus.DONE).count() == 1
    page.context.close()

    # A funder follows the public decision and its progress, and nothing members-only.
    page = open_as(browser, live_server.url, funder)
    page.goto("/decisions/")
    expect(page.get_by_role("link", name="Créer un groupement d'employeurs")).to_be_visible()
    expect(page.get_by_text("Augmenter la cotisation")).to_have_count(0)
    check_accessibility(page)
    page.get_by_role("link", name="Follow-up of public decisions").click()
    row = page.get_by_role("row", name="Créer un groupement d'employeurs")
    expect(row).to_contain_text("1 of 2 actions done")
    expect(page.get_by_text("Augmenter la cotisation")).to_have_count(0)
    check_accessibility(page)
    row.get_by_role("link").click()
    expect(page.get_by_text("27 entreprises interrogées, 18 réponses.")).to_be_visible()
    expect(page.get_by_role("link", name="Edit the decision")).to_have_count(0)
    page.context.close()
