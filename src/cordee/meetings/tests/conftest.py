from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from cordee.core.testing.personas import make_person
from cordee.governance.models import Body, BodyKind, Mandate, MandateRole
from cordee.meetings.models import AgendaItem, Meeting


@pytest.fixture(autouse=True)
def in_english(settings):
    """These tests read English wording, whatever the default language says."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def seat(body: Body, person, role: str = MandateRole.MEMBER) -> Mandate:
    return Mandate.objects.create(
        body=body, person=person, role=role, starts_on=timezone.localdate() - timedelta(days=400)
    )


@pytest.fixture
def board(network, head, member, expert) -> SimpleNamespace:
    """The board: the head chairs it, the member is its secretary, the expert and three
    more people sit in it (six members: half is three)."""
    body = Body.objects.create(name="Conseil d'administration", slug="conseil", kind=BodyKind.BOARD)
    seat(body, head, MandateRole.CHAIR)
    seat(body, member, MandateRole.SECRETARY)
    seat(body, expert)
    others = [
        make_person("member", network, email=f"board{n}@test.example.org", last_name=f"Zed{n}")
        for n in range(3)
    ]
    for other in others:
        seat(body, other)
    return SimpleNamespace(body=body, chair=head, secretary=member, expert=expert, others=others)


@pytest.fixture
def meeting(board, member) -> Meeting:
    """A board meeting in ten days, with two agenda items."""
    meeting = Meeting.objects.create(
        body=board.body,
        title="Conseil de décembre",
        starts_at=timezone.now() + timedelta(days=10),
        place="Cluses, salle du conseil",
        created_by=member,
    )
    AgendaItem.objects.create(meeting=meeting, order=0, title="Budget 2027")
    AgendaItem.objects.create(meeting=meeting, order=1, title="Adhésions")
    return meeting
