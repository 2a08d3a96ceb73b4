"""A body's rules, its meetings' page, the demo, and comments open to moderation."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cordee.decisions.models import Decision
from cordee.meetings.demo import load_meetings_demo
from cordee.meetings.minutes import minutes_comment, minutes_save, minutes_submit
from cordee.meetings.models import BodyRules, Meeting, MinutesComment, MinutesStatus
from cordee.meetings.services import meeting_open


def test_a_quorum_share_above_the_whole_is_refused_with_a_message(board, client_as):
    url = reverse("meetings:body_rules", args=[board.body.slug])
    response = client_as("staff").post(
        url,
        {
            "quorum_kind": "share",
            "quorum_numerator": 3,
            "quorum_denominator": 2,
            "quorum_count": 1,
            "proxy_cap": 2,
            "convocation_days": 15,
            "review_days": 7,
        },
    )
    assert response.status_code == 400
    assert "the numerator cannot exceed the denominator" in response.content.decode()
    assert not BodyRules.objects.exists()


def test_the_staff_set_a_fixed_quorum_as_the_statutes_say(board, client_as):
    url = reverse("meetings:body_rules", args=[board.body.slug])
    assert client_as("head").get(url).status_code == 403
    client_as("staff").post(
        url,
        {
            "quorum_kind": "count",
            "quorum_numerator": 1,
            "quorum_denominator": 2,
            "quorum_count": 4,
            "proxy_cap": 1,
            "convocation_days": 10,
            "review_days": 3,
        },
    )
    rules = BodyRules.objects.get(body=board.body)
    assert (rules.quorum_rule.kind, rules.quorum_rule.count, rules.proxy_cap) == ("count", 4, 1)


def test_a_bodys_meetings_page_takes_constant_queries(
    board, client_as, django_assert_max_num_queries
):
    client = client_as("expert")
    url = reverse("meetings:body", args=[board.body.slug])
    client.get(url)
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    for day in range(25):
        Meeting.objects.create(
            body=board.body,
            title=f"Conseil {day}",
            starts_at=timezone.now() + timedelta(days=day - 12),
            place="Cluses",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Conseil 24" in client.get(url).content.decode()


def test_the_demo_holds_a_past_meeting_and_convenes_the_next_one(board):
    board.body.slug = "conseil-administration"
    board.body.save()
    load_meetings_demo()
    load_meetings_demo()  # safe to run again
    past, upcoming = Meeting.objects.order_by("starts_at")
    assert past.closed_at and past.minutes.get().status == MinutesStatus.APPROVED
    assert past.proxies.count() == 1 and past.items.first().votes.count() == 1
    assert Decision.objects.filter(body=board.body).count() == 2
    assert upcoming.convocation_sent_at and upcoming.items.count() == 3


def test_comments_on_minutes_can_be_reported_and_hidden(meeting, board, client_as):
    meeting_open(meeting=meeting, by=board.secretary)
    meeting.refresh_from_db()
    minutes = minutes_save(meeting=meeting, text="Adopté.", by=board.secretary)
    minutes_submit(minutes=minutes, by=board.secretary)
    comment = minutes_comment(minutes=minutes, author=board.expert, text="Hors sujet")
    url = reverse("meetings:minutes", args=[meeting.public_id])
    assert "Report" in client_as("head").get(url).content.decode()
    MinutesComment.objects.filter(pk=comment.pk).update(
        hidden_at=timezone.now(), hidden_reason="Propos blessants"
    )
    content = client_as("head").get(url).content.decode()
    assert "Propos blessants" in content and "Hors sujet" not in content
