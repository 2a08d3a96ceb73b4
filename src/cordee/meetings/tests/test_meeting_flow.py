"""Scheduling a meeting, its agenda and documents, the convocation, the calendar file."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cordee.audit.models import AuditEvent
from cordee.meetings.models import AgendaDocument, AgendaItem, BodyRules, Meeting
from cordee.meetings.services import convocations_send_due
from cordee.notifications.models import Notification

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


def test_the_secretary_schedules_a_meeting_of_their_body(board, client_as):
    client = client_as("member")
    url = reverse("meetings:create", args=[board.body.slug])
    starts = (timezone.localtime() + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url, {"title": "Conseil de janvier", "starts_at": starts, "place": "Cluses"}
    )
    meeting = Meeting.objects.get(title="Conseil de janvier")
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    assert AuditEvent.objects.filter(action="meeting.created").exists()


def test_a_meeting_without_place_nor_link_is_refused_and_keeps_what_was_typed(board, client_as):
    client = client_as("member")
    url = reverse("meetings:create", args=[board.body.slug])
    response = client.post(url, {"title": "Conseil sans lieu", "starts_at": "2030-01-10T18:00"})
    assert response.status_code == 400
    assert "Give a place, a video link, or both." in response.content.decode()
    assert 'value="Conseil sans lieu"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_plain_member_cannot_schedule_a_meeting(board, client_as):
    response = client_as("expert").get(reverse("meetings:create", args=[board.body.slug]))
    assert response.status_code == 403


def test_agenda_items_are_added_and_reordered(meeting, client_as):
    client = client_as("member")
    client.post(reverse("meetings:item_create", args=[meeting.public_id]), {"title": "Divers"})
    first = AgendaItem.objects.get(meeting=meeting, title="Budget 2027")
    client.post(
        reverse("meetings:item_move", args=[meeting.public_id, first.public_id]),
        {"direction": "down"},
    )
    assert list(meeting.items.values_list("title", flat=True)) == [
        "Adhésions",
        "Budget 2027",
        "Divers",
    ]


def test_documents_are_checked_by_their_content(meeting, client_as):
    item = meeting.items.first()
    url = reverse("meetings:document_upload", args=[meeting.public_id, item.public_id])
    client = client_as("member")
    fake = SimpleUploadedFile("budget.pdf", b"<html>not a pdf</html>", "application/pdf")
    response = client.post(url, {"file": fake})
    assert response.status_code == 400
    assert "does not hold a PDF document" in response.content.decode()
    real = SimpleUploadedFile("budget.pdf", PDF, "application/pdf")
    assert client.post(url, {"file": real}).status_code == 302
    document = AgendaDocument.objects.get()
    assert document.original_name == "budget.pdf" and not document.file.name.endswith("budget.pdf")
    download = client_as("expert").get(reverse("meetings:document", args=[document.public_id]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert (
        client_as("outsider")
        .get(reverse("meetings:document", args=[document.public_id]))
        .status_code
        == 404
    )


def test_the_convocation_is_sent_once_by_the_worker_with_the_agenda(
    meeting, board, django_capture_on_commit_callbacks
):
    BodyRules.objects.create(body=board.body, convocation_days=5)
    assert convocations_send_due() == 0  # the meeting is in ten days: five days too early
    later = timezone.now() + timedelta(days=6)
    with django_capture_on_commit_callbacks(execute=True):
        assert convocations_send_due(now=later) == 1
        assert convocations_send_due(now=later) == 0
    sent = Notification.objects.filter(kind="meetings.convocation")
    assert sent.count() == 6
    body = sent.first().body
    assert "1. Budget 2027" in body and "2. Adhésions" in body and "meeting.ics" in body


def test_a_convocation_due_is_sent_even_when_its_day_was_missed(meeting, board):
    BodyRules.objects.create(body=board.body, convocation_days=15)
    assert convocations_send_due() == 1


def test_a_meeting_may_give_more_notice_than_its_body(meeting, board):
    BodyRules.objects.create(body=board.body, convocation_days=5)
    Meeting.objects.filter(pk=meeting.pk).update(convocation_days=12)
    assert convocations_send_due() == 1


def test_the_secretary_sends_the_convocation_now_but_not_twice(
    meeting, client_as, django_capture_on_commit_callbacks
):
    client = client_as("member")
    url = reverse("meetings:convocation", args=[meeting.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    response = client.post(url, follow=True)
    assert "already sent" in response.content.decode()
    assert Notification.objects.filter(kind="meetings.convocation").count() == 6


def test_the_calendar_file_holds_the_meeting(meeting, client_as):
    response = client_as("expert").get(reverse("meetings:ics", args=[meeting.public_id]))
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert "BEGIN:VEVENT" in text and "Conseil de décembre" in text and "Budget 2027" in text


@pytest.mark.parametrize("persona", ["head", "member", "expert", "staff"])
def test_members_and_staff_see_the_whole_meeting(meeting, client_as, persona):
    meeting.video_url = "https://visio.example.org/conseil"
    meeting.save()
    content = client_as(persona).get(meeting.get_absolute_url()).content.decode()
    assert "visio.example.org" in content


@pytest.mark.parametrize("persona", ["visitor", "funder", "outsider"])
def test_a_board_meeting_is_public_in_part(meeting, client_as, persona):
    meeting.video_url = "https://visio.example.org/conseil"
    meeting.save()
    response = client_as(persona).get(meeting.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Budget 2027" in content and "visio.example.org" not in content


def test_a_working_group_meeting_is_nobody_elses_business(meeting, board, client_as):
    board.body.kind = "group"
    board.body.save()
    assert client_as("funder").get(meeting.get_absolute_url()).status_code == 404
    assert client_as("visitor").get(meeting.get_absolute_url()).status_code == 404
    assert client_as("expert").get(meeting.get_absolute_url()).status_code == 200


def test_the_list_shows_my_bodies_meetings_in_constant_queries(
    meeting, board, client_as, django_assert_max_num_queries
):
    client = client_as("expert")
    client.get(reverse("meetings:list"))
    with django_assert_max_num_queries(16) as small:
        client.get(reverse("meetings:list"))
    for day in range(30):
        Meeting.objects.create(
            body=board.body,
            title=f"Conseil {day}",
            starts_at=timezone.now() - timedelta(days=day + 1),
            place="Cluses",
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("meetings:list"))
    assert "Conseil 29" in response.content.decode()


def test_members_convened_are_told_when_the_meeting_moves(
    meeting, client_as, django_capture_on_commit_callbacks
):
    client = client_as("member")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:convocation", args=[meeting.public_id]))
        starts = (timezone.localtime(meeting.starts_at) + timedelta(days=1)).strftime(
            "%Y-%m-%dT%H:%M"
        )
        client.post(
            reverse("meetings:edit", args=[meeting.public_id]),
            {"title": meeting.title, "starts_at": starts, "place": "Thyez, usine Bouvier"},
        )
    told = Notification.objects.filter(kind="meetings.convocation", title__startswith="Changed")
    assert told.count() == 6
    assert "Thyez, usine Bouvier" in told.first().body
