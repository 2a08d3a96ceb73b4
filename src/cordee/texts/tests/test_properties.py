"""Accepting amendments through the workflow gives the text that applying them, one after
the other, to the paragraphs gives: no paragraph lost, duplicated or misplaced."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cordee.texts.blocks import apply_change
from cordee.texts.services import amendment_answer, amendment_propose, version_blocks
from cordee.texts.tests.conftest import make_text

pytestmark = pytest.mark.django_db

wording = st.lists(
    st.sampled_from(["la", "charte", "engage", "<em>", "&", "les", "adhérents", "réseau."]),
    min_size=1,
    max_size=8,
).map(" ".join)

steps = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=50),  # which paragraph (modulo their number)
        st.sampled_from(["replace", "insert", "delete"]),
        wording,
        st.booleans(),  # accepted or rejected
    ),
    max_size=8,
)


class Rollback(Exception):
    pass


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=st.lists(wording, min_size=1, max_size=6), steps=steps)
def test_accepted_amendments_reproduce_the_new_version(head, member, paragraphs, steps):
    try:
        with transaction.atomic():
            _check(head, member, paragraphs, steps)
            raise Rollback
    except Rollback:
        pass


def _check(head, member, paragraphs, steps):
    text = make_text(head, markdown="\n\n".join(paragraphs))
    expected = [(s.paragraph_id, s.body) for s in version_blocks(text.current_version)]
    history = [expected]
    for index, kind, proposed, accept in steps:
        if not expected:
            break
        text.refresh_from_db()
        key, body = expected[index % len(expected)]
        if kind == "replace" and proposed == body:
            continue  # refused as no change; tested elsewhere
        amendment = amendment_propose(
            text=text,
            paragraph=text.paragraphs.get(pk=key),
            kind=kind,
            proposed=proposed,
            justification="Propriété.",
            base_version=text.current_version,
            by=member,
        )
        version = amendment_answer(amendment=amendment, accept=accept, answer="Vu.", by=head)
        if accept:
            amendment.refresh_from_db()
            new_key = (
                version_blocks(version)[[k for k, _ in expected].index(key) + 1].paragraph_id
                if kind == "insert"
                else None
            )
            expected = apply_change(
                expected,
                kind=kind,
                anchor=key,
                proposed="" if kind == "delete" else proposed,
                new_key=new_key,
            )
            history.append(expected)
        text.refresh_from_db()
        assert [(s.paragraph_id, s.body) for s in version_blocks(text.current_version)] == expected
    # Every version is kept as it was.
    versions = list(text.versions.order_by("number"))
    assert [[(s.paragraph_id, s.body) for s in version_blocks(v)] for v in versions] == history
