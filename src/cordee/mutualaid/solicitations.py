"""Who is asked to help: the routing's proposals, the asker's choice, the staff's direct
asks, and the staff's alert on requests unanswered for 48 hours."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cordee.audit.services import audit_record
from cordee.mutualaid.models import (
    UNANSWERED_AFTER,
    HelpRequest,
    Solicitation,
)
from cordee.network.access import Access
from cordee.network.models import Territory
from cordee.notifications.emails import recipient_language
from cordee.notifications.services import notify

if TYPE_CHECKING:
    from cordee.accounts.models import User
    from cordee.knowledge.models import Article

from cordee.mutualaid.services import (
    ASKED,
    PROPOSED_ARTICLES,
    PROPOSED_PEOPLE,
    UNANSWERED,
    help_request_audit,
)

# Routing: proposals, and the asker's consent.


def routing_query(help_request: HelpRequest) -> Any:
    """The routing's view of a request (see :mod:`cordee.mutualaid.routing`)."""
    from cordee.mutualaid.routing import RoutingQuery

    return RoutingQuery(
        text=f"{help_request.title}\n{help_request.description}",
        theme_id=help_request.theme_id,
        skill_ids=tuple(sorted(help_request.skills.values_list("pk", flat=True))),
        territory_id=help_request.territory_id,
        asker_id=help_request.asker_id,
        asker_organisation_id=help_request.organisation_id,
    )


def proposals_refresh(*, help_request: HelpRequest, now: datetime | None = None) -> None:
    """Store the people the routing proposes, not notified; people already asked stay."""
    from cordee.mutualaid.routing import propose_people

    proposed = propose_people(routing_query(help_request), limit=PROPOSED_PEOPLE, now=now)
    hidden_place = (
        help_request.territory.name if help_request.is_discreet and help_request.territory else None
    )
    with transaction.atomic():
        help_request.solicitations.filter(notified_at__isnull=True).delete()
        asked = set(help_request.solicitations.values_list("person_id", flat=True))
        Solicitation.objects.bulk_create(
            [
                Solicitation(
                    help_request=help_request,
                    person_id=person.person_id,
                    score=person.score,
                    # The people asked read these reasons: on a discreet request, none
                    # may say where the asker is.
                    reasons=[
                        str(reason)
                        for reason in person.reasons
                        if not (hidden_place and hidden_place in str(reason))
                    ],
                )
                for person in proposed
                if person.person_id not in asked
            ]
        )


def proposed_articles(help_request: HelpRequest, access: Access) -> list[tuple[Article, list[str]]]:
    """Articles that may already answer the request, with why, among those ``access`` sees."""
    from cordee.knowledge.models import Article
    from cordee.mutualaid.routing import propose_articles

    proposals = propose_articles(
        routing_query(help_request), access=access, limit=PROPOSED_ARTICLES
    )
    articles = Article.objects.visible_to(access).in_bulk([p.article_id for p in proposals])
    return [
        (articles[p.article_id], list(p.reasons)) for p in proposals if p.article_id in articles
    ]


def solicitations_send(
    *,
    help_request: HelpRequest,
    person_ids: Iterable[int],
    by: User,
    access: Access,
    request: HttpRequest | None = None,
) -> list[Solicitation]:
    """Notify the chosen people among those proposed for the request.

    The asker chooses among the routing's proposals; the staff of the request's
    territory may ask anyone of the network (:func:`person_solicit`). An id that
    was not proposed is refused, so a crafted form reaches nobody else.
    """
    if not may_choose_helpers(help_request, access):
        raise ValidationError(_("Only the person who asked can choose whom to notify."))
    chosen = set(person_ids)
    waiting = list(
        help_request.solicitations.filter(notified_at__isnull=True, person_id__in=chosen)
        .select_related("person")
        .order_by("-score")
    )
    if len(waiting) != len(chosen - _already_notified(help_request)):
        raise ValidationError(_("Choose among the people proposed for this request."))
    with transaction.atomic():
        now = timezone.now()
        for solicitation in waiting:
            solicitation.notified_at = now
            solicitation.save(update_fields=["notified_at"])
            _notify_asked(solicitation)
        if waiting:
            help_request_audit(
                action="mutualaid.people_asked",
                help_request=help_request,
                by=by,
                request=request,
                details={"people": len(waiting)},
            )
    return waiting


def may_choose_helpers(help_request: HelpRequest, access: Access) -> bool:
    """The asker chooses whom to notify; the staff of the request's territory may too."""
    return help_request.is_asked_by(access) or help_request.is_managed_by(access)


def _already_notified(help_request: HelpRequest) -> set[int]:
    return set(
        help_request.solicitations.filter(notified_at__isnull=False).values_list(
            "person_id", flat=True
        )
    )


def person_solicit(
    *,
    help_request: HelpRequest,
    person: User,
    by: User,
    access: Access,
    request: HttpRequest | None = None,
) -> Solicitation:
    """Staff of the request's territory ask someone directly (the request is unanswered,
    or the routing missed them)."""
    if not help_request.is_managed_by(access):
        raise ValidationError(_("Only the staff of the request's territory can ask people."))
    if person.pk == help_request.asker_id:
        raise ValidationError({"person": _("This person asked the question.")})
    if not person.is_active or person.erased_at:
        raise ValidationError({"person": _("This account is closed: choose someone else.")})
    with transaction.atomic():
        solicitation, _created = Solicitation.objects.get_or_create(
            help_request=help_request, person=person, defaults={"asked_by": by}
        )
        if solicitation.notified_at is not None:
            raise ValidationError({"person": _("This person was already asked.")})
        solicitation.asked_by = by
        solicitation.notified_at = timezone.now()
        if not solicitation.reasons:
            solicitation.reasons = [str(_("The network's staff thought of you."))]
        solicitation.save()
        _notify_asked(solicitation)
        audit_record(
            action="mutualaid.people_asked",
            request=request,
            actor=by,
            target=help_request,
            details={"people": 1, "by_staff": True},
        )
    return solicitation


def _notify_asked(solicitation: Solicitation) -> None:
    person = solicitation.person
    help_request = solicitation.help_request
    with translation.override(recipient_language(person)):
        reasons = "\n".join(f"- {reason}" for reason in solicitation.reasons)
        notify(
            recipients=person,
            kind=ASKED,
            title=_("Can you help? “%(title)s”") % {"title": help_request.title},
            body=_(
                "A member of the network asks for help and you were proposed:\n%(reasons)s\n"
                "Answer if you can, or offer to talk."
            )
            % {"reasons": reasons},
            url=help_request.get_absolute_url(),
        )


# Staff follow-up: requests unanswered after 48 hours.


def territory_staff(territory: Territory | None) -> Any:
    """Staff, coordinators and administrators over ``territory`` (or the whole network)."""
    from cordee.accounts.models import User
    from cordee.network.models import Role

    over = Q(role_assignments__territory__isnull=True)
    if territory is not None:
        over |= Q(role_assignments__territory__path__in=territory.ancestor_paths())
    return User.objects.filter(
        over,
        role_assignments__role__in=[Role.ADMIN, Role.COORDINATOR, Role.STAFF],
        is_active=True,
    ).distinct()


def unanswered_alert(*, now: datetime | None = None) -> int:
    """Tell each territory's staff about requests unanswered for 48 hours, once per request."""
    now = now or timezone.now()
    due = list(
        HelpRequest.objects.unanswered_since(now - UNANSWERED_AFTER)
        .filter(staff_alerted_at__isnull=True)
        .select_related("territory")
    )
    for help_request in due:
        with transaction.atomic():
            # Claim it first: two runs at once never tell the staff twice.
            claimed = HelpRequest.objects.filter(
                pk=help_request.pk, staff_alerted_at__isnull=True
            ).update(staff_alerted_at=now)
            if not claimed:
                continue
            for person in territory_staff(help_request.territory):
                with translation.override(recipient_language(person)):
                    notify(
                        recipients=person,
                        kind=UNANSWERED,
                        title=_("No answer for 48 hours: “%(title)s”")
                        % {"title": help_request.title},
                        body=_(
                            "Nobody has answered yet. You can ask people directly from its page."
                        ),
                        url=help_request.get_absolute_url(),
                    )
    return len(due)
