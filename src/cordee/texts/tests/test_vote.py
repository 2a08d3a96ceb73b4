"""The final version: frozen, put to a yes / no vote, adopted (or not) with its date."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cordee.texts.models import TextStatus
from cordee.texts.services import (
    amendment_propose,
    text_freeze,
    text_put_to_vote,
    texts_record_outcomes,
    version_blocks,
)
from cordee.voting.models import Elector, Vote
from cordee.voting.services import ballot_cast, vote_close

pytestmark = pytest.mark.django_db


def _vote_settings(**fields):
    now = timezone.now()
    return {
        "description": "Adoptez-vous la charte ?",
        "threshold": "two_thirds",
        "quorum_percent": "0",
        "opens_at": (now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "electorate": "organisations",
        "weighting": "equal",
        "secret": "on",
        **fields,
    }


def test_freezing_needs_every_amendment_answered(charter, member, head, client_as):
    amendment_propose(
        text=charter,
        paragraph=version_blocks(charter.current_version)[2].paragraph,
        kind="delete",
        proposed="",
        justification="Inutile.",
        base_version=charter.current_version,
        by=member,
    )
    with pytest.raises(ValidationError, match="1 amendment is waiting for an answer"):
        text_freeze(text=charter, by=head)
    client_as("head").post(reverse("texts:freeze", args=[charter.public_id]))
    charter.refresh_from_db()
    assert charter.status == TextStatus.DRAFTING


def test_a_frozen_text_takes_no_more_amendments_or_comments(charter, head, client_as):
    text_freeze(text=charter, by=head)
    paragraph = version_blocks(charter.current_version)[2].paragraph
    response = client_as("member").get(
        reverse("texts:amend", args=[charter.public_id, paragraph.public_id])
    )
    assert response.status_code == 302
    response = client_as("member").post(
        reverse("texts:comment", args=[charter.public_id, paragraph.public_id]),
        {"body": "Trop tard ?"},
    )
    assert response.status_code == 400
    assert "no longer open to amendments and comments" in response.content.decode()


def test_the_author_freezes_staff_put_it_to_the_vote_and_it_is_adopted(
    charter, head, staff, client_as, network
):
    assert (
        client_as("head").post(reverse("texts:freeze", args=[charter.public_id])).status_code == 302
    )
    charter.refresh_from_db()
    assert charter.status == TextStatus.FROZEN
    url = reverse("texts:put_to_vote", args=[charter.public_id])
    assert client_as("head").get(url).status_code == 403  # the author is not staff
    form = client_as("staff").get(url)
    assert "Adoptez" not in form.content.decode()
    assert 'value="two_thirds"' in form.content.decode()
    response = client_as("staff").post(url, _vote_settings())
    vote = Vote.objects.get()
    assert response.status_code == 302
    assert response.url == vote.get_absolute_url()
    assert vote.method == "yes_no"
    assert vote.title == "Adopt “Charte de la coopération” (version 1)"
    assert vote.opened_at is not None
    charter.refresh_from_db()
    assert charter.vote == vote
    # Bouvier and Lacroix vote yes, the vote closes.
    from cordee.network.access import Access

    for elector in Elector.objects.filter(vote=vote, organisation__slug="bouvier"):
        ballot_cast(
            vote=vote,
            elector=elector,
            choices={"answer": "yes"},
            by=head,
            access=Access.for_user(head),
        )
    vote_close(vote=vote, by=staff)
    page = client_as("member").get(charter.get_absolute_url()).content.decode()
    charter.refresh_from_db()
    assert charter.status == TextStatus.ADOPTED
    assert charter.adopted_on == timezone.localdate()
    assert "Adopted on" in page
    assert "Yes: 1, no: 0, abstentions: 0." in page


def test_a_vote_that_fails_leaves_the_text_not_adopted(charter, head, staff):
    text_freeze(text=charter, by=head)
    now = timezone.now()
    vote = text_put_to_vote(
        text=charter,
        vote=Vote(opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(days=1)),
        by=staff,
    )
    vote_close(vote=vote, by=staff)  # nobody voted
    assert texts_record_outcomes() == 1
    charter.refresh_from_db()
    assert charter.status == TextStatus.NOT_ADOPTED
    assert charter.adopted_on is None


def test_a_vote_needs_a_frozen_text_and_a_future_closing(charter, head, staff, client_as):
    now = timezone.now()
    with pytest.raises(ValidationError, match="Freeze the final version"):
        text_put_to_vote(
            text=charter, vote=Vote(opens_at=now, closes_at=now + timedelta(days=1)), by=staff
        )
    text_freeze(text=charter, by=head)
    past = _vote_settings(
        opens_at=(now - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        closes_at=(now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
    )
    response = client_as("staff").post(reverse("texts:put_to_vote", args=[charter.public_id]), past)
    assert response.status_code == 400
    assert "The closing time is past" in response.content.decode()
    assert not Vote.objects.exists()
    charter.refresh_from_db()
    assert charter.vote is None


def test_reopening_is_refused_once_a_vote_is_prepared(charter, head, staff, client_as):
    text_freeze(text=charter, by=head)
    client_as("head").post(reverse("texts:reopen", args=[charter.public_id]))
    charter.refresh_from_db()
    assert charter.status == TextStatus.DRAFTING
    text_freeze(text=charter, by=head)
    now = timezone.now()
    text_put_to_vote(
        text=charter, vote=Vote(opens_at=now, closes_at=now + timedelta(days=1)), by=staff
    )
    client_as("head").post(reverse("texts:reopen", args=[charter.public_id]))
    charter.refresh_from_db()
    assert charter.status == TextStatus.FROZEN


def test_staff_record_a_decision_from_an_adopted_text(charter, head, staff, client_as):
    text_freeze(text=charter, by=head)
    now = timezone.now()
    vote = text_put_to_vote(
        text=charter,
        vote=Vote(opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(days=1)),
        by=staff,
    )
    from cordee.network.access import Access

    for elector in Elector.objects.filter(vote=vote, organisation__slug="bouvier"):
        ballot_cast(
            vote=vote,
            elector=elector,
            choices={"answer": "yes"},
            by=head,
            access=Access.for_user(head),
        )
    vote_close(vote=vote, by=staff)
    texts_record_outcomes()
    page = client_as("staff").get(charter.get_absolute_url()).content.decode()
    link = f"{reverse('decisions:create')}?origin=texts.text%3A{charter.pk}"
    assert "Decisions taken" in page
    assert link in page
    assert client_as("staff").get(link).status_code == 200
    assert link not in client_as("member").get(charter.get_absolute_url()).content.decode()
