from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.utils import translation

from cordee.governance.models import Body, BodyKind, Mandate, MandateRole, MandateSource


@pytest.fixture(autouse=True)
def in_english(settings):
    """These tests read English wording, whatever the default language says."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def bodies(network) -> SimpleNamespace:
    """The network's board (3 seats) and the Arve branch, which sends it one delegate."""
    board = Body.objects.create(
        name="Conseil d'administration", slug="conseil-administration", kind=BodyKind.BOARD, seats=3
    )
    branch = Body.objects.create(
        name="Antenne Vallée de l'Arve",
        slug="antenne-arve",
        kind=BodyKind.BRANCH,
        territory=network.arve,
        delegates_to=board,
        seats=1,
    )
    annecy = Body.objects.create(
        name="Antenne Bassin annécien",
        slug="antenne-annecy",
        kind=BodyKind.BRANCH,
        territory=network.annecy,
        delegates_to=board,
        seats=1,
    )
    return SimpleNamespace(board=board, branch=branch, annecy=annecy)


@pytest.fixture
def seat():
    """``seat(body, person, organisation, role=..., **fields)`` records a mandate as is."""

    def make(body, person, organisation, role=MandateRole.MEMBER, **fields):
        fields.setdefault("starts_on", date(2024, 1, 1))
        fields.setdefault("source", MandateSource.ELECTED)
        return Mandate.objects.create(
            body=body, person=person, organisation=organisation, role=role, **fields
        )

    return make
