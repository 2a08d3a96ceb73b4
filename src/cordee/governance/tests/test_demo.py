"""The demo's bodies: loaded from the demo network, again without change."""

from __future__ import annotations

import pytest

from cordee.governance.demo import load_governance_demo
from cordee.governance.models import Body, Mandate
from cordee.network.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_governance_is_complete_and_idempotent():
    load_demo()
    load_governance_demo()
    slugs = set(Body.objects.values_list("slug", flat=True))
    assert {
        "assemblee-generale",
        "conseil-administration",
        "bureau",
        "antenne-arve",
        "antenne-annecy",
        "antenne-chablais",
        "club-rse",
    } <= slugs
    board = Body.objects.get(slug="conseil-administration")
    current = Mandate.objects.filter(body=board).current()
    assert current.count() == board.seats == 12
    assert {"chair", "secretary", "treasurer", "delegate"} <= set(
        current.values_list("role", flat=True)
    )
    assert set(current.exclude(branch=None).values_list("branch__slug", flat=True)) == {
        "antenne-arve",
        "antenne-annecy",
        "antenne-chablais",
    }
    assert current.filter(person__email="head@example.org", role="treasurer").exists()
    count = Mandate.objects.count()
    load_governance_demo()
    assert Mandate.objects.count() == count
