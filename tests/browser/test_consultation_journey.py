"""The consultations' journey, each person logging in through the log-in page: staff
open a consultation to the whole network; a company head of the Arve valley and an
expert of the Annecy basin contribute; the expert comments and the head replies; a
contribution after its phase is refused; staff retain the proposals and put them to
the vote, publish a synthesis, and the participation page shows both territories."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cordee.consultations.models import Consultation, Contribution, Phase
from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import make_person
from tests.browser.test_network_journey import open_as


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def contribute(page: Page, url: str, kind: str, title: str, text: str) -> None:
    page.goto(url)
    form = page.get_by_role("main")
    form.get_by_role("radio", name=kind, exact=True).check()
    form.get_by_label("Title").fill(title)
    form.get_by_label("Text").fill(text)
    form.get_by_role("button", name="Publish my contribution").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_consultation_journey(
    browser: Browser, live_server, check_accessibility: Callable[[Page], None]
) -> None:
    network = build_test_network()
    staff = make_person("staff", network)
    head = make_person("head", network)  # Décolletage Bouvier, Vallée de l'Arve
    expert = make_person("expert", network)  # Lacroix Traitements, Bassin annécien
    now = timezone.now()

    # Staff prepare the consultation and open it.
    organiser = open_as(browser, live_server.url, staff)
    organiser.goto("/consultations/")
    organiser.get_by_role("link", name="Prepare a consultation").click()
    main = organiser.get_by_role("main")
    main.get_by_label("Question").fill("Charte de la coopération inter-entreprises")
    main.get_by_label("What it is about").fill("Comment nous entraider entre entreprises.")
    main.get_by_role("radio", name="the whole network").check()
    main.get_by_label("Contributions until").fill(local(now + timedelta(days=7)))
    main.get_by_label("Co-construction until").fill(local(now + timedelta(days=14)))
    check_accessibility(organiser)
    main.get_by_role("button", name="Save").click()
    organiser.get_by_role("button", name="Open to contributions").first.click()
    expect(organiser.get_by_text("The consultation is open")).to_be_visible()
    url = Consultation.objects.get().get_absolute_url()

    # Members of two territories contribute.
    arve = open_as(browser, live_server.url, head)
    contribute(
        arve,
        url,
        "proposal",
        "Prêter un régleur à un voisin",
        "Une convention type pour prêter un régleur multibroches à prix coûtant.",
    )
    annecy = open_as(browser, live_server.url, expert)
    contribute(
        annecy,
        url,
        "proposal",
        "Confidentialité des plans échangés",
        "Tout plan partagé reste la propriété de l'émetteur.",
    )
    # The expert supports and comments on the head's proposal; the head replies.
    annecy.goto(url)
    check_accessibility(annecy)
    annecy.get_by_role("button", name=re.compile(r"^Support\W+Prêter un régleur")).click()
    # htmx swaps the button alone: pressed now, and counted.
    expect(
        annecy.get_by_role("button", name=re.compile(r"^Withdraw my support\W+Prêter"))
    ).to_have_attribute("aria-pressed", "true")
    annecy.get_by_role("link", name="Prêter un régleur à un voisin", exact=True).click()
    annecy.get_by_label("Your comment").fill("Qui porte l'assurance pendant le prêt ?")
    annecy.get_by_role("button", name="Publish the comment").click()
    expect(annecy.get_by_text("Your comment is published.")).to_be_visible()

    arve.goto(Contribution.objects.get(title__startswith="Prêter").get_absolute_url())
    arve.get_by_text("Reply", exact=False).first.click()
    arve.get_by_label("Your reply").fill("L'assurance de l'entreprise d'accueil.")
    arve.get_by_role("button", name="Publish the reply").click()
    expect(arve.get_by_text("L'assurance de l'entreprise d'accueil.")).to_be_visible()
    check_accessibility(arve)

    # Staff move to co-construction: contributions are now refused.
    organiser.goto(url)
    organiser.get_by_role("link", name="Run the consultation").click()
    organiser.get_by_label("Move to the phase").select_option(label="co-construction")
    organiser.get_by_role("button", name="Move").click()
    expect(organiser.get_by_text("now in its co-construction phase")).to_be_visible()
    arve.goto(url)
    expect(arve.get_by_text("new contributions are no longer taken")).to_be_visible()
    expect(arve.get_by_role("button", name="Publish my contribution")).to_have_count(0)

    # Staff retain both proposals and put them to the vote.
    for contribution in Contribution.objects.all():
        organiser.goto(contribution.get_absolute_url())
        organiser.get_by_label("Status").select_option(label="retained for the vote")
        organiser.get_by_role("button", name="Set the status").click()
        expect(organiser.get_by_text("is now: retained for the vote")).to_be_visible()
    organiser.goto(url)
    organiser.get_by_role("link", name="Run the consultation").click()
    check_accessibility(organiser)
    organiser.get_by_label("Voting closes at").fill(local(now + timedelta(days=3)))
    organiser.get_by_role("button", name="Open the vote on the retained contributions").click()
    expect(
        organiser.get_by_text("The vote is open over the retained contributions")
    ).to_be_visible()
    expect(organiser.get_by_role("link", name="Go to the vote")).to_be_visible()
    assert Consultation.objects.get().phase == Phase.VOTE

    # Staff write and publish the synthesis; members read it.
    organiser.get_by_role("link", name="Run the consultation").click()
    organiser.get_by_role("link", name="Write the synthesis").click()
    organiser.get_by_label("Synthesis").fill(
        "## Ce qui ressort\n\nDeux propositions, **retenues** pour le vote."
    )
    organiser.get_by_role("button", name="Publish the synthesis").click()
    expect(organiser.get_by_text("The synthesis is published.")).to_be_visible()
    annecy.goto(url)
    expect(annecy.get_by_role("heading", name="Synthesis")).to_be_visible()
    expect(annecy.locator("strong", has_text="retenues")).to_be_visible()

    # Who took part: both territories, against the network's make-up.
    organiser.goto(url)
    organiser.get_by_role("link", name="Who took part").first.click()
    table = organiser.get_by_role("table").first
    expect(table.get_by_role("rowheader", name="Vallée de l'Arve")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Bassin annécien")).to_be_visible()
    expect(organiser.get_by_text("2 people took part")).to_be_visible()
    check_accessibility(organiser)

    for page in (organiser, arve, annecy):
        page.context.close()
