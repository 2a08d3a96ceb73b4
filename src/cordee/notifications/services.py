"""Telling people things: notifications, their e-mails and digests, preferences."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cordee.accounts.models import User
from cordee.notifications.emails import digest_email, notification_email, recipient_language
from cordee.notifications.kinds import DIGEST_FREQUENCIES, Frequency, all_kinds, get_kind
from cordee.notifications.models import (
    PENDING_EMAIL,
    EmailStatus,
    Notification,
    NotificationPreference,
    email_status_for,
    validate_site_path,
)

if TYPE_CHECKING:
    from cordee.accounts.models import Invitation

INVITATION_ACCEPTED = "invitation.accepted"
ANNOUNCEMENT = "notifications.announcement"

# How many notifications one e-mail task handles, and one digest shows.
EMAIL_BATCH = 200
DIGEST_MAX_ITEMS = 50

People = User | Iterable[User] | models.QuerySet[User]


def notify(
    *,
    recipients: People,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    exclude: People | None = None,
) -> list[Notification]:
    """Tell ``recipients`` something of ``kind``, in the notification centre and by e-mail.

    Each person is told once, whatever their number of mentions; inactive and
    erased accounts and ``exclude`` (e.g. the person who acted) are left out.
    Pass a QuerySet for large audiences. E-mails are composed by the worker: at
    once for people who want each one, in the next digest for the others.

    ``title`` and ``body`` (plain text) are stored as given: write them in the
    recipients' language (``emails.recipient_language``). ``url`` is a path
    inside the site, e.g. ``/people/<uuid>/``.
    """
    from cordee.notifications.tasks import send_notification_emails

    default_frequency = get_kind(kind).default_frequency
    title, url = _clean(title=title, url=url)
    with transaction.atomic():
        people = _people(recipients, exclude)
        chosen = dict(
            NotificationPreference.objects.filter(kind=kind, user__in=people).values_list(
                "user_id", "frequency"
            )
        )
        now = timezone.now()
        notifications = [
            Notification(
                recipient_id=person_id,
                kind=kind,
                title=title,
                body=str(body),
                url=url,
                created_at=now,
                email_status=email_status_for(chosen.get(person_id, default_frequency)),
            )
            for person_id in people.values_list("pk", flat=True)
        ]
        Notification.objects.bulk_create(notifications, batch_size=500)
        immediate = [
            str(notification.public_id)
            for notification in notifications
            if notification.email_status == EmailStatus.IMMEDIATE
        ]
        # Enqueued in the same transaction: with the database queue, the worker
        # sees the tasks only once the notifications exist.
        for start in range(0, len(immediate), EMAIL_BATCH):
            send_notification_emails.enqueue(immediate[start : start + EMAIL_BATCH])
    return notifications


def _clean(*, title: str, url: str) -> tuple[str, str]:
    title = " ".join(str(title).split())  # A title is one line: it becomes a subject.
    if not title:
        raise ValidationError(_("A notification needs a title."))
    url = str(url).strip()
    if url:
        validate_site_path(url)
        if len(url) > 500:
            raise ValidationError(_("The link is too long: keep it under 500 characters."))
    return Truncator(title).chars(200), url


def _people(recipients: People, exclude: People | None) -> models.QuerySet[User]:
    people = User.objects.filter(is_active=True, erased_at__isnull=True)
    people = people.filter(pk__in=_ids(recipients))
    if exclude is not None:
        people = people.exclude(pk__in=_ids(exclude))
    return people.order_by("pk")


def _ids(people: People) -> Any:
    if isinstance(people, models.QuerySet):
        return people.values("pk")
    if isinstance(people, User):
        return [people.pk]
    return {person.pk for person in people}


def _locked(queryset: models.QuerySet[Notification]) -> models.QuerySet[Notification]:
    """Lock the rows until the transaction ends, skipping rows another run holds.

    SQLite has no row locks; there, transactions are IMMEDIATE (see settings),
    so writers run one after the other and a second run sees the first's marks.
    """
    return queryset.select_for_update(
        skip_locked=connection.features.has_select_for_update_skip_locked
    )


def notification_emails_send(*, public_ids: Sequence[str]) -> int:
    """Send the e-mail of each of these notifications still waiting to be sent alone.

    Returns how many were sent. Running it twice sends nothing twice: each
    notification is marked sent in the transaction that queues its e-mail.
    """
    sent = 0
    for public_id in public_ids:
        with transaction.atomic():
            notification = _locked(
                Notification.objects.filter(public_id=public_id, email_status=EmailStatus.IMMEDIATE)
            ).first()
            if notification is None:
                continue
            if notification.recipient.is_active:
                notification_email(notification).send()
                notification.email_status = EmailStatus.SENT
                notification.emailed_at = timezone.now()
                sent += 1
            else:
                notification.email_status = EmailStatus.NONE
            notification.save(update_fields=["email_status", "emailed_at"])
    return sent


def digests_send(*, frequency: str) -> int:
    """Send each person one e-mail gathering what waits for the ``frequency`` digest.

    Returns the number of e-mails. Safe to run twice, or twice at once: a
    notification is never e-mailed twice.
    """
    status = EmailStatus(frequency)
    if status not in DIGEST_FREQUENCIES:
        raise ValueError(f"There is no {frequency!r} digest: use daily or weekly.")
    waiting_for = list(
        Notification.objects.awaiting_email(status)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    return sum(digest_send(user_id=user_id, frequency=frequency) for user_id in waiting_for)


def digest_send(*, user_id: int, frequency: str) -> bool:
    """Send one person's digest for ``frequency``, if anything unread waits for it."""
    with transaction.atomic():
        waiting = list(
            _locked(
                Notification.objects.filter(recipient_id=user_id, email_status=frequency)
            ).order_by("-created_at", "-id")
        )
        if not waiting:
            return False
        # What a person has already read in the centre is not worth an e-mail.
        read = [notification.pk for notification in waiting if notification.is_read]
        unread = [notification for notification in waiting if not notification.is_read]
        Notification.objects.filter(pk__in=read).update(email_status=EmailStatus.NONE)
        user = User.objects.get(pk=user_id)
        if not unread or not user.is_active:
            Notification.objects.filter(pk__in=[n.pk for n in unread]).update(
                email_status=EmailStatus.NONE
            )
            return False
        digest_email(user, unread[:DIGEST_MAX_ITEMS], frequency, total=len(unread)).send()
        Notification.objects.filter(pk__in=[n.pk for n in unread]).update(
            email_status=EmailStatus.SENT, emailed_at=timezone.now()
        )
        return True


def effective_frequencies(user: User) -> dict[str, str]:
    """How ``user`` is told about each registered kind: their choice, else the default."""
    chosen = NotificationPreference.objects.frequencies_for(user)
    return {kind.key: chosen.get(kind.key, kind.default_frequency) for kind in all_kinds()}


def preference_set(*, user: User, kind: str, frequency: str) -> NotificationPreference:
    """Record how ``user`` wants to be told about ``kind``.

    Notifications of that kind still waiting for an e-mail follow the new
    choice; when it becomes "each time", they go in the next daily digest
    rather than in a burst of e-mails.
    """
    get_kind(kind)
    try:
        frequency = Frequency(frequency)
    except ValueError:
        raise ValidationError(_("Choose one of the options offered.")) from None
    with transaction.atomic():
        preference, _created = NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"frequency": frequency}
        )
        waiting = Notification.objects.for_recipient(user).filter(kind=kind)
        if frequency == Frequency.IMMEDIATE:
            waiting.filter(email_status__in=DIGEST_FREQUENCIES).update(
                email_status=EmailStatus.DAILY
            )
        else:
            waiting.filter(email_status__in=PENDING_EMAIL).update(
                email_status=email_status_for(frequency)
            )
    return preference


def preferences_save(*, user: User, frequencies: Mapping[str, str]) -> list[str]:
    """Record several choices at once; returns the kinds whose frequency changed."""
    current = effective_frequencies(user)
    changed = [kind for kind, frequency in frequencies.items() if current.get(kind) != frequency]
    with transaction.atomic():
        for kind in changed:
            preference_set(user=user, kind=kind, frequency=frequencies[kind])
    return changed


def notifications_mark_all_read(*, user: User) -> int:
    """Mark everything ``user`` has not read as read; returns how many were unread."""
    with transaction.atomic():
        return Notification.objects.for_recipient(user).mark_read()


def invitation_accepted_notify(*, invitation: Invitation, user: User) -> None:
    """Tell the staff member who sent ``invitation`` that ``user`` accepted it."""
    inviter = invitation.invited_by
    if inviter is None:
        return
    with translation.override(recipient_language(inviter)):
        notify(
            recipients=inviter,
            kind=INVITATION_ACCEPTED,
            title=_("%(name)s accepted your invitation") % {"name": user.display_name},
            body=_("%(name)s has created an account with the address %(email)s.")
            % {"name": user.display_name, "email": user.email},
            url=reverse("accounts:person", args=[user.public_id]),
        )


def announcement_send(*, by: User, title: str, body: str = "", url: str = "") -> None:
    """Tell every active account but its author about an announcement, through the worker."""
    from cordee.notifications.tasks import send_announcement

    title, url = _clean(title=title, url=url)
    send_announcement.enqueue(author_id=by.pk, title=title, body=body, url=url)


def announcement_deliver(*, author_id: int, title: str, body: str, url: str) -> int:
    """The worker's half of :func:`announcement_send`; returns how many people are told."""
    notifications = notify(
        recipients=User.objects.all(),
        kind=ANNOUNCEMENT,
        title=title,
        body=body,
        url=url,
        exclude=User.objects.filter(pk=author_id),
    )
    return len(notifications)


def export_notifications(user: User) -> dict[str, Any]:
    """Personal data: a person's notifications and their choices of e-mails."""
    return {
        "notifications": [
            {
                "kind": notification.kind,
                "title": notification.title,
                "body": notification.body,
                "url": notification.url,
                "created_at": notification.created_at.isoformat(),
                "read_at": notification.read_at.isoformat() if notification.read_at else None,
                "email": notification.email_status,
                "emailed_at": (
                    notification.emailed_at.isoformat() if notification.emailed_at else None
                ),
            }
            for notification in Notification.objects.for_recipient(user).iterator()
        ],
        "preferences": NotificationPreference.objects.frequencies_for(user),
    }


def erase_notifications(user: User) -> None:
    """Personal data: what a person was told is theirs alone, so it goes entirely."""
    Notification.objects.for_recipient(user).delete()
    NotificationPreference.objects.filter(user=user).delete()
