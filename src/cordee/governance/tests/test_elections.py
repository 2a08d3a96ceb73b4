"""Branch elections: staff open a vote of the branch's member organisations, close it,
and confirm the delegates, who then sit in the board."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cordee.governance.models import BranchElection, Mandate, MandateRole
from cordee.governance.services import election_confirm, election_open, network_affiliations
from cordee.network.models import Affiliation, Membership
from cordee.notifications.models import Notification
from cordee.voting.models import Elector
from cordee.voting.services import vote_close
from cordee.voting.tests.factories import cast_as, grades

pytestmark = pytest.mark.django_db


@pytest.fixture
def arve(network, head, member):
    """Arvis pays its dues and Thomas Revillard heads it: two organisations vote in the Arve."""
    Membership.objects.filter(organisation=network.arvis).update(status="paid")
    Affiliation.objects.filter(person=member).update(is_head=True)
    return network


def _open(bodies, staff, seats=1, **fields):
    now = timezone.now()
    values = {
        "title": "Élection des délégués de l'antenne de l'Arve",
        "candidates": list(network_affiliations(bodies.branch)),
        "seats": seats,
        "opens_at": now - timedelta(minutes=1),
        "closes_at": now + timedelta(days=7),
        **fields,
    }
    return election_open(branch=bodies.branch, by=staff, **values)


def test_electorate_is_the_branchs_member_organisations_with_dues_paid(arve, bodies, staff, expert):
    election = _open(bodies, staff)
    vote = election.vote
    assert vote.territory == arve.arve
    electors = set(Elector.objects.filter(vote=vote).values_list("organisation__slug", flat=True))
    assert electors == {"bouvier", "arvis"}  # not Lacroix, of the Annecy basin
    assert [c.person.last_name for c in election.candidates.all()] == ["Bouvier", "Revillard"]


def test_candidates_are_told(arve, bodies, staff, head, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _open(bodies, staff)
    for person in (head, member):
        assert Notification.objects.filter(recipient=person, kind="governance.candidacy").exists()


def test_a_candidate_of_another_territory_is_refused(arve, bodies, staff, expert):
    candidates = [
        *list(network_affiliations(bodies.branch)),
        Affiliation.objects.get(person=expert),
    ]
    with pytest.raises(ValidationError, match="Nadia Benali cannot stand"):
        _open(bodies, staff, candidates=candidates)
    assert not BranchElection.objects.exists()


def test_fewer_candidates_than_seats_is_refused(arve, bodies, staff):
    with pytest.raises(ValidationError, match="at least as many as delegates"):
        _open(bodies, staff, seats=3)


def test_one_election_at_a_time(arve, bodies, staff):
    _open(bodies, staff)
    with pytest.raises(ValidationError, match="under way"):
        _open(bodies, staff)


def test_confirming_seats_the_winners_in_the_board(
    arve, bodies, staff, head, member, seat, django_capture_on_commit_callbacks
):
    earlier = seat(
        bodies.board, head, arve.bouvier, role=MandateRole.DELEGATE, branch=bodies.branch
    )
    election = _open(bodies, staff)
    vote = election.vote
    with pytest.raises(ValidationError, match="not closed yet"):
        election_confirm(election=election, starts_on=timezone.localdate(), by=staff)
    cast_as(vote, head, grades(vote, 2, 5))  # Bouvier, Revillard
    cast_as(vote, member, grades(vote, 1, 6))
    vote_close(vote=vote, by=staff)
    election.refresh_from_db()
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        mandates = election_confirm(
            election=election, starts_on=today, ends_on=date(today.year + 3, 6, 30), by=staff
        )
    assert [(m.person, m.body, m.role, m.source, m.election) for m in mandates] == [
        (member, bodies.board, "delegate", "elected", vote)
    ]
    assert mandates[0].organisation == arve.arvis
    earlier.refresh_from_db()
    assert earlier.ends_on == today - timedelta(days=1)  # the branch's former delegate
    assert Notification.objects.filter(recipient=member, kind="governance.mandate").exists()
    with pytest.raises(ValidationError, match="already confirmed"):
        election_confirm(election=election, starts_on=today, by=staff)


def test_a_tie_across_the_last_seat_needs_staff_to_choose(arve, bodies, staff, head, member):
    election = _open(bodies, staff)
    vote = election.vote
    cast_as(vote, head, grades(vote, 4, 4))
    vote_close(vote=vote, by=staff)
    election.refresh_from_db()
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="tied for the last seat"):
        election_confirm(election=election, starts_on=today, by=staff)
    chosen = election.candidates.get(person=member)
    [mandate] = election_confirm(election=election, starts_on=today, tie_break=[chosen], by=staff)
    assert mandate.person == member


def test_staff_run_the_election_through_the_pages(arve, client_as, bodies, head, member):
    client = client_as("coordinator")
    affiliations = list(network_affiliations(bodies.branch))
    now = timezone.localtime()
    response = client.post(
        reverse("governance:election_create", args=[bodies.branch.slug]),
        {
            "title": "Élection",
            "candidates": [a.pk for a in affiliations],
            "seats": 1,
            "method": "judgment",
            "opens_at": (now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    election = BranchElection.objects.get()
    url = reverse("governance:election", args=[election.vote.public_id])
    assert response.url == url
    # Before the vote closes, nothing to confirm.
    response = client.post(url, {"starts_on": "2026-01-01"})
    assert response.status_code == 302
    assert not Mandate.objects.exists()
    vote = election.vote
    cast_as(vote, head, grades(vote, 6, 1))
    vote_close(vote=vote)
    page = client.get(url).content.decode()
    assert "Confirm the delegates" in page
    response = client.post(url, {"starts_on": "2026-01-01", "ends_on": "2025-01-01"})
    assert response.status_code == 400
    assert "Mandates cannot end before they start." in response.content.decode()
    response = client.post(url, {"starts_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    board_page = client_as("visitor").get(bodies.board.get_absolute_url()).content.decode()
    assert "Marc Bouvier" in board_page


def test_bad_election_form_keeps_what_was_right(arve, client_as, bodies):
    response = client_as("staff").post(
        reverse("governance:election_create", args=[bodies.branch.slug]),
        {
            "title": "Élection de printemps",
            "seats": 1,
            "method": "judgment",
            "opens_at": "2030-01-02T10:00",
            "closes_at": "2030-01-01T10:00",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The vote closes after it opens" in page
    assert "Élection de printemps" in page
    assert not BranchElection.objects.exists()


def test_results_link_on_the_board_shows_to_those_who_may_see_the_vote(
    arve, client_as, bodies, staff, head, member
):
    election = _open(bodies, staff)
    vote = election.vote
    cast_as(vote, head, grades(vote, 6, 1))
    vote_close(vote=vote, by=staff)
    election.refresh_from_db()
    election_confirm(election=election, starts_on=timezone.localdate(), by=staff)
    results = f"{vote.get_absolute_url()}results/"
    assert results in client_as("head").get(bodies.board.get_absolute_url()).content.decode()
    assert results not in client_as("visitor").get(bodies.board.get_absolute_url()).content.decode()
