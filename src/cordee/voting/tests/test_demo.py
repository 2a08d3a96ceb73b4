"""The demo's general assembly vote."""

from __future__ import annotations

import pytest

from cordee.network.access import Access
from cordee.network.demo import load_demo
from cordee.voting.demo import load_vote_demo
from cordee.voting.models import Elector, Proxy, Status, Vote
from cordee.voting.services import electors_for


@pytest.mark.django_db
def test_the_demo_opens_a_general_assembly_vote_with_a_proxy_once():
    from cordee.accounts.models import User

    load_demo()
    assert load_vote_demo() is True
    assert load_vote_demo() is False
    vote = Vote.objects.get()
    assert vote.status == Status.OPEN and vote.method == "judgment"
    assert Elector.objects.filter(vote=vote).count() > 50
    proxy = Proxy.objects.get(vote=vote)
    head = User.objects.get(email="head@example.org")
    # The demo head votes for their company and for the one whose proxy it holds.
    organisations = {e.organisation_id for e in electors_for(vote, Access.for_user(head))}
    assert organisations == {proxy.holder_id, proxy.giver_id}
