"""Minutes: written, reviewed, approved by the chair, never edited once approved (a
correction is a new version); decisions marked in them join the register."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cordee.accounts.personal_data import erasers, exporters
from cordee.decisions.models import Decision
from cordee.meetings.minutes import (
    decision_mark,
    minutes_approve,
    minutes_comment,
    minutes_save,
    minutes_submit,
)
from cordee.meetings.models import ItemDecision, Minutes, MinutesComment, MinutesStatus
from cordee.meetings.services import meeting_open
from cordee.notifications.models import Notification


@pytest.fixture
def held(meeting, board):
    meeting_open(meeting=meeting, by=board.secretary)
    meeting.refresh_from_db()
    return meeting


def review_over(minutes):
    Minutes.objects.filter(pk=minutes.pk).update(review_until=timezone.now() - timedelta(minutes=1))
    minutes.refresh_from_db()


@pytest.fixture
def reviewed(held, board, django_capture_on_commit_callbacks):
    minutes = minutes_save(meeting=held, text="## Budget 2027\nAdopté.", by=board.secretary)
    with django_capture_on_commit_callbacks(execute=True):
        minutes_submit(minutes=minutes, by=board.secretary)
    return minutes


def test_the_first_draft_lists_the_agenda(held, client_as):
    response = client_as("member").get(reverse("meetings:minutes_edit", args=[held.public_id]))
    assert "## 1. Budget 2027" in response.content.decode()


def test_a_draft_is_the_secretarys_until_shown(held, board, client_as):
    minutes_save(meeting=held, text="Brouillon secret", by=board.secretary)
    assert (
        "Brouillon secret"
        in client_as("member")
        .get(reverse("meetings:minutes", args=[held.public_id]))
        .content.decode()
    )
    assert (
        "Brouillon secret"
        not in client_as("expert")
        .get(reverse("meetings:minutes", args=[held.public_id]))
        .content.decode()
    )


def test_participants_are_told_and_comment_during_the_review(reviewed, board, client_as):
    told = Notification.objects.filter(kind="meetings.minutes_review")
    assert told.count() == 5 and not told.filter(recipient=board.secretary).exists()
    url = reverse("meetings:minutes_comment", args=[reviewed.meeting.public_id])
    client_as("expert").post(url, {"text": "Ajouter l'abstention de M. Zed."})
    assert MinutesComment.objects.get().author == board.expert
    assert client_as("funder").post(url, {"text": "Moi aussi"}).status_code == 403


def test_the_chair_approves_only_after_the_review_period(reviewed, board, client_as):
    url = reverse("meetings:minutes_approve", args=[reviewed.meeting.public_id])
    response = client_as("head").post(url, follow=True)
    assert "The participants may comment until" in response.content.decode()
    assert client_as("expert").post(url).status_code == 403
    review_over(reviewed)
    client_as("head").post(url)
    reviewed.refresh_from_db()
    assert reviewed.status == MinutesStatus.APPROVED and reviewed.approved_by == board.chair


def test_an_edit_of_approved_minutes_is_refused_and_the_text_typed_is_kept(
    reviewed, board, client_as
):
    review_over(reviewed)
    minutes_approve(minutes=reviewed, by=board.chair)
    response = client_as("member").post(
        reverse("meetings:minutes_edit", args=[reviewed.meeting.public_id]),
        {"text": "Texte réécrit après coup"},
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "These minutes are approved: they can no longer change." in content
    assert "Texte réécrit après coup" in content
    reviewed.refresh_from_db()
    assert reviewed.text == "## Budget 2027\nAdopté."
    with pytest.raises(ValidationError):
        minutes_comment(minutes=reviewed, author=board.expert, text="Trop tard")


def test_a_correction_is_a_new_version_noted_and_the_approved_one_stays(reviewed, board, client_as):
    review_over(reviewed)
    minutes_approve(minutes=reviewed, by=board.chair)
    meeting = reviewed.meeting
    client = client_as("member")
    client.post(reverse("meetings:minutes_correct", args=[meeting.public_id]), {"note": ""})
    assert meeting.minutes.count() == 1
    client.post(
        reverse("meetings:minutes_correct", args=[meeting.public_id]),
        {"note": "Orthographe d'un nom"},
    )
    client.post(
        reverse("meetings:minutes_edit", args=[meeting.public_id]),
        {"text": "## Budget 2027\nAdopté à l'unanimité."},
    )
    correction = meeting.minutes.get(version=2)
    assert correction.correction_note == "Orthographe d'un nom"
    assert correction.text.endswith("à l'unanimité.")
    reviewed.refresh_from_db()
    assert reviewed.text.endswith("Adopté.")
    # The public reads the approved version until the correction is approved.
    public = client_as("visitor").get(reverse("meetings:minutes", args=[meeting.public_id]))
    assert "unanimité" not in public.content.decode() and "Adopté." in public.content.decode()


def test_the_public_reads_approved_minutes_of_the_board_sanitised(held, board, client_as):
    minutes = minutes_save(
        meeting=held,
        text="Adopté <script>alert(1)</script> [x](javascript:alert(1))",
        by=board.secretary,
    )
    minutes_submit(minutes=minutes, by=board.secretary)
    url = reverse("meetings:minutes", args=[held.public_id])
    assert client_as("visitor").get(url).status_code == 404
    review_over(minutes)
    minutes_approve(minutes=minutes, by=board.chair)
    content = client_as("visitor").get(url).content.decode()
    assert "Adopté" in content
    assert "<script>alert" not in content and 'href="javascript:' not in content


def test_a_decision_marked_in_the_minutes_joins_the_register(reviewed, board, client_as):
    item = reviewed.meeting.items.first()
    url = reverse("meetings:decision_create", args=[reviewed.meeting.public_id, item.public_id])
    response = client_as("member").post(
        url, {"title": "Budget 2027 adopté", "text": "Le budget est adopté.", "public": "on"}
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.origin == reviewed.meeting and decision.body == board.body
    assert decision.is_public
    assert ItemDecision.objects.get().item == item
    page = client_as("visitor").get(reviewed.meeting.get_absolute_url()).content.decode()
    assert "Budget 2027 adopté" in page


def test_decisions_are_marked_in_minutes_only(held, board):
    with pytest.raises(ValidationError, match="write them first"):
        decision_mark(item=held.items.first(), title="Trop tôt", text="Rien", by=board.secretary)


def test_a_members_meeting_data_is_exported_and_their_comments_kept_anonymously(reviewed, board):
    minutes_comment(minutes=reviewed, author=board.expert, text="Une précision")
    exported = exporters()["meetings"](board.expert)
    assert exported["comments_on_minutes"][0]["text"] == "Une précision"
    assert exported["attendance"][0]["meeting"] == "Conseil de décembre"
    erasers()["meetings"](board.expert)
    comment = MinutesComment.objects.get()
    assert comment.author is None and comment.text == "Une précision"
