"""Many voters at once lose nothing; one elector casting twice at once gets one ballot."""

from __future__ import annotations

import random
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from cordee.accounts.models import User
from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import make_person
from cordee.network.models import Affiliation
from cordee.voting.models import Ballot, Participation
from cordee.voting.tests.factories import cast_as, grades, make_vote

VOTERS = 12


def _run_at_once(jobs):
    barrier = threading.Barrier(len(jobs))
    outcomes = []

    def run(job):
        barrier.wait()
        try:
            for _attempt in range(200):
                try:
                    outcomes.append(job())
                    return
                except ValidationError as error:
                    outcomes.append(error)
                    return
                except OperationalError as error:
                    # The in-memory test database (shared cache) fails at once where the
                    # file database of a real server waits (busy timeout): wait, retry.
                    if "locked" not in str(error):
                        raise
                    time.sleep(random.uniform(0.001, 0.02))
            outcomes.append(RuntimeError("still locked"))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_concurrent_voters_lose_no_ballot_and_a_double_cast_counts_once():
    network = build_test_network()
    staff = make_person("staff", network)
    voters = []
    for index in range(VOTERS):
        user = User.objects.create_user(f"voter{index}@test.example.org", "x" * 20)
        Affiliation.objects.create(person=user, organisation=network.bouvier)
        voters.append(user)
    vote = make_vote(staff, electorate="people", publish=True)

    outcomes = _run_at_once(
        [lambda user=user: cast_as(vote, user, grades(vote, 6, 3)) for user in voters]
    )
    assert all(isinstance(token, str) for token in outcomes), outcomes
    assert Ballot.objects.filter(vote=vote).count() == VOTERS
    assert Participation.objects.filter(elector__vote=vote).count() == VOTERS

    late = User.objects.create_user("late@test.example.org", "x" * 20)
    Affiliation.objects.create(person=late, organisation=network.bouvier)
    people_vote = make_vote(staff, electorate="people", publish=True)
    outcomes = _run_at_once(
        [lambda: cast_as(people_vote, late, grades(people_vote, 6)) for _ in range(4)]
    )
    assert sum(isinstance(token, str) for token in outcomes) == 1
    assert Ballot.objects.filter(vote=people_vote).count() == 1
    assert Participation.objects.filter(elector__vote=people_vote).count() == 1
