"""Memberships and dues: what staff do with them, and the reminders the worker sends.

:func:`send_membership_reminders` is the daily task: it marks as lapsed the
memberships whose end has passed unpaid, and writes to the company heads of
organisations whose membership ends within :data:`REMIND_BEFORE_DAYS` days
and is not renewed, or has lapsed within :data:`REMIND_AFTER_DAYS` days;
never more than once per :data:`REMIND_EVERY_DAYS` days for a membership.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from cordee.audit.models import ACTION_LABELS
from cordee.audit.services import audit_record
from cordee.network.access import WHOLE_NETWORK, Access
from cordee.network.models import (
    Affiliation,
    Membership,
    MembershipStatus,
    Role,
    RoleAssignment,
    Territory,
)

REMIND_BEFORE_DAYS = 30
# Past this, a lapsed member has had its reminders; writing on would be spam.
REMIND_AFTER_DAYS = 90
REMIND_EVERY_DAYS = 14

ACTION_LABELS.update(
    {
        "network.import_applied": gettext_lazy("Imported a member list"),
        "network.members_exported": gettext_lazy("Downloaded the member list"),
        "membership.status_changed": gettext_lazy("Changed the status of a membership"),
        "membership.renewed": gettext_lazy("Created next year's memberships"),
        "membership.lapsed": gettext_lazy("A membership lapsed, unpaid"),
    }
)

# Which statuses each action may leave from. Paid and exempt memberships are
# settled: turning them back needs the administration, on purpose.
_ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    MembershipStatus.INVOICED: (MembershipStatus.PENDING, MembershipStatus.LAPSED),
    MembershipStatus.PAID: (
        MembershipStatus.PENDING,
        MembershipStatus.INVOICED,
        MembershipStatus.LAPSED,
    ),
    MembershipStatus.EXEMPT: (
        MembershipStatus.PENDING,
        MembershipStatus.INVOICED,
        MembershipStatus.LAPSED,
    ),
    MembershipStatus.LAPSED: (MembershipStatus.PENDING, MembershipStatus.INVOICED),
}
STATUS_ACTIONS = tuple(_ALLOWED_FROM)


def managed_territories(access: Access) -> QuerySet[Territory]:
    """The territories where ``access`` is staff, and those under them."""
    if WHOLE_NETWORK in access.staff_paths:
        return Territory.objects.all()
    query = Q(pk__in=[])
    for path in access.staff_paths:
        query |= Q(path__startswith=path)
    return Territory.objects.filter(query)


def membership_totals(memberships: QuerySet[Membership]) -> dict[str, Any]:
    """How many memberships and how much in dues, by status and in all (one query)."""
    rows = memberships.order_by().values("status").annotate(count=Count("pk"), total=Sum("amount"))
    by_status = {row["status"]: row for row in rows}
    lines = [
        {
            "status": status,
            "label": label,
            "count": by_status.get(status, {}).get("count", 0),
            "total": by_status.get(status, {}).get("total") or Decimal(0),
        }
        for status, label in MembershipStatus.choices
    ]
    return {
        "lines": lines,
        "count": sum(line["count"] for line in lines),
        "total": sum((line["total"] for line in lines), Decimal(0)),
    }


def memberships_set_status(
    *,
    memberships: Sequence[Membership],
    status: str,
    request: HttpRequest,
    on: date | None = None,
) -> int:
    """Mark ``memberships`` invoiced, paid, exempt or lapsed, all or none; returns how many.

    Invoicing and payment record their date (``on``, today by default).
    """
    if status not in _ALLOWED_FROM:
        raise ValidationError(_("Choose what to mark the memberships as."))
    if not memberships:
        raise ValidationError(_("Tick at least one membership in the list."))
    refused = [m for m in memberships if m.status not in _ALLOWED_FROM[status]]
    if refused:
        names = ", ".join(f"{m.organisation} ({m.get_status_display()})" for m in refused[:5]) + (
            "…" if len(refused) > 5 else ""
        )
        raise ValidationError(
            _(
                "These memberships cannot be marked %(status)s: %(names)s. Untick them and try "
                "again; a settled membership is changed in the administration."
            )
            % {"status": MembershipStatus(status).label, "names": names}
        )
    day = on or timezone.localdate()
    with transaction.atomic():
        for membership in memberships:
            previous = membership.status
            membership.status = status
            fields = ["status"]
            if status == MembershipStatus.INVOICED:
                membership.invoiced_on = day
                fields.append("invoiced_on")
            elif status == MembershipStatus.PAID:
                membership.paid_on = day
                fields.append("paid_on")
            membership.save(update_fields=fields)
            audit_record(
                action="membership.status_changed",
                request=request,
                target=membership,
                details={"from": previous, "to": status, "on": day.isoformat()},
            )
    return len(memberships)


def memberships_renew(*, access: Access, year: int, request: HttpRequest) -> tuple[int, int]:
    """Create the ``year + 1`` memberships of the organisations ``access`` manages from their
    ``year`` ones; returns (created, already there).

    Lapsed members are not renewed. The new memberships are pending, at the
    tier's current amount, for the year after the previous one.
    """
    current = (
        Membership.objects.managed_by(access)
        .filter(year=year)
        .exclude(status=MembershipStatus.LAPSED)
        .select_related("tier")
    )
    if not current.exists():
        raise ValidationError(
            _("There is no %(year)s membership to renew among the organisations you manage.")
            % {"year": year}
        )
    with transaction.atomic():
        already = set(
            Membership.objects.filter(
                year=year + 1, organisation_id__in=current.values("organisation_id")
            ).values_list("organisation_id", flat=True)
        )
        new = []
        for membership in current:
            if membership.organisation_id in already:
                continue
            starts_on = membership.ends_on + timedelta(days=1)
            new.append(
                Membership(
                    organisation_id=membership.organisation_id,
                    year=year + 1,
                    tier=membership.tier,
                    amount=membership.tier.amount,
                    status=MembershipStatus.PENDING,
                    starts_on=starts_on,
                    ends_on=_one_year_after(starts_on) - timedelta(days=1),
                )
            )
        Membership.objects.bulk_create(new, batch_size=500)
        audit_record(
            action="membership.renewed",
            request=request,
            details={"from_year": year, "created": len(new), "already": len(already)},
        )
    return len(new), len(already)


def _one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


# Reminders, run by the worker.


def memberships_lapse_overdue(*, today: date | None = None) -> int:
    """Mark lapsed the memberships whose end has passed without payment or exemption."""
    today = today or timezone.localdate()
    overdue = list(
        Membership.objects.filter(
            ends_on__lt=today,
            status__in=(MembershipStatus.PENDING, MembershipStatus.INVOICED),
        ).select_related("organisation")
    )
    with transaction.atomic():
        for membership in overdue:
            previous = membership.status
            membership.status = MembershipStatus.LAPSED
            membership.save(update_fields=["status"])
            audit_record(
                action="membership.lapsed",
                target=membership,
                details={"from": previous, "ended_on": membership.ends_on.isoformat()},
            )
    return len(overdue)


def memberships_to_remind(*, now: datetime | None = None) -> QuerySet[Membership]:
    """Memberships whose company heads are due a reminder: ending soon and not renewed, or
    lapsed lately; none reminded in the last :data:`REMIND_EVERY_DAYS` days."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    ending = Q(
        ends_on__gte=today,
        ends_on__lte=today + timedelta(days=REMIND_BEFORE_DAYS),
    ) & ~Q(status=MembershipStatus.LAPSED)
    lapsed = Q(
        status=MembershipStatus.LAPSED,
        ends_on__gte=today - timedelta(days=REMIND_AFTER_DAYS),
    )
    return (
        Membership.objects.filter(ending | lapsed)
        .filter(
            Q(reminded_at__isnull=True)
            | Q(reminded_at__lte=now - timedelta(days=REMIND_EVERY_DAYS))
        )
        .not_renewed()
        .select_related("organisation__territory", "tier")
        .prefetch_related(
            Prefetch(
                "organisation__affiliations",
                queryset=Affiliation.objects.current()
                .filter(is_head=True, person__is_active=True, person__erased_at__isnull=True)
                .select_related("person"),
                to_attr="heads",
            )
        )
    )


def memberships_remind(*, now: datetime | None = None) -> dict[str, int]:
    """E-mail the company heads of every membership due a reminder; returns the counts."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"reminded": 0, "emails": 0, "without_head": 0}
    staff_emails: dict[int, list[str]] = {}
    for membership in memberships_to_remind(now=now):
        heads = [affiliation.person for affiliation in membership.organisation.heads]
        if not heads:
            # Nobody to write to: staff see it on the memberships page.
            counts["without_head"] += 1
            continue
        with transaction.atomic():
            # Claimed first, so that two workers running at once send it once.
            claimed = Membership.objects.filter(
                pk=membership.pk, reminded_at=membership.reminded_at
            ).update(reminded_at=now)
            if not claimed:
                continue
            territory = membership.organisation.territory
            if territory.pk not in staff_emails:
                staff_emails[territory.pk] = _staff_emails(territory)
            for person in heads:
                email = _reminder_email(membership, person, today=today)
                email.reply_to = staff_emails[territory.pk]
                email.send()
                counts["emails"] += 1
        counts["reminded"] += 1
    return counts


def _staff_emails(territory: Territory) -> list[str]:
    """Who answers for ``territory``: its coordinators and staff, else the whole network's."""
    people = (
        RoleAssignment.objects.filter(
            role__in=(Role.COORDINATOR, Role.STAFF),
            person__is_active=True,
            person__erased_at__isnull=True,
        )
        .filter(Q(territory__isnull=True) | Q(territory__path__in=territory.ancestor_paths()))
        .order_by("-territory__path")
        .values_list("person__email", flat=True)
    )
    return list(dict.fromkeys(people))[:5]


def _reminder_email(membership: Membership, person: Any, *, today: date) -> EmailMessage:
    lapsed = membership.status == MembershipStatus.LAPSED or membership.ends_on < today
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "person": person,
        "lapsed": lapsed,
        "days": (membership.ends_on - today).days,
        "site_name": settings.SITE_NAME,
    }
    with translation.override(getattr(person, "language", "") or settings.LANGUAGE_CODE):
        subject = render_to_string("network/email/membership_reminder_subject.txt", context)
        body = render_to_string("network/email/membership_reminder_message.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[person.email])


@task()
def send_membership_reminders() -> dict[str, int]:
    """The daily dues task: lapse overdue memberships, then send the reminders due."""
    lapsed = memberships_lapse_overdue()
    return {"lapsed": lapsed, **memberships_remind()}
