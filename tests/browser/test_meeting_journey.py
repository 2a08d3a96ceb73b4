"""The meetings part of the governance issue's journey: a board meeting is held. The
secretary starts it and takes attendance without reloading the page; a member gives
their proxy to the chair; the quorum, shown live on the chair's page, is reached; a
vote opened before it was refused; the chair votes in the room on a phone, for
themselves and for the member they represent; the secretary writes the minutes, the
chair approves them after the review, and approved minutes can no longer be edited."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import make_person
from cordee.governance.models import Body, BodyKind, Mandate, MandateRole
from cordee.meetings.models import AgendaItem, Meeting, Minutes
from tests.browser.test_network_journey import open_as

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_meeting_journey(
    browser: Browser, live_server, check_accessibility: Callable[[Page], None]
) -> None:
    network = build_test_network()
    head = make_person("head", network)  # chairs the board
    member = make_person("member", network)  # its secretary
    expert = make_person("expert", network)
    fourth = make_person("member", network, email="board4@test.example.org", last_name="Zed")
    board = Body.objects.create(
        name="Conseil d'administration", slug="conseil-administration", kind=BodyKind.BOARD
    )
    since = timezone.localdate() - timedelta(days=200)
    for person, role in (
        (head, MandateRole.CHAIR),
        (member, MandateRole.SECRETARY),
        (expert, MandateRole.MEMBER),
        (fourth, MandateRole.MEMBER),
    ):
        Mandate.objects.create(body=board, person=person, role=role, starts_on=since)
    meeting = Meeting.objects.create(
        body=board,
        title="Conseil de décembre",
        starts_at=timezone.now() + timedelta(minutes=10),
        place="Cluses, salle du conseil",
        video_url="https://visio.example.org/conseil",
    )
    AgendaItem.objects.create(meeting=meeting, order=0, title="Budget 2027")
    AgendaItem.objects.create(meeting=meeting, order=1, title="Adhésions")
    url = meeting.get_absolute_url()

    # 1. The secretary finds the meeting in their list, convenes and starts it.
    secretary = open_as(browser, live_server.url, member)
    main = secretary.get_by_role("main")
    secretary.goto("/meetings/")
    main.get_by_role("link", name="Conseil de décembre").first.click()
    check_accessibility(secretary)
    main.get_by_role("button", name="Send the convocation now").click()
    expect(secretary.get_by_text("The convocation is on its way to the members.")).to_be_visible()
    main.get_by_role("button", name="Start the meeting").click()
    expect(main.get_by_role("heading", name="Attendance: Conseil de décembre")).to_be_visible()

    # 2. The expert cannot come and gives their proxy to the chair.
    giver = open_as(browser, live_server.url, expert)
    giver.goto(url)
    giver.get_by_role("main").get_by_role("link", name="Give my proxy").click()
    giver.get_by_label("Held by").select_option(label="Marc Bouvier")
    giver.get_by_role("button", name="Give my proxy").click()
    expect(giver.get_by_text("Proxy recorded.")).to_be_visible()
    check_accessibility(giver)

    # 3. The chair follows the meeting on a phone: no quorum yet.
    chair = open_as(browser, live_server.url, head)
    chair.set_viewport_size(PHONE)
    chair.goto(url)
    chair_quorum = chair.locator("#quorum")
    expect(chair_quorum).to_contain_text("Quorum not reached.")

    # 4. The secretary marks themselves present: the roll call updates without reloading.
    secretary.evaluate("window.notReloaded = true")
    main.get_by_role("button", name="Present : Thomas Revillard").click()
    expect(secretary.locator("#quorum")).to_contain_text("1 of 4 members present or represented")
    assert secretary.evaluate("window.notReloaded") is True
    check_accessibility(secretary)

    # 5. A vote before the quorum is refused, and says why.
    secretary.goto(url)
    main.get_by_role("link", name="Open a vote on Budget 2027").click()
    main.get_by_label("Question").fill("Adopter le budget 2027")
    main.get_by_role("button", name="Open the vote").click()
    expect(
        main.get_by_text(re.compile("The quorum is not reached: 1 member present"))
    ).to_be_visible()
    expect(main.get_by_label("Question")).to_have_value("Adopter le budget 2027")

    # 6. The chair arrives: with the expert's proxy, the quorum is reached, live on the phone.
    secretary.goto(f"/meetings/{meeting.public_id}/attendance/")
    main.get_by_role("button", name="Present : Marc Bouvier").click()
    expect(main.get_by_text("holds the proxy of Nadia Benali")).to_be_visible()
    expect(secretary.locator("#quorum")).to_contain_text("Quorum reached.")
    expect(chair_quorum).to_contain_text("Quorum reached.", timeout=15_000)
    expect(chair_quorum).to_contain_text("3 of 4 members present or represented")

    # 7. The vote opens in the room; the chair votes on the phone for two.
    secretary.goto(url)
    main.get_by_role("link", name="Open a vote on Budget 2027").click()
    main.get_by_role("button", name="Open the vote").click()
    expect(main.get_by_role("heading", name="Budget 2027")).to_be_visible()
    chair.goto(url)
    chair_main = chair.get_by_role("main")
    chair_main.get_by_role("link", name="Vote", exact=True).click()
    for elector in ("Marc Bouvier", "Nadia Benali"):
        chair_main.get_by_role("group", name="You vote for").get_by_label(elector).check()
        chair_main.get_by_role("group", name="Budget 2027").get_by_label("Yes").check()
        chair_main.get_by_role("button", name="Cast my ballot").click()
        expect(chair_main.get_by_role("heading", name="Your ballot is cast")).to_be_visible()
        chair.goto(chair.url.split("cast/")[0])
    check_accessibility(chair)

    # 8. The secretary closes the vote and the meeting: the result is on the page.
    secretary.goto(url)
    main.get_by_role("button", name="Close the vote").click()
    expect(main.get_by_text("Adopted.")).to_be_visible()
    main.get_by_role("button", name="Close the meeting").click()
    expect(main.get_by_text("held", exact=True)).to_be_visible()

    # 9. Minutes: written, shown for review, approved by the chair once the review ended.
    main.get_by_role("link", name="Read the minutes").or_(
        main.get_by_role("link", name="Minutes")
    ).first.click()
    main.get_by_role("link", name="Write the minutes").click()
    main.get_by_label("Minutes").fill(
        "## 1. Budget 2027\nLe budget est adopté.\n\n## 2. Adhésions\nReportées."
    )
    main.get_by_role("button", name="Save the minutes").click()
    main.get_by_role("button", name="Show to the participants for comments").click()
    expect(secretary.get_by_text("shown to the participants for their comments")).to_be_visible()
    Minutes.objects.filter(meeting=meeting).update(review_until=timezone.now())  # a week later
    chair.goto(f"/meetings/{meeting.public_id}/minutes/")
    chair.get_by_role("button", name="Approve the minutes").click()
    expect(chair.get_by_text("The minutes are approved")).to_be_visible()
    check_accessibility(chair)

    # 10. Approved minutes cannot be edited: the secretary is told, and how to correct them.
    secretary.goto(f"/meetings/{meeting.public_id}/minutes/edit/")
    expect(
        secretary.get_by_text("These minutes are approved: they can no longer change.")
    ).to_be_visible()
    main.get_by_label("Minutes").fill("Réécrit après coup")
    main.get_by_role("button", name="Save the minutes").click()
    expect(
        main.get_by_text("These minutes are approved: they can no longer change.").first
    ).to_be_visible()
    assert Minutes.objects.get(meeting=meeting).text.startswith("## 1. Budget 2027")

    # 11. A visitor reads the approved minutes of the board, not its video link.
    visitor = open_as(browser, live_server.url, None)
    visitor.goto(url)
    expect(visitor.get_by_role("heading", name="Conseil de décembre")).to_be_visible()
    expect(visitor.get_by_text("visio.example.org")).to_have_count(0)
    visitor.get_by_role("link", name="Read the minutes").click()
    expect(visitor.get_by_text("Le budget est adopté.")).to_be_visible()
    check_accessibility(visitor)
    for page in (secretary, giver, chair, visitor):
        page.context.close()
