"""The demo's co-written texts."""

from __future__ import annotations

import pytest

from cordee.network.demo import load_demo
from cordee.texts.demo import COOPERATION, MUTUAL_AID, STATUTES, load_texts_demo
from cordee.texts.models import AmendmentStatus, Text, TextStatus


@pytest.mark.django_db
def test_the_demo_loads_a_charter_being_amended_and_adopted_texts_once():
    load_demo()
    load_texts_demo()
    load_texts_demo()
    assert Text.objects.count() == 3
    charter = Text.objects.get(title=COOPERATION)
    assert charter.status == TextStatus.DRAFTING
    assert charter.current_version.blocks.count() == 26  # 25, and one inserted paragraph
    statuses = set(charter.amendments.values_list("status", flat=True))
    assert statuses == set(AmendmentStatus.values)
    assert charter.comments.count() >= 5
    for title in (STATUTES, MUTUAL_AID):
        adopted = Text.objects.get(title=title)
        assert adopted.status == TextStatus.ADOPTED
        assert adopted.vote.is_closed
        assert adopted.adopted_on < charter.created_at.date()
