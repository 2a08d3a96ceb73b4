from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cordee.audit.models import AuditEvent
from cordee.consultations.models import Consultation, ContributionStatus, Phase
from cordee.consultations.services import (
    consultation_move,
    consultation_vote_prepare,
    consultations_advance_due,
    contribution_create,
    contribution_set_status,
    synthesis_save,
)
from cordee.consultations.tests.factories import make_consultation
from cordee.network.access import Access
from cordee.notifications.models import Notification
from cordee.voting.services import vote_close


def test_opening_tells_the_members_of_the_scope(
    network, staff, member, expert, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        consultation = make_consultation(staff)
    told = set(
        Notification.objects.filter(kind="consultations.opened").values_list("recipient", flat=True)
    )
    assert {member.pk, expert.pk} <= told
    assert outsider.pk not in told  # a lapsed member
    assert consultation.phase == Phase.CONTRIBUTIONS
    assert AuditEvent.objects.filter(action="consultation.opened").exists()


def test_a_draft_is_seen_by_its_organisers_only(client_as, network, staff):
    draft = make_consultation(staff, publish=False)
    assert client_as("member").get(draft.get_absolute_url()).status_code == 404
    assert client_as("staff").get(draft.get_absolute_url()).status_code == 200


def test_phases_move_forward_by_date(consultation, staff, head):
    later = timezone.now() + timedelta(days=15)
    assert consultations_advance_due(now=later) == 1
    consultation.refresh_from_db()
    assert consultation.phase == Phase.COCONSTRUCTION
    with pytest.raises(ValidationError, match="contributions phase is over"):
        contribution_create(
            consultation=consultation,
            kind="idea",
            title="t",
            body="b",
            by=head,
            access=Access.for_user(head),
        )
    assert consultations_advance_due(now=timezone.now() + timedelta(days=29)) == 1
    consultation.refresh_from_db()
    assert consultation.phase == Phase.VOTE


def test_phases_never_move_backwards(consultation, staff):
    consultation_move(consultation=consultation, to=Phase.VOTE, by=staff)
    with pytest.raises(ValidationError):
        consultation_move(consultation=consultation, to=Phase.COCONSTRUCTION, by=staff)


def test_phase_changes_tell_the_participants(
    consultation, staff, head, django_capture_on_commit_callbacks
):
    contribution_create(
        consultation=consultation,
        kind="idea",
        title="t",
        body="b",
        by=head,
        access=Access.for_user(head),
    )
    with django_capture_on_commit_callbacks(execute=True):
        consultation_move(consultation=consultation, to=Phase.COCONSTRUCTION, by=staff)
    assert Notification.objects.filter(recipient=head, kind="consultations.phase").exists()


def test_the_vote_is_made_of_the_retained_proposals_and_closes_into_the_decision(
    client_as, consultation, staff, head, expert
):
    contributions = [
        contribution_create(
            consultation=consultation,
            kind="proposal",
            title=title,
            body="b",
            by=head,
            access=Access.for_user(head),
        )
        for title in ("Club maintenance", "Achats groupés", "Hors sujet")
    ]
    consultation_move(consultation=consultation, to=Phase.COCONSTRUCTION, by=staff)
    consultation.refresh_from_db()
    closes = timezone.now() + timedelta(days=7)
    with pytest.raises(ValidationError, match="at least two"):
        consultation_vote_prepare(consultation=consultation, closes_at=closes, by=staff)
    for contribution in contributions[:2]:
        contribution.consultation = consultation
        contribution_set_status(
            contribution=contribution, status=ContributionStatus.RETAINED, by=staff
        )
    vote = consultation_vote_prepare(consultation=consultation, closes_at=closes, by=staff)
    assert sorted(o.label for o in vote.options.all()) == ["Achats groupés", "Club maintenance"]
    consultation.refresh_from_db()
    assert consultation.phase == Phase.VOTE and consultation.vote == vote
    page = client_as("head").get(consultation.get_absolute_url()).content.decode()
    assert "Go to the vote" in page
    vote_close(vote=vote, by=staff)
    assert consultations_advance_due() == 1
    consultation.refresh_from_db()
    assert consultation.phase == Phase.DECISION
    page = client_as("head").get(consultation.get_absolute_url()).content.decode()
    assert "electors voted" in page and "See the detailed results of the vote" in page
    # The funder does not see the members' vote, nor this consultation.
    assert client_as("funder").get(consultation.get_absolute_url()).status_code == 404


def test_the_synthesis_is_sanitised_and_published(client_as, consultation, staff):
    url = reverse("consultations:synthesis", args=[consultation.public_id])
    with pytest.raises(ValidationError):
        synthesis_save(consultation=consultation, text="x", publish=True, by=staff)
    consultation_move(consultation=consultation, to=Phase.COCONSTRUCTION, by=staff)
    client = client_as("staff")
    response = client.post(
        url,
        {
            "synthesis": "## Ce qui ressort\n\n<script>alert(1)</script>**Trois idées**",
            "publish": "1",
        },
    )
    assert response.status_code == 302
    page = client_as("member").get(consultation.get_absolute_url()).content.decode()
    assert "<strong>Trois idées</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert Consultation.objects.get().synthesis_published_at is not None


def test_publishing_an_empty_synthesis_is_refused(client_as, consultation, staff):
    consultation_move(consultation=consultation, to=Phase.COCONSTRUCTION, by=staff)
    response = client_as("staff").post(
        reverse("consultations:synthesis", args=[consultation.public_id]),
        {"synthesis": "", "publish": "1"},
    )
    assert response.status_code == 400
    assert "Write the synthesis before publishing it" in response.content.decode()


def test_staff_of_a_territory_cannot_consult_the_whole_network(client_as, network):
    now = timezone.now()
    response = client_as("coordinator").post(
        reverse("consultations:create"),
        {
            "title": "Charte",
            "summary": "Une charte",
            "scope": "network",
            "contributions_until": (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "coconstruction_until": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Staff of a territory consult their territory" in content
    assert "must end after the contributions phase" in content
    assert not Consultation.objects.exists()


def test_coordinator_prepares_a_consultation_of_their_territory(client_as, network):
    now = timezone.now()
    response = client_as("coordinator").post(
        reverse("consultations:create"),
        {
            "title": "Charte de la coopération inter-entreprises",
            "summary": "Une charte pour la vallée",
            "scope": "territory",
            "scope_territory": network.arve.pk,
            "contributions_until": (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "coconstruction_until": (now + timedelta(days=6)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.phase == Phase.DRAFT and consultation.scope_territory == network.arve
    assert (
        client_as("coordinator")
        .post(reverse("consultations:open", args=[consultation.public_id]))
        .status_code
        == 302
    )
    consultation.refresh_from_db()
    assert consultation.phase == Phase.CONTRIBUTIONS
    # The whole network's staff sees it; a member elsewhere does not.
    assert client_as("expert").get(consultation.get_absolute_url()).status_code == 404


def test_staff_sort_contributions_from_the_overview(client_as, consultation, staff, head):
    contribution = contribution_create(
        consultation=consultation,
        kind="proposal",
        title="Achats groupés",
        body="b",
        by=head,
        access=Access.for_user(head),
    )
    manage = reverse("consultations:manage", args=[consultation.public_id])
    sort = reverse("consultations:sort", args=[consultation.public_id, contribution.public_id])
    client = client_as("staff")
    response = client.post(sort, {"status": "retained", "next": manage})
    assert response["Location"] == manage
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.PROPOSED  # not in the contributions phase
    consultation_move(consultation=consultation, to=Phase.COCONSTRUCTION, by=staff)
    assert "Achats groupés" in client.get(manage).content.decode()
    response = client.post(sort, {"status": "retained", "next": "https://example.com/"})
    assert response["Location"] == contribution.get_absolute_url()  # never elsewhere
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.RETAINED
    assert client_as("coordinator").post(sort, {"status": "set_aside"}).status_code == 403
