"""The governance issue's full cycle, each person logging in through the log-in page and
doing their own part in the browser:

1. a consultation collects proposals from two territories (the Arve valley and the
   Annecy basin), and the staff see who took part, by territory;
2. the board's co-written charter receives two amendments: its author accepts one and
   rejects the other with an answer; the amendment's author reads both answers;
3. the author freezes the final version, the staff put it to the vote, two company heads
   vote, the staff close the vote: the charter is adopted;
4. from the charter's page, the staff record the decision with two follow-up actions;
5. the board meets: a member gives their proxy, the secretary takes attendance, the
   quorum (reached thanks to the proxy) shows live on the chair's phone, the chair
   votes in the room for themselves and the member they represent, the secretary
   writes the minutes and the chair approves them.

The data a person would not type (territories, companies, people, the board and its
mandates, the consultation, the charter's first version, the meeting's agenda) is set
up in Python with the apps' own services."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cordee.accounts.models import User
from cordee.consultations.models import Consultation
from cordee.consultations.services import consultation_open, consultation_save
from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import make_person
from cordee.decisions.models import Decision
from cordee.governance.models import Body, BodyKind, Mandate, MandateRole
from cordee.meetings.models import AgendaItem, BodyRules, Meeting, Minutes
from cordee.network.models import Affiliation
from cordee.network.scopes import Scope
from cordee.texts.models import Amendment, Text, TextKind
from cordee.texts.services import text_create
from tests.browser.steps import follow
from tests.browser.test_consultation_journey import contribute, local
from tests.browser.test_network_journey import open_as

PHONE = {"width": 390, "height": 844}
ROOM_QUESTION = "Adopter un budget de 5 000 € pour la charte"

CHARTER = """## Article 1 – Objet

Les entreprises signataires s'entraident sur la production.

## Article 2 – Confidentialité

Ce qui est confié dans le réseau reste confidentiel.
"""


def set_up(network: SimpleNamespace) -> SimpleNamespace:
    """The people, the board with its mandates and quorum rule, the open consultation,
    the board's charter (version 1) and the board meeting with its agenda."""
    staff = make_person("staff", network)
    head = make_person("head", network)  # Marc Bouvier, Vallée de l'Arve: chairs the board
    member = make_person("member", network)  # Thomas Revillard, Arvis: its secretary
    expert = make_person("expert", network)  # Nadia Benali, Lacroix: a board member
    # Claire Lacroix heads Lacroix Traitements, Bassin annécien: votes for her company.
    lacroix = make_person(
        "head", network, email="claire@test.example.org", first_name="Claire", last_name="Lacroix"
    )
    Affiliation.objects.filter(person=lacroix).update(organisation=network.lacroix)

    board = Body.objects.create(
        name="Conseil d'administration", slug="conseil-administration", kind=BodyKind.BOARD
    )
    # Two thirds of the members: with four members, three must be present or represented.
    BodyRules.objects.create(body=board, quorum_numerator=2, quorum_denominator=3)
    since = timezone.localdate() - timedelta(days=200)
    for person, role in (
        (head, MandateRole.CHAIR),
        (member, MandateRole.SECRETARY),
        (lacroix, MandateRole.MEMBER),
        (expert, MandateRole.MEMBER),
    ):
        Mandate.objects.create(body=board, person=person, role=role, starts_on=since)

    now = timezone.now()
    consultation = consultation_save(
        consultation=Consultation(
            title="Quelle charte pour la coopération entre entreprises ?",
            summary="Vos idées nourrissent la charte que le conseil soumettra au vote.",
            scope=Scope.NETWORK,
            contributions_until=now + timedelta(days=7),
            coconstruction_until=now + timedelta(days=14),
        ),
        by=staff,
    )
    consultation_open(consultation=consultation, by=staff, announce=False)

    charter = text_create(
        text=Text(
            title="Charte de la coopération",
            kind=TextKind.CHARTER,
            body=board,
            scope=Scope.NETWORK,
        ),
        markdown=CHARTER,
        by=head,
    )

    meeting = Meeting.objects.create(
        body=board,
        title="Conseil de décembre",
        starts_at=now + timedelta(minutes=10),
        place="Cluses, salle du conseil",
    )
    AgendaItem.objects.create(meeting=meeting, order=0, title="Budget de la charte 2027")
    AgendaItem.objects.create(meeting=meeting, order=1, title="Questions diverses")
    return SimpleNamespace(
        staff=staff,
        head=head,
        member=member,
        expert=expert,
        lacroix=lacroix,
        board=board,
        consultation=consultation,
        charter=charter,
        meeting=meeting,
    )


def propose_amendment(page: Page, url: str, paragraph: int, why: str, wording: str = "") -> None:
    """Amend paragraph number ``paragraph``: a new ``wording``, or its deletion."""
    main = page.get_by_role("main")
    page.goto(url)
    main.get_by_role("link", name=f"Amend § {paragraph}").click()
    if wording:
        main.get_by_label("Proposed text").fill(wording)
    else:
        main.get_by_label("delete this paragraph").check()
    main.get_by_label("Why").fill(why)
    main.get_by_role("button", name="Send the amendment").click()
    expect(page.get_by_text("Your amendment is sent")).to_be_visible()


def answer_amendment(page: Page, amendment: Amendment, verdict: str, answer: str) -> None:
    main = page.get_by_role("main")
    page.goto(amendment.get_absolute_url())
    main.get_by_label(verdict, exact=True).check()
    main.get_by_label("Answer to its author").fill(answer)
    main.get_by_role("button", name="Send the answer").click()


def cast_yes(page: Page, vote_url: str) -> None:
    main = page.get_by_role("main")
    page.goto(vote_url)
    main.get_by_label("Yes", exact=True).check()
    main.get_by_role("button", name="Cast my ballot").click()
    expect(main.get_by_role("heading", name="Your ballot is cast")).to_be_visible()


def mark(page: Page, status: str, name: str) -> None:
    """Mark a member in the roll call: htmx redraws it, with this button now pressed."""
    button = page.get_by_role("main").get_by_role("button", name=f"{status} : {name}")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")


def person_option(person: User) -> str:
    return f"{person.display_name} ({person.email})"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_full_governance_cycle(
    browser: Browser, live_server, check_accessibility: Callable[[Page], None]
) -> None:
    the = set_up(build_test_network())
    consultation_url = the.consultation.get_absolute_url()
    charter_url = the.charter.get_absolute_url()
    meeting_url = the.meeting.get_absolute_url()
    today = timezone.localdate()

    # One browser, one context per person, each logged in once.
    staff = open_as(browser, live_server.url, the.staff)
    arve = open_as(browser, live_server.url, the.head)  # author of the charter, board chair
    annecy = open_as(browser, live_server.url, the.lacroix)
    secretary = open_as(browser, live_server.url, the.member)

    # 1. The consultation: a head of the Arve valley and one of the Annecy basin propose.
    contribute(
        arve,
        consultation_url,
        "proposal",
        "Prêter un régleur à un voisin",
        "Une convention type pour prêter un régleur multibroches à prix coûtant.",
    )
    contribute(
        annecy,
        consultation_url,
        "proposal",
        "Confidentialité des plans échangés",
        "Tout plan partagé reste la propriété de l'émetteur.",
    )
    annecy.goto(consultation_url)
    expect(
        annecy.get_by_role("link", name="Prêter un régleur à un voisin", exact=True)
    ).to_be_visible()
    check_accessibility(annecy)
    # The staff see who took part: both territories.
    staff.goto(consultation_url)
    staff.get_by_role("link", name="Who took part").first.click()
    table = staff.get_by_role("table").first
    expect(table.get_by_role("rowheader", name="Vallée de l'Arve")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Bassin annécien")).to_be_visible()
    expect(staff.get_by_text("2 people took part")).to_be_visible()
    check_accessibility(staff)

    # 2. The charter: the Annecy head proposes two amendments, drawn from the consultation.
    propose_amendment(
        annecy,
        charter_url,
        2,
        "Le régleur prêté, proposé pendant la concertation.",
        wording="Les entreprises signataires s'entraident sur la production et se prêtent "
        "leurs régleurs.",
    )
    propose_amendment(annecy, charter_url, 4, "Chacun signe ses propres accords.")
    accepted, rejected = Amendment.objects.order_by("pk")

    # The author accepts the first, rejects the second, and says why.
    answer_amendment(arve, accepted, "Accept", "Accepté : c'est la proposition la plus soutenue.")
    expect(arve.get_by_text("Amendment accepted: the text is now at version 2.")).to_be_visible()
    answer_amendment(arve, rejected, "Reject", "Refusé : une règle commune rassure tout le monde.")
    expect(arve.get_by_text("Amendment rejected")).to_be_visible()

    # The amendments' author reads the answers, and the new wording in the charter.
    annecy.goto(accepted.get_absolute_url())
    card = annecy.get_by_role("main").locator(".amendment")
    expect(card.locator(".amendment__status")).to_have_text("Accepted")
    expect(card).to_contain_text("c'est la proposition la plus soutenue. (made version 2)")
    annecy.goto(rejected.get_absolute_url())
    expect(card.locator(".amendment__status")).to_have_text("Rejected")
    expect(card).to_contain_text("une règle commune rassure tout le monde.")
    check_accessibility(annecy)
    annecy.goto(charter_url)
    expect(annecy.get_by_text("et se prêtent leurs régleurs.")).to_be_visible()

    # 3. The author freezes version 2; the staff put it to the vote.
    arve.goto(charter_url)
    arve.get_by_role("button", name="Freeze version 2 as the final version").click()
    expect(arve.get_by_text("Version 2 is the final version: staff can now")).to_be_visible()
    staff_main = staff.get_by_role("main")
    staff.goto(charter_url)
    staff_main.get_by_role("link", name="Put it to the vote").click()
    now = timezone.now()
    staff_main.get_by_label("Opens at").fill(local(now - timedelta(minutes=5)))
    staff_main.get_by_label("Closes at").fill(local(now + timedelta(days=7)))
    check_accessibility(staff)
    staff_main.get_by_role("button", name="Publish the vote").click()
    expect(staff.get_by_text("The vote is published")).to_be_visible()
    expect(
        staff_main.get_by_role("heading", name="Adopt “Charte de la coopération” (version 2)")
    ).to_be_visible()
    vote_url = staff.url

    # The heads of the two member companies vote yes, from the charter's page.
    arve.goto(charter_url)
    follow(arve, arve.get_by_role("main").get_by_role("link", name="Go to the vote"))
    cast_yes(arve, arve.url)
    cast_yes(annecy, vote_url)

    # The staff close the vote: the results are published, the charter is adopted.
    staff.goto(vote_url)
    staff_main.get_by_role("button", name=re.compile("^Close the vote now")).click()
    expect(staff_main.get_by_role("heading", name=re.compile("^Results"))).to_be_visible()
    check_accessibility(staff)
    staff.goto(charter_url)
    expect(staff_main.get_by_text(re.compile(r"^Adopted on .* \(version 2\)\.$"))).to_be_visible()
    expect(staff_main.get_by_text("Yes: 2, no: 0, abstentions: 0.")).to_be_visible()

    # 4. From the charter, the staff record the board's decision with two actions.
    staff_main.get_by_role("link", name="Record a decision taken from this").click()
    expect(staff_main.get_by_label("Title")).to_have_value("Charte de la coopération")
    expect(staff_main.get_by_label("Decided by")).to_have_value(str(the.board.pk))
    staff_main.get_by_label("Title").fill("Adoption de la charte de la coopération")
    staff_main.get_by_label("Text of the decision").fill(
        "Le réseau adopte la **charte de la coopération** (version 2)."
    )
    staff_main.get_by_label("Rationale").fill("Issue de la concertation, amendée puis votée.")
    first = staff_main.get_by_role("group", name="Action 1")
    first.get_by_label("Action").fill("Rédiger la convention type de prêt de régleur")
    first.get_by_label("Who does it").select_option(label=person_option(the.head))
    first.get_by_label("Due on").fill((today + timedelta(days=30)).isoformat())
    second = staff_main.get_by_role("group", name="Action 2")
    second.get_by_label("Action").fill("Faire signer la charte aux adhérents")
    second.get_by_label("Who does it").select_option(label=person_option(the.lacroix))
    second.get_by_label("Due on").fill((today + timedelta(days=60)).isoformat())
    check_accessibility(staff)
    staff_main.get_by_role("button", name="Record the decision").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(
        "Adoption de la charte de la coopération"
    )
    expect(staff_main.get_by_text("0 of 2 actions done.")).to_be_visible()
    for action in ("Rédiger la convention type", "Faire signer la charte aux adhérents"):
        expect(staff_main.get_by_role("row", name=re.compile(action))).to_be_visible()
    # It links back to the charter it was taken from, and to the vote.
    expect(
        staff_main.get_by_role("link", name="Charte de la coopération", exact=True)
    ).to_be_visible()
    expect(
        staff_main.get_by_role("link", name="Adopt “Charte de la coopération” (version 2)")
    ).to_be_visible()
    check_accessibility(staff)
    decision = Decision.objects.get()
    assert decision.body == the.board
    assert decision.vote == Text.objects.get().vote
    # Members find it on the charter's page.
    annecy.goto(charter_url)
    annecy.get_by_role("link", name="Adoption de la charte de la coopération").click()
    expect(annecy.get_by_text("0 of 2 actions done.")).to_be_visible()

    # 5. The board meets. Claire Lacroix cannot come: she gives her proxy to the chair.
    annecy.goto(meeting_url)
    annecy.get_by_role("main").get_by_role("link", name="Give my proxy").click()
    annecy.get_by_label("Held by").select_option(label="Marc Bouvier")
    annecy.get_by_role("button", name="Give my proxy").click()
    expect(annecy.get_by_text("Proxy recorded.")).to_be_visible()

    # The secretary starts the meeting and marks attendance in the roll call.
    main = secretary.get_by_role("main")
    secretary.goto(meeting_url)
    main.get_by_role("button", name="Start the meeting").click()
    expect(main.get_by_role("heading", name="Attendance: Conseil de décembre")).to_be_visible()
    mark(secretary, "Present", "Thomas Revillard")
    mark(secretary, "Excused", "Nadia Benali")
    quorum = secretary.locator("#quorum")
    expect(quorum).to_contain_text("Quorum not reached.")
    expect(quorum).to_contain_text("1 of 4 members present or represented")

    # The chair follows on a phone; the quorum there updates by itself when they arrive.
    arve.set_viewport_size(PHONE)
    arve.goto(meeting_url)
    chair_quorum = arve.locator("#quorum")
    expect(chair_quorum).to_contain_text("Quorum not reached.")
    mark(secretary, "Present", "Marc Bouvier")
    expect(main.get_by_role("row", name=re.compile("^Claire Lacroix"))).to_contain_text(
        "Represented by Marc Bouvier"
    )
    expect(main.get_by_text("holds the proxy of Claire Lacroix")).to_be_visible()
    expect(quorum).to_contain_text("Quorum reached.")
    expect(quorum).to_contain_text(
        "3 of 4 members present or represented (2 present, 1 represented)"
    )
    check_accessibility(secretary)

    # A vote in the room on the first agenda item.
    secretary.goto(meeting_url)
    main.get_by_role("link", name="Open a vote on Budget de la charte 2027").click()
    main.get_by_label("Question").fill(ROOM_QUESTION)
    main.get_by_role("button", name="Open the vote").click()
    expect(main.get_by_role("heading", name=ROOM_QUESTION)).to_be_visible()
    # Polled every few seconds: by now the chair's phone shows the quorum without a reload.
    expect(chair_quorum).to_contain_text("Quorum reached.", timeout=15_000)
    expect(chair_quorum).to_contain_text("3 of 4 members present or represented")

    # The chair votes on the phone, for themselves and for Claire Lacroix.
    chair_main = arve.get_by_role("main")
    arve.goto(meeting_url)
    follow(arve, chair_main.get_by_role("link", name="Vote", exact=True))
    room_vote_url = arve.url
    for elector in ("Marc Bouvier", "Claire Lacroix"):
        if arve.url != room_vote_url:
            arve.goto(room_vote_url)
        chair_main.get_by_role("group", name="You vote for").get_by_label(elector).check()
        chair_main.get_by_role("group", name=ROOM_QUESTION).get_by_label("Yes").check()
        chair_main.get_by_role("button", name="Cast my ballot").click()
        expect(chair_main.get_by_role("heading", name="Your ballot is cast")).to_be_visible()
    check_accessibility(arve)

    # The secretary closes the vote, then the meeting.
    secretary.goto(meeting_url)
    main.get_by_role("button", name="Close the vote").click()
    expect(main.get_by_text("Adopted.")).to_be_visible()
    expect(main.get_by_text("2 of 3 votes cast.")).to_be_visible()
    main.get_by_role("button", name="Close the meeting").click()
    expect(main.get_by_text("held", exact=True)).to_be_visible()
    check_accessibility(secretary)

    # Minutes: written by the secretary, shown for review, approved by the chair.
    main.get_by_role("link", name="Minutes", exact=True).click()
    main.get_by_role("link", name="Write the minutes").click()
    main.get_by_label("Minutes").fill(
        "## 1. Budget de la charte 2027\nAdopté : 5 000 €.\n\n## 2. Questions diverses\nAucune."
    )
    main.get_by_role("button", name="Save the minutes").click()
    main.get_by_role("button", name="Show to the participants for comments").click()
    expect(secretary.get_by_text("shown to the participants for their comments")).to_be_visible()
    # A week later, the review is over.
    Minutes.objects.filter(meeting=the.meeting).update(review_until=timezone.now())
    arve.goto(meeting_url)
    arve.get_by_role("link", name="Read the minutes").click()
    arve.get_by_role("button", name="Approve the minutes").click()
    expect(arve.get_by_text("The minutes are approved")).to_be_visible()

    # Everyone reads the approved minutes, with who was there and who was represented.
    annecy.goto(meeting_url)
    expect(annecy.get_by_text(re.compile(r"^Approved on "))).to_be_visible()
    annecy.get_by_role("link", name="Read the minutes").click()
    annecy_main = annecy.get_by_role("main")
    expect(annecy_main.get_by_text(re.compile(r"Approved on .* by Marc Bouvier\."))).to_be_visible()
    expect(annecy_main.get_by_text("Claire Lacroix (by Marc Bouvier)")).to_be_visible()
    expect(annecy_main.get_by_text("Adopté : 5 000 €.")).to_be_visible()
    check_accessibility(annecy)
    assert Minutes.objects.get(meeting=the.meeting).is_approved

    for page in (staff, arve, annecy, secretary):
        page.context.close()
