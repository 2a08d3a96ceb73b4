from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from cordee.decisions.models import Decision
from cordee.decisions.services import ActionDraft, decision_record
from cordee.governance.models import Body, BodyKind, Mandate, MandateRole
from cordee.network.scopes import Scope


@pytest.fixture(autouse=True)
def in_english(settings):
    """These tests read English wording, whatever the default language (French) says."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def board(network):
    return Body.objects.create(name="Conseil d'administration", slug="ca", kind=BodyKind.BOARD)


@pytest.fixture
def arve_branch(network):
    return Body.objects.create(
        name="Antenne Vallée de l'Arve",
        slug="antenne-arve",
        kind=BodyKind.BRANCH,
        territory=network.arve,
    )


@pytest.fixture
def secretary(board, head):
    """The company head is the board's secretary."""
    Mandate.objects.create(
        body=board,
        person=head,
        role=MandateRole.SECRETARY,
        starts_on=timezone.localdate() - timedelta(days=30),
    )
    return head


def make_decision(
    by, *, title="Créer un club maintenance", scope=Scope.NETWORK, **kwargs
) -> Decision:
    kwargs.setdefault("decided_on", timezone.localdate() - timedelta(days=10))
    kwargs.setdefault("text", "Le conseil **décide** de créer un club.")
    return decision_record(title=title, by=by, scope=scope, **kwargs)


@pytest.fixture
def public_decision(staff, board, member):
    return make_decision(
        staff,
        title="Publier le bilan annuel des actions",
        scope=Scope.PUBLIC,
        body=board,
        rationale="Les financeurs demandent de la transparence.",
        actions=[
            ActionDraft(
                "Rédiger le bilan", owner=member, due_on=timezone.localdate() - timedelta(days=2)
            ),
            ActionDraft(
                "Le mettre en ligne", owner=member, due_on=timezone.localdate() + timedelta(days=20)
            ),
        ],
    )


@pytest.fixture
def members_decision(staff, board):
    return make_decision(staff, title="Augmenter la cotisation de 5 %", body=board)


@pytest.fixture
def arve_decision(coordinator, arve_branch, network):
    return make_decision(
        coordinator,
        title="Visite d'usine à Cluses",
        scope=Scope.TERRITORY,
        scope_territory=network.arve,
        body=arve_branch,
    )


__all__ = ["date", "make_decision"]
