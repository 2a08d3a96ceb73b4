from datetime import time, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cordee.core.models import PeriodicRun
from cordee.core.scheduling import periodics
from cordee.notifications import services
from cordee.notifications.models import EmailStatus, Notification
from cordee.notifications.services import (
    ANNOUNCEMENT,
    INVITATION_ACCEPTED,
    digests_send,
    notify,
)
from cordee.notifications.tasks import send_digests

pytestmark = pytest.mark.django_db


def test_the_daily_digest_gathers_each_persons_notifications_into_one_email(staff, admin):
    for name in ("Paul", "Léa", "Inès"):
        notify(recipients=[staff], kind=INVITATION_ACCEPTED, title=f"{name} a accepté")
    notify(recipients=[admin], kind=INVITATION_ACCEPTED, title="Marc a accepté")

    assert digests_send(frequency="daily") == 2

    assert sorted(message.to[0] for message in mail.outbox) == sorted([staff.email, admin.email])
    [to_staff] = [message for message in mail.outbox if message.to == [staff.email]]
    for name in ("Paul", "Léa", "Inès"):
        assert f"{name} a accepté" in to_staff.body
        assert f"{name} a accepté" in to_staff.alternatives[0][0]
    assert "3" in to_staff.subject
    assert to_staff.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Notification.objects.exclude(email_status=EmailStatus.SENT).exists()


def test_running_the_digest_twice_sends_one_email(staff):
    notify(recipients=[staff], kind=INVITATION_ACCEPTED, title="Paul a accepté")
    send_digests.enqueue("daily")
    send_digests.enqueue("daily")
    assert len(mail.outbox) == 1


def test_a_notification_arriving_after_a_digest_waits_for_the_next_one(staff):
    notify(recipients=[staff], kind=INVITATION_ACCEPTED, title="Paul a accepté")
    digests_send(frequency="daily")
    notify(recipients=[staff], kind=INVITATION_ACCEPTED, title="Léa a accepté")
    digests_send(frequency="daily")
    assert len(mail.outbox) == 2
    assert "Paul" not in mail.outbox[1].body
    assert "Léa a accepté" in mail.outbox[1].body


def test_the_weekly_digest_leaves_daily_notifications_alone(staff, member, prefers):
    prefers(member, ANNOUNCEMENT, "weekly")
    notify(recipients=[staff], kind=INVITATION_ACCEPTED, title="Paul a accepté")
    notify(recipients=[member], kind=ANNOUNCEMENT, title="Assemblée générale")

    assert digests_send(frequency="weekly") == 1
    assert mail.outbox[0].to == [member.email]
    assert Notification.objects.get(recipient=staff).email_status == EmailStatus.DAILY


def test_what_was_read_before_the_digest_is_not_emailed(staff):
    notify(recipients=[staff], kind=INVITATION_ACCEPTED, title="Paul a accepté")
    [read] = notify(recipients=[staff], kind=INVITATION_ACCEPTED, title="Léa a accepté")
    read.mark_read()
    digests_send(frequency="daily")
    assert "Paul a accepté" in mail.outbox[0].body
    assert "Léa" not in mail.outbox[0].body
    read.refresh_from_db()
    assert read.email_status == EmailStatus.NONE


def test_nothing_read_means_no_email_at_all(staff):
    [notification] = notify(recipients=[staff], kind=INVITATION_ACCEPTED, title="Paul")
    notification.mark_read()
    assert digests_send(frequency="daily") == 0
    assert not mail.outbox


def test_choosing_never_empties_what_waits_for_a_digest(staff, prefers):
    notify(recipients=[staff], kind=INVITATION_ACCEPTED, title="Paul a accepté")
    prefers(staff, INVITATION_ACCEPTED, "never")
    assert digests_send(frequency="daily") == 0
    assert Notification.objects.get().email_status == EmailStatus.NONE


def test_choosing_weekly_moves_what_waits_to_the_weekly_digest(staff, prefers):
    notify(recipients=[staff], kind=INVITATION_ACCEPTED, title="Paul a accepté")
    prefers(staff, INVITATION_ACCEPTED, "weekly")
    assert digests_send(frequency="daily") == 0
    assert digests_send(frequency="weekly") == 1


def test_a_long_digest_shows_the_newest_and_counts_the_rest(staff, monkeypatch):
    monkeypatch.setattr(services, "DIGEST_MAX_ITEMS", 2)
    for index in range(5):
        [notification] = notify(
            recipients=[staff], kind=INVITATION_ACCEPTED, title=f"Invitation {index}"
        )
        Notification.objects.filter(pk=notification.pk).update(
            created_at=timezone.now() - timedelta(minutes=10 - index)
        )
    digests_send(frequency="daily")
    body = mail.outbox[0].body
    assert "Invitation 4" in body and "Invitation 3" in body
    assert "Invitation 0" not in body
    assert "3" in body and "5" in mail.outbox[0].subject
    assert not Notification.objects.exclude(email_status=EmailStatus.SENT).exists()


def test_there_is_no_hourly_digest():
    with pytest.raises(ValueError):
        digests_send(frequency="immediate")


def test_the_digests_are_scheduled_for_seven_in_the_morning():
    schedules = {periodic.name: periodic for periodic in periodics()}
    daily = schedules["notifications.daily_digest"]
    weekly = schedules["notifications.weekly_digest"]
    assert (daily.at, daily.weekday, daily.kwargs) == (time(7), None, {"frequency": "daily"})
    assert (weekly.at, weekly.weekday, weekly.kwargs) == (time(7), 0, {"frequency": "weekly"})


def test_scheduler_once_enqueues_the_digests_and_exits(staff):
    call_command("scheduler", "--once")  # First seen: the digests wait for 7 o'clock.
    assert set(PeriodicRun.objects.values_list("name", flat=True)) >= {
        "notifications.daily_digest",
        "notifications.weekly_digest",
    }
    notify(recipients=[staff], kind=INVITATION_ACCEPTED, title="Paul a accepté")
    call_command("scheduler", "--once")
    assert not mail.outbox
    PeriodicRun.objects.update(last_run_at=timezone.now() - timedelta(days=8))
    call_command("scheduler", "--once")
    # Tests run tasks at once: the daily digest went out.
    assert [message.to for message in mail.outbox] == [[staff.email]]
    call_command("scheduler", "--once")
    assert len(mail.outbox) == 1
