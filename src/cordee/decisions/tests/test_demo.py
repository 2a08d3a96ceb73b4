"""The demo's decisions."""

from __future__ import annotations

import pytest

from cordee.decisions.demo import DECISIONS, load_decisions_demo
from cordee.decisions.models import Action, Decision
from cordee.decisions.services import _may_follow
from cordee.governance.demo import load_governance_demo
from cordee.knowledge.search import search
from cordee.network.access import Access
from cordee.network.demo import load_demo
from cordee.network.scopes import Scope


@pytest.mark.django_db
def test_the_demo_records_the_bodies_decisions_with_their_follow_up_once():
    from cordee.accounts.models import User

    load_demo()
    load_governance_demo()
    load_decisions_demo()
    load_decisions_demo()
    decisions = Decision.objects.filter(title__in=[spec.title for spec in DECISIONS])
    assert decisions.count() == len(DECISIONS)
    assert {d.scope for d in decisions} == {Scope.PUBLIC, Scope.NETWORK, Scope.TERRITORY}
    assert Action.objects.overdue().exists() and Action.objects.filter(status="done").exists()
    for action in Action.objects.select_related("decision", "owner").exclude(owner=None):
        assert _may_follow(action.owner, action.decision), action
        assert action.due_on >= action.decision.decided_on
    funder = User.objects.get(email="funder@example.org")
    found = search(access=Access.for_user(funder), query="régleurs")
    assert "Création d'un groupement d'employeurs pour les régleurs sur machines" in {
        hit.title for hit in found.hits
    }
