"""A listed electorate: the people given when the vote opens (a meeting's members present
or represented), each proxy holder casting for whom they represent."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cordee.network.access import Access
from cordee.voting.forms import VoteForm
from cordee.voting.models import Elector, Vote
from cordee.voting.services import ListedElector, ballot_cast, electors_for, vote_open
from cordee.voting.tests.factories import make_vote


@pytest.fixture
def listed(staff):
    return make_vote(staff, method="yes_no", options=[], electorate="listed")


def test_a_listed_vote_takes_the_people_given_and_only_them(listed, staff, head, member):
    vote_open(
        vote=listed,
        by=staff,
        listed=[
            ListedElector(person_id=head.pk),
            ListedElector(member.pk, proxy_person_id=head.pk),
        ],
    )
    assert Elector.objects.filter(vote=listed).count() == 2
    listed.refresh_from_db()
    access = Access.for_user(head)
    held = electors_for(listed, access)
    assert [e.person_id for e in held] == [head.pk, member.pk]
    for elector in held:
        ballot_cast(vote=listed, elector=elector, choices={"answer": "yes"}, by=head, access=access)
    assert listed.ballots.count() == 2
    # The member's vote is cast by the holder of their proxy, not by them.
    assert electors_for(listed, Access.for_user(member)) == []


def test_a_listed_vote_needs_its_list_and_other_votes_take_none(listed, staff, head):
    with pytest.raises(ValidationError, match="list of electors is empty"):
        vote_open(vote=listed, by=staff)
    other = make_vote(staff)
    with pytest.raises(ValidationError, match="Only a vote of listed people"):
        vote_open(vote=other, by=staff, listed=[ListedElector(person_id=head.pk)])


def test_a_listed_vote_is_seen_by_its_electors_and_managers_only(listed, staff, head, member):
    vote_open(vote=listed, by=staff, listed=[ListedElector(person_id=head.pk)])
    assert Vote.objects.visible_to(Access.for_user(head)).filter(pk=listed.pk).exists()
    assert Vote.objects.visible_to(Access.for_user(staff)).filter(pk=listed.pk).exists()
    assert not Vote.objects.visible_to(Access.for_user(member)).filter(pk=listed.pk).exists()


def test_staff_cannot_draft_a_listed_vote_by_hand(staff):
    choices = [key for key, _label in VoteForm().fields["electorate"].choices]
    assert "listed" not in choices and "organisations" in choices
