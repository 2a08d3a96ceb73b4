"""A person's mandates are exported; erasure ends the current ones and keeps the record."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cordee.accounts.personal_data import erasers, exporters
from cordee.governance.models import Mandate

pytestmark = pytest.mark.django_db


def test_mandates_are_exported(bodies, seat, head, network):
    seat(bodies.board, head, network.bouvier, role="treasurer")
    exported = exporters()["mandates"](head)
    assert exported["mandates"][0]["body"] == "Conseil d'administration"
    assert exported["mandates"][0]["role"] == "treasurer"


def test_erasure_ends_current_mandates_and_keeps_past_ones(bodies, seat, head, network):
    today = timezone.localdate()
    past = seat(bodies.board, head, network.bouvier, ends_on=date(2024, 6, 30))
    current = seat(bodies.board, head, network.bouvier, role="chair", starts_on=date(2024, 7, 1))
    seat(bodies.branch, head, network.bouvier, starts_on=today + timedelta(days=3))
    erasers()["mandates"](head)
    current.refresh_from_db()
    past.refresh_from_db()
    assert current.ends_on == today - timedelta(days=1)
    assert past.ends_on == date(2024, 6, 30)
    assert Mandate.objects.filter(person=head).count() == 2  # the future one is gone
