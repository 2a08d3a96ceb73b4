from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from cordee.accounts.services import user_erase
from cordee.notifications.models import EmailStatus, Notification
from cordee.notifications.services import (
    ANNOUNCEMENT,
    INVITATION_ACCEPTED,
    notification_emails_send,
    notify,
)

pytestmark = pytest.mark.django_db


def test_someone_who_wants_each_email_gets_one_in_text_and_html(member, settings):
    settings.SITE_URL = "https://cordee.example.org"
    [notification] = notify(
        recipients=[member],
        kind=ANNOUNCEMENT,
        title="Assemblée générale le 12 juin",
        body="Rendez-vous à Cluses.\nOrdre du jour joint.",
        url="/",
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert "Assemblée générale le 12 juin" in message.subject
    assert "Rendez-vous à Cluses." in message.body
    assert "https://cordee.example.org/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Ordre du jour joint." in html
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert notification.emailed_at is not None


def test_every_email_carries_one_click_unsubscribe_headers(member, settings):
    settings.SITE_URL = "https://cordee.example.org"
    notify(recipients=[member], kind=ANNOUNCEMENT, title="Bonjour")
    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe"].startswith("<https://cordee.example.org/notifications/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/preferences/" in mail.outbox[0].body


def test_emails_are_written_in_french_the_default_language(member):
    notify(recipients=[member], kind=ANNOUNCEMENT, title="Bonjour")
    assert '<html lang="fr">' in mail.outbox[0].alternatives[0][0]


def test_digest_and_never_preferences_send_no_email_at_once(member, expert, head, prefers):
    prefers(expert, ANNOUNCEMENT, "weekly")
    prefers(head, ANNOUNCEMENT, "never")
    notify(recipients=[member, expert, head], kind=ANNOUNCEMENT, title="Bonjour")
    assert [message.to for message in mail.outbox] == [[member.email]]
    statuses = dict(Notification.objects.values_list("recipient__email", "email_status"))
    assert statuses == {
        member.email: EmailStatus.SENT,
        expert.email: EmailStatus.WEEKLY,
        head.email: EmailStatus.NONE,
    }


def test_a_kind_without_a_choice_follows_its_default(staff):
    notify(recipients=[staff], kind=INVITATION_ACCEPTED, title="Paul a accepté")
    assert Notification.objects.get().email_status == EmailStatus.DAILY
    assert not mail.outbox


def test_everyone_is_told_once_and_the_excluded_and_erased_are_left_out(
    member, expert, head, staff
):
    user_erase(user=head)
    notifications = notify(
        recipients=[member, member, expert, head, staff],
        kind=ANNOUNCEMENT,
        title="Bonjour",
        exclude=staff,
    )
    assert sorted(n.recipient_id for n in notifications) == sorted([member.pk, expert.pk])
    assert Notification.objects.count() == 2


def test_a_queryset_of_recipients_works_for_large_audiences(member, expert, staff):
    from cordee.accounts.models import User

    notify(recipients=User.objects.all(), kind=ANNOUNCEMENT, title="Bonjour", exclude=[staff])
    assert set(Notification.objects.values_list("recipient", flat=True)) == {member.pk, expert.pk}


@pytest.mark.parametrize("url", ["https://evil.example.com/", "//evil.example.com/", "people/"])
def test_a_link_outside_the_site_is_refused(member, url):
    with pytest.raises(ValidationError):
        notify(recipients=[member], kind=ANNOUNCEMENT, title="Bonjour", url=url)
    assert not Notification.objects.exists()


def test_a_title_is_one_line(member):
    [notification] = notify(recipients=[member], kind=ANNOUNCEMENT, title="Bon\njour\r\n  à tous")
    assert notification.title == "Bon jour à tous"
    assert "\n" not in mail.outbox[0].subject


def test_an_empty_title_is_refused(member):
    with pytest.raises(ValidationError):
        notify(recipients=[member], kind=ANNOUNCEMENT, title="   ")


def test_sending_the_immediate_emails_again_sends_nothing_twice(member):
    [notification] = notify(recipients=[member], kind=ANNOUNCEMENT, title="Bonjour")
    assert notification_emails_send(public_ids=[str(notification.public_id)]) == 0
    assert len(mail.outbox) == 1


def test_choosing_never_before_the_worker_runs_stops_the_email(member, prefers, monkeypatch):
    from cordee.notifications import tasks

    held = []
    monkeypatch.setattr(tasks, "send_notification_emails", SimpleNamespace(enqueue=held.append))
    [notification] = notify(recipients=[member], kind=ANNOUNCEMENT, title="Bonjour")
    prefers(member, ANNOUNCEMENT, "never")
    assert notification_emails_send(public_ids=held[0]) == 0
    assert not mail.outbox
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.NONE
