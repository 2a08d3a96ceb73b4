"""Workflows of the network's pages: an organisation's page and its people."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cordee.accounts.models import Invitation, User
from cordee.accounts.services import invitation_send
from cordee.audit.services import audit_record
from cordee.network.models import Affiliation, Organisation

if TYPE_CHECKING:
    from cordee.network.forms import OrganisationForm


def organisation_update(*, request: HttpRequest, form: OrganisationForm) -> Organisation:
    """Save an organisation's page from a valid form and record who changed what.

    The logo file it replaces is deleted once the change is committed, so that
    a failed save never leaves the page pointing at a missing file.
    """
    previous_logo = form.previous_logo
    with transaction.atomic():
        organisation = form.save()
        audit_record(
            action="organisation.updated",
            request=request,
            target=organisation,
            details={"fields": sorted(form.changed_data)},
        )
        if previous_logo and previous_logo != organisation.logo.name:
            storage = organisation.logo.storage
            transaction.on_commit(lambda: storage.delete(previous_logo))
    return organisation


def _lock_organisation(organisation: Organisation) -> None:
    # Changes to who is company head are serialised per organisation, so that
    # two heads removing each other at the same time cannot leave none.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


def _other_heads(affiliation: Affiliation) -> bool:
    return (
        Affiliation.objects.current()
        .filter(organisation_id=affiliation.organisation_id, is_head=True)
        .exclude(pk=affiliation.pk)
        .exists()
    )


def affiliation_update(
    *, request: HttpRequest, affiliation: Affiliation, job_title: str, is_head: bool
) -> Affiliation:
    """Change a person's job title in an organisation, and whether they are a company head.

    Once an organisation has a company head it keeps at least one: removing
    the last one is refused.
    """
    with transaction.atomic():
        _lock_organisation(affiliation.organisation)
        if affiliation.is_head and not is_head and not _other_heads(affiliation):
            raise ValidationError(
                _(
                    "%(name)s is the only company head of %(organisation)s: make a colleague "
                    "company head first, then remove this one."
                )
                % {
                    "name": affiliation.person.display_name,
                    "organisation": affiliation.organisation,
                }
            )
        changed = {
            "job_title": affiliation.job_title != job_title,
            "is_head": affiliation.is_head != is_head,
        }
        affiliation.job_title = job_title
        affiliation.is_head = is_head
        affiliation.save(update_fields=["job_title", "is_head"])
        audit_record(
            action="affiliation.updated",
            request=request,
            target=affiliation,
            details={"fields": [name for name, value in changed.items() if value]},
        )
    return affiliation


def affiliation_end(*, request: HttpRequest, affiliation: Affiliation) -> Affiliation:
    """A person leaves the organisation today; their account stays.

    The last company head may only leave when nobody else remains, since
    otherwise the organisation would be left without anyone to manage it.
    """
    with transaction.atomic():
        _lock_organisation(affiliation.organisation)
        if affiliation.ended_on is not None:
            raise ValidationError(
                _("%(name)s has already left %(organisation)s.")
                % {
                    "name": affiliation.person.display_name,
                    "organisation": affiliation.organisation,
                }
            )
        others = (
            Affiliation.objects.current()
            .filter(organisation_id=affiliation.organisation_id)
            .exclude(pk=affiliation.pk)
        )
        if affiliation.is_head and others.exists() and not _other_heads(affiliation):
            raise ValidationError(
                _(
                    "%(name)s is the only company head of %(organisation)s: make a colleague "
                    "company head first, then end this affiliation."
                )
                % {
                    "name": affiliation.person.display_name,
                    "organisation": affiliation.organisation,
                }
            )
        affiliation.ended_on = timezone.localdate()
        affiliation.is_head = False
        affiliation.save(update_fields=["ended_on", "is_head"])
        audit_record(action="affiliation.ended", request=request, target=affiliation)
    return affiliation


def colleague_invite(
    *,
    request: HttpRequest,
    organisation: Organisation,
    email: str,
    job_title: str = "",
    message: str = "",
) -> Affiliation | Invitation:
    """Add a person to an organisation's people by their e-mail address.

    Someone who already has an account is affiliated at once (and told
    nothing yet); anyone else receives an invitation, and joins the
    organisation when they create their account.
    """
    email = email.strip().lower()
    person = User.objects.filter(email__iexact=email).first()
    with transaction.atomic():
        if person is None:
            invitation = invitation_send(
                request=request,
                email=email,
                message=message,
                organisation=organisation,
                job_title=job_title,
            )
            audit_record(
                action="colleague.invited",
                request=request,
                target=organisation,
                details={"invitation": invitation.pk},
            )
            return invitation
        if not person.is_active or person.erased_at:
            raise ValidationError(
                _(
                    "The account of %(email)s is closed: ask the network staff to reopen it "
                    "before adding this person."
                )
                % {"email": email}
            )
        if Affiliation.objects.current().filter(person=person, organisation=organisation).exists():
            raise ValidationError(
                _("%(name)s is already one of the people of %(organisation)s.")
                % {"name": person.display_name, "organisation": organisation}
            )
        affiliation = Affiliation.objects.create(
            person=person, organisation=organisation, job_title=job_title
        )
        audit_record(action="affiliation.added", request=request, target=affiliation)
    return affiliation


def affiliation_from_invitation(*, invitation: Invitation, person: User) -> Affiliation | None:
    """Make the person who accepted a colleague's invitation one of the organisation's people."""
    if invitation.organisation_id is None:
        return None
    with transaction.atomic():
        affiliation, created = Affiliation.objects.get_or_create(
            person=person,
            organisation_id=invitation.organisation_id,
            ended_on=None,
            defaults={"job_title": invitation.job_title},
        )
        if created:
            audit_record(
                action="affiliation.added",
                actor=person,
                target=affiliation,
                details={"invitation": invitation.pk},
            )
    return affiliation
