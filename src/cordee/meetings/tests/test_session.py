"""A meeting in session: attendance, proxies and their cap, the live quorum, votes in the
room by the members present or represented."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cordee.meetings.models import Attendance, BodyRules, MeetingProxy, Presence
from cordee.meetings.services import (
    attendance_record,
    item_vote_open,
    meeting_open,
    meeting_quorum,
    proxy_record,
)
from cordee.network.access import Access
from cordee.voting.models import Elector, ElectorateKind, Vote
from cordee.voting.services import ballot_cast, electors_for, vote_close


def mark(meeting, person, status, by):
    line = Attendance.objects.get(meeting=meeting, person=person)
    attendance_record(meeting=meeting, attendance=line, status=status, by=by)


@pytest.fixture
def session(meeting, board):
    """The meeting has started: its roll call lists the six members."""
    meeting_open(meeting=meeting, by=board.secretary)
    meeting.refresh_from_db()
    return meeting


def test_the_roll_call_lists_the_members_of_the_day(session):
    assert Attendance.objects.filter(meeting=session, status=Presence.UNKNOWN).count() == 6


def test_attendance_taken_with_htmx_returns_the_roll_and_the_quorum(session, board, client_as):
    line = Attendance.objects.get(meeting=session, person=board.expert)
    url = reverse("meetings:attendance_mark", args=[session.public_id, line.public_id])
    response = client_as("member").post(url, {"status": "present"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert response.status_code == 200
    assert content.strip().startswith('<div id="roll">') and "<html" not in content
    assert "1 of 6 members present or represented" in content
    line.refresh_from_db()
    assert line.status == Presence.PRESENT


def test_attendance_taken_without_javascript_reloads_the_page(session, board, client_as):
    line = Attendance.objects.get(meeting=session, person=board.expert)
    url = reverse("meetings:attendance_mark", args=[session.public_id, line.public_id])
    response = client_as("member").post(url, {"status": "excused"})
    assert response.status_code == 302
    assert response.url == reverse("meetings:attendance", args=[session.public_id])
    line.refresh_from_db()
    assert line.status == Presence.EXCUSED


def test_a_member_cannot_take_attendance(session, board, client_as):
    line = Attendance.objects.get(meeting=session, person=board.expert)
    url = reverse("meetings:attendance_mark", args=[session.public_id, line.public_id])
    assert client_as("expert").post(url, {"status": "present"}).status_code == 403


def test_the_quorum_counts_people_present_and_represented(session, board):
    chair, secretary, a = board.chair, board.secretary, board.others[0]
    mark(session, chair, "present", secretary)
    mark(session, secretary, "present", secretary)
    assert not meeting_quorum(session).reached  # 2 of 6; 3 needed
    proxy_record(meeting=session, giver=a, holder=chair, by=secretary)
    state = meeting_quorum(session)
    assert (state.present, state.represented, state.required, state.reached) == (2, 1, 3, True)
    # The holder leaves: the proxy no longer counts.
    mark(session, chair, "absent", secretary)
    assert meeting_quorum(session).counted == 1


def test_a_proxy_given_by_someone_present_is_void(session, board):
    chair, secretary, a = board.chair, board.secretary, board.others[0]
    mark(session, chair, "present", secretary)
    proxy_record(meeting=session, giver=a, holder=chair, by=secretary)
    mark(session, a, "present", secretary)
    state = meeting_quorum(session)
    assert (state.present, state.represented) == (2, 0)
    with pytest.raises(ValidationError, match="marked present"):
        proxy_record(meeting=session, giver=a, holder=board.secretary, by=secretary)


def test_a_proxy_beyond_the_cap_is_refused_with_a_message(session, board, client_as):
    BodyRules.objects.create(body=board.body, proxy_cap=1)
    chair, a, b = board.chair, *board.others[:2]
    proxy_record(meeting=session, giver=a, holder=chair, by=board.secretary)
    response = client_as("member").post(
        reverse("meetings:proxies", args=[session.public_id]),
        {"giver": b.public_id, "holder": chair.public_id},
    )
    assert response.status_code == 400
    assert "already holds 1 proxy, the most allowed" in response.content.decode()
    assert MeetingProxy.objects.filter(meeting=session).count() == 1


def test_a_meeting_may_allow_more_proxies_than_its_body(session, board):
    BodyRules.objects.create(body=board.body, proxy_cap=1)
    session.proxy_cap = 2
    session.save()
    chair, a, b = board.chair, *board.others[:2]
    proxy_record(meeting=session, giver=a, holder=chair, by=board.secretary)
    proxy_record(meeting=session, giver=b, holder=chair, by=board.secretary)


def test_proxies_do_not_pass_on_nor_go_outside_the_body(session, board, outsider):
    a, b, c = board.others
    proxy_record(meeting=session, giver=a, holder=b, by=board.secretary)
    with pytest.raises(ValidationError, match="do not pass on"):
        proxy_record(meeting=session, giver=b, holder=c, by=board.secretary)
    with pytest.raises(ValidationError, match="do not pass on"):
        proxy_record(meeting=session, giver=c, holder=a, by=board.secretary)
    with pytest.raises(ValidationError, match="not a member"):
        proxy_record(meeting=session, giver=c, holder=outsider, by=board.secretary)


def test_a_member_gives_their_own_proxy_before_the_meeting(meeting, board, client_as):
    response = client_as("expert").post(
        reverse("meetings:proxies", args=[meeting.public_id]),
        {"holder": board.chair.public_id, "giver": board.others[0].public_id},
    )
    assert response.status_code == 302
    proxy = MeetingProxy.objects.get()
    # The giver is the person logged in, whatever was posted.
    assert (proxy.giver, proxy.holder) == (board.expert, board.chair)


def test_a_vote_on_an_item_without_quorum_is_refused_with_a_message(session, board, client_as):
    mark(session, board.chair, "present", board.secretary)
    item = session.items.first()
    response = client_as("member").post(
        reverse("meetings:vote_open", args=[session.public_id, item.public_id]),
        {"title": "Adopter le budget", "method": "yes_no", "minutes": 10},
    )
    assert response.status_code == 400
    assert "The quorum is not reached: 1 member present or represented, 3 needed" in (
        response.content.decode()
    )
    assert 'value="Adopter le budget"' in response.content.decode()
    assert not Vote.objects.exists()


def test_members_present_and_represented_vote_in_the_room(session, board):
    chair, secretary, expert, a = board.chair, board.secretary, board.expert, board.others[0]
    for person in (chair, secretary):
        mark(session, person, "present", secretary)
    proxy_record(meeting=session, giver=a, holder=chair, by=secretary)
    item = session.items.first()
    vote = item_vote_open(
        item=item,
        title="Adopter le budget 2027",
        method="yes_no",
        options=[],
        secret=False,
        minutes=10,
        by=secretary,
    )
    assert vote.electorate == ElectorateKind.LISTED
    electors = Elector.objects.filter(vote=vote)
    assert {(e.person_id, e.proxy_person_id) for e in electors} == {
        (chair.pk, None),
        (secretary.pk, None),
        (a.pk, chair.pk),
    }
    # The chair votes for themselves and for the member they represent.
    held = electors_for(vote, Access.for_user(chair))
    assert [e.person_id for e in held] == [chair.pk, a.pk]
    for elector in held:
        ballot_cast(
            vote=vote,
            elector=elector,
            choices={"answer": "yes"},
            by=chair,
            access=Access.for_user(chair),
        )
    # Someone absent and unrepresented does not vote, nor sees the vote.
    assert electors_for(vote, Access.for_user(expert)) == []
    assert not Vote.objects.visible_to(Access.for_user(expert)).filter(pk=vote.pk).exists()
    vote_close(vote=vote, by=secretary)
    from cordee.voting.results import vote_results

    assert vote_results(vote).turnout.voted == 2


def test_the_meeting_page_shows_the_quorum_live(session, board, client_as):
    mark(session, board.chair, "present", board.secretary)
    response = client_as("expert").get(reverse("meetings:quorum", args=[session.public_id]))
    content = response.content.decode()
    assert "Quorum not reached." in content and 'hx-trigger="every 5s"' in content
    assert (
        client_as("funder").get(reverse("meetings:quorum", args=[session.public_id])).status_code
        == 403
    )


def test_only_those_who_vote_are_offered_the_ballot(session, board, client_as):
    for person in (board.chair, board.secretary, board.others[0]):
        mark(session, person, "present", board.secretary)
    item_vote_open(
        item=session.items.first(),
        title="Adopter le budget",
        method="yes_no",
        options=[],
        secret=True,
        minutes=10,
        by=board.secretary,
    )
    assert ">Vote</a>" in client_as("head").get(session.get_absolute_url()).content.decode()
    absent = client_as("expert").get(session.get_absolute_url()).content.decode()
    assert ">Vote</a>" not in absent and "You do not vote" in absent


def test_attendance_of_a_closed_meeting_is_refused_in_the_roll(session, board, client_as):
    from cordee.meetings.services import meeting_close

    meeting_close(meeting=session, by=board.secretary)
    line = Attendance.objects.get(meeting=session, person=board.expert)
    url = reverse("meetings:attendance_mark", args=[session.public_id, line.public_id])
    response = client_as("member").post(url, {"status": "present"}, HTTP_HX_REQUEST="true")
    assert 'role="alert"' in response.content.decode()
    assert "This meeting is closed" in response.content.decode()
    line.refresh_from_db()
    assert line.status == Presence.UNKNOWN
