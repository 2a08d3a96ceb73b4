"""Telling people: a consultation opens in their scope, someone answers their
contribution or comment, the consultation they took part in changes phase."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from cordee.accounts.models import User
from cordee.consultations.models import Comment, Consultation, Support
from cordee.network.models import Affiliation, Organisation
from cordee.network.scopes import Scope
from cordee.notifications.services import notify

OPENED = "consultations.opened"
ANSWERED = "consultations.answered"
PHASE_CHANGED = "consultations.phase"


def scope_people(consultation: Consultation) -> QuerySet[User]:
    """The people a consultation is addressed to: members of its scope."""
    if consultation.scope == Scope.GROUP and consultation.scope_group is not None:
        return consultation.scope_group.members.all()
    organisations = Organisation.objects.in_good_standing()
    if consultation.scope == Scope.TERRITORY and consultation.scope_territory is not None:
        organisations = organisations.in_territory(consultation.scope_territory)
    return User.objects.filter(
        pk__in=Affiliation.objects.current()
        .filter(organisation__in=organisations.values("pk"))
        .values("person_id")
    )


def participants(consultation: Consultation) -> QuerySet[User]:
    """Everyone who contributed, commented or supported."""
    contributions = consultation.contributions.all()
    return User.objects.filter(
        Q(pk__in=contributions.values("author_id"))
        | Q(pk__in=Comment.objects.filter(contribution__in=contributions).values("author_id"))
        | Q(pk__in=Support.objects.filter(contribution__in=contributions).values("person_id"))
    )


def notify_opened(consultation: Consultation, *, by: User | None) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            recipients=scope_people(consultation),
            kind=OPENED,
            title=_("Consultation: %(title)s") % {"title": consultation.title},
            body=_("Contributions are open until %(until)s.")
            % {"until": consultation.contributions_until.strftime("%d/%m/%Y")},
            url=consultation.get_absolute_url(),
            exclude=by,
        )


def notify_phase(consultation: Consultation, *, by: User | None) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            recipients=participants(consultation),
            kind=PHASE_CHANGED,
            title=_("%(title)s: %(phase)s phase")
            % {"title": consultation.title, "phase": consultation.get_phase_display()},
            body=_("The consultation you took part in has moved to its %(phase)s phase.")
            % {"phase": consultation.get_phase_display()},
            url=consultation.get_absolute_url(),
            exclude=by,
        )


def notify_comment(comment: Comment) -> None:
    contribution = comment.contribution
    recipients = {contribution.author}
    if comment.parent is not None:
        recipients.add(comment.parent.author)
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            recipients=recipients,
            kind=ANSWERED,
            title=_("%(person)s answered about “%(title)s”")
            % {"person": comment.author.display_name, "title": contribution.title},
            body=comment.body[:300],
            url=comment.get_absolute_url(),
            exclude=comment.author,
        )
