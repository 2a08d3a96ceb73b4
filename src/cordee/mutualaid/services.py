"""Workflows of mutual aid: asking, answering, offering to talk, solving, availability.

Choosing whom to ask is in :mod:`cordee.mutualaid.solicitations`, the loop
back into knowledge in :mod:`cordee.mutualaid.capitalise`, peer sessions in
:mod:`cordee.mutualaid.sessions`.

Discretion: notifications, e-mails and audit details written here never name
the asker nor their company, whatever the request; only the request's own
page, through :meth:`HelpRequest.asker_shown_to`, shows them to who may know.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cordee.audit.models import ACTION_LABELS
from cordee.audit.services import audit_record
from cordee.knowledge.models import Theme
from cordee.mutualaid.models import (
    Answer,
    Attachment,
    Audience,
    HelperAvailability,
    HelpOffer,
    HelpRequest,
    HelpRequestStatus,
)
from cordee.network.access import Access
from cordee.network.models import Affiliation, Organisation, Skill, Territory
from cordee.notifications.emails import recipient_language
from cordee.notifications.services import notify

if TYPE_CHECKING:
    from cordee.accounts.models import User

ASKED = "mutualaid.asked"
ANSWERED = "mutualaid.answered"
OFFERED = "mutualaid.offered"
OFFER_ACCEPTED = "mutualaid.offer_accepted"
UNANSWERED = "mutualaid.unanswered"
SESSION_INVITED = "mutualaid.session_invited"

# People proposed by the routing, and articles.
PROPOSED_PEOPLE = 5
PROPOSED_ARTICLES = 3

_ACTION_LABELS: dict[str, Any] = {
    "mutualaid.posted": gettext_lazy("Asked for help"),
    "mutualaid.posted_discreetly": gettext_lazy("Asked for help discreetly"),
    "mutualaid.people_asked": gettext_lazy("Asked people to help on a request"),
    "mutualaid.offer_accepted": gettext_lazy("Shared contact details on a help request"),
    "mutualaid.capitalised": gettext_lazy("Made a practice sheet from a help request"),
    "mutualaid.closed": gettext_lazy("Closed a help request"),
}
ACTION_LABELS.update(_ACTION_LABELS)


@dataclass
class HelpRequestData:
    """What the "ask for help" form gives."""

    title: str
    description: str
    urgency: str
    audience: str = Audience.NETWORK
    audience_territory: Territory | None = None
    audience_organisations: list[Organisation] = field(default_factory=list)
    is_discreet: bool = False
    theme: Theme | None = None
    skills: list[Skill] = field(default_factory=list)


def help_request_audit(
    *,
    action: str,
    help_request: HelpRequest,
    by: User,
    request: HttpRequest | None = None,
    target: Any = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Record ``action`` on ``help_request`` (or ``target``) in the audit log.

    Every staff member, of any territory, reads that log: what a discreet
    asker does on their own request is recorded without their name nor their
    address. The request itself says who asks, to those who may know.
    """
    unnamed = help_request.is_discreet and by.pk == help_request.asker_id
    audit_record(
        action=action,
        # Without a request, the log keeps neither the asker's address nor their account.
        request=None if unnamed else request,
        actor=None if unnamed else by,
        target=target if target is not None else help_request,
        details=details,
    )


# Who may ask, and for whom.


def may_ask(access: Access) -> bool:
    """People of a member organisation in good standing ask for help; staff too, for them."""
    return access.is_member or access.is_staff


def asker_organisation(user: User, access: Access) -> Organisation | None:
    """The organisation a request is asked for: the person's member organisation (the one
    they head first), else any current one."""
    affiliations = (
        Affiliation.objects.current()
        .filter(person=user)
        .select_related("organisation__territory")
        .order_by("-is_head", "pk")
    )
    chosen = None
    for affiliation in affiliations:
        if affiliation.organisation_id in access.member_organisation_ids:
            return affiliation.organisation
        chosen = chosen or affiliation.organisation
    return chosen


def audience_territories(access: Access) -> Any:
    """Territories a person may address a request to: theirs and those above, and where
    they are staff."""
    paths = {
        "/" + "/".join(parts[: index + 1]) + "/"
        for path in access.member_territory_paths
        for parts in [[part for part in path.split("/") if part]]
        for index in range(len(parts))
    }
    query = Q(path__in=paths)
    for path in access.staff_paths:
        query |= Q(path__startswith=path)
    return Territory.objects.filter(query)


def audience_organisations(access: Access) -> Any:
    """Organisations a request may be shown to: the network's members in good standing."""
    return Organisation.objects.in_good_standing()


def _check_audience(data: HelpRequestData, access: Access) -> None:
    if data.audience == Audience.TERRITORY:
        if data.audience_territory is None:
            raise ValidationError(
                {"audience_territory": _("Choose the territory that may see the request.")}
            )
        if not audience_territories(access).filter(pk=data.audience_territory.pk).exists():
            raise ValidationError(
                {
                    "audience_territory": _(
                        "You can address a request to your own territory or one above it "
                        "only: choose one of the list."
                    )
                }
            )
    if data.audience == Audience.ORGANISATIONS:
        if not data.audience_organisations:
            raise ValidationError(
                {
                    "audience_organisations": _(
                        "Choose at least one organisation that may see the request."
                    )
                }
            )
        allowed = set(
            audience_organisations(access)
            .filter(pk__in=[org.pk for org in data.audience_organisations])
            .values_list("pk", flat=True)
        )
        refused = [org.name for org in data.audience_organisations if org.pk not in allowed]
        if refused:
            raise ValidationError(
                {
                    "audience_organisations": _(
                        "These organisations are not members of the network in good "
                        "standing, so a request cannot be shown to them: %(names)s."
                    )
                    % {"names": ", ".join(refused)}
                }
            )


def help_request_post(
    *,
    data: HelpRequestData,
    by: User,
    access: Access,
    uploads: Sequence[UploadedFile] = (),
    request: HttpRequest | None = None,
) -> HelpRequest:
    """Post a request, attach its files, index it, and store whom the routing proposes.

    Nobody is notified yet: the asker chooses among the proposals
    (:func:`solicitations_send`).
    """
    from cordee.knowledge.attachments import check_upload
    from cordee.mutualaid.scrub import scrub_upload

    if not may_ask(access):
        raise ValidationError(
            _("Only people of a member organisation in good standing can ask for help.")
        )
    _check_audience(data, access)
    checked = []
    for upload in uploads:
        file_type = check_upload(upload)
        checked.append((scrub_upload(upload, file_type), file_type))
    organisation = asker_organisation(by, access)
    with transaction.atomic():
        help_request = HelpRequest(
            title=data.title.strip(),
            description=data.description.strip(),
            urgency=data.urgency,
            audience=data.audience,
            audience_territory=(
                data.audience_territory if data.audience == Audience.TERRITORY else None
            ),
            is_discreet=data.is_discreet,
            theme=data.theme,
            asker=by,
            organisation=organisation,
            territory=organisation.territory if organisation else None,
        )
        help_request.full_clean(exclude=["asker"])
        help_request.save()
        help_request.skills.set(data.skills)
        if data.audience == Audience.ORGANISATIONS:
            help_request.audience_organisations.set(data.audience_organisations)
        help_request.followers.add(by)
        for upload, file_type in checked:
            _attach(help_request, upload, file_type, by=by)
        _index(help_request)
        help_request_audit(
            action="mutualaid.posted_discreetly" if data.is_discreet else "mutualaid.posted",
            help_request=help_request,
            by=by,
            request=request,
        )
        from cordee.mutualaid.solicitations import proposals_refresh

        proposals_refresh(help_request=help_request)
    return help_request


def _attach(help_request: HelpRequest, upload: UploadedFile, file_type: Any, *, by: User) -> None:
    import hashlib

    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    Attachment.objects.create(
        help_request=help_request,
        file=upload,
        original_name=(upload.name or "file")[:255],
        content_type=file_type.content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )


def _index(help_request: HelpRequest) -> None:
    from cordee.knowledge.search import index_object
    from cordee.mutualaid.search import HelpRequestSource

    index_object(HelpRequestSource.name, help_request)


# Answers, offers, solving.


def answer_post(
    *, help_request: HelpRequest, by: User, access: Access, body: str, parent: Answer | None = None
) -> Answer:
    """Answer a request (or comment on an answer); followers are told, the author follows."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write your answer before sending it.")})
    if help_request.status == HelpRequestStatus.CLOSED:
        raise ValidationError(_("This request is closed: it takes no more answers."))
    if parent is not None and (parent.help_request_id != help_request.pk or parent.parent_id):
        raise ValidationError(_("You can comment on an answer of this request only."))
    organisation = None
    if not help_request.is_asked_by(access):
        organisation = (
            Organisation.objects.filter(pk__in=access.organisation_ids).order_by("pk").first()
        )
    with transaction.atomic():
        answer = Answer.objects.create(
            help_request=help_request,
            parent=parent,
            author=by,
            organisation=organisation,
            body=body[:20000],
        )
        if parent is None and not help_request.is_asked_by(access):
            HelpRequest.objects.filter(pk=help_request.pk, first_answer_at__isnull=True).update(
                first_answer_at=answer.created_at
            )
        help_request.followers.add(by)
        _index(help_request)
        followers = help_request.followers.exclude(pk=by.pk)
        for follower in followers:
            with translation.override(recipient_language(follower)):
                notify(
                    recipients=follower,
                    kind=ANSWERED,
                    title=(
                        _("New comment on “%(title)s”")
                        if parent
                        else _("New answer to “%(title)s”")
                    )
                    % {"title": help_request.title},
                    url=answer.get_absolute_url(),
                )
    return answer


def answer_mark_solution(*, answer: Answer, by: User, access: Access) -> None:
    """The asker says this answer solved their problem; the request is solved."""
    help_request = answer.help_request
    if not help_request.is_asked_by(access):
        raise ValidationError(_("Only the person who asked can choose the solution."))
    if answer.parent_id is not None or answer.is_hidden:
        raise ValidationError(_("Choose an answer, not a comment, as the solution."))
    if answer.author_id is not None and answer.author_id == help_request.asker_id:
        raise ValidationError(_("Choose someone else's answer as the solution, not your own."))
    with transaction.atomic():
        Answer.objects.filter(pk=answer.pk).update(is_solution=True)
        if help_request.status == HelpRequestStatus.OPEN:
            help_request.status = HelpRequestStatus.SOLVED
            help_request.solved_at = timezone.now()
            help_request.save(update_fields=["status", "solved_at"])
            _index(help_request)


def help_request_close(
    *,
    help_request: HelpRequest,
    by: User,
    access: Access,
    outcome: str,
    solved: bool,
    request: HttpRequest | None = None,
) -> None:
    """The asker (or the territory's staff) closes the request and says how it ended."""
    if not (help_request.is_asked_by(access) or help_request.is_managed_by(access)):
        raise ValidationError(_("Only the person who asked, or the staff, can close it."))
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError(
            {"outcome": _("Say in a sentence how it ended: it helps the next person.")}
        )
    with transaction.atomic():
        now = timezone.now()
        help_request.outcome = outcome[:5000]
        if solved:
            help_request.status = HelpRequestStatus.SOLVED
            help_request.solved_at = help_request.solved_at or now
        else:
            help_request.status = HelpRequestStatus.CLOSED
        help_request.closed_at = now
        help_request.save(update_fields=["outcome", "status", "solved_at", "closed_at"])
        _index(help_request)
        help_request_audit(
            action="mutualaid.closed", help_request=help_request, by=by, request=request
        )


def follow_toggle(*, help_request: HelpRequest, by: User) -> bool:
    """Follow the request (be told of its answers), or stop; returns whether followed now."""
    if help_request.followers.filter(pk=by.pk).exists():
        help_request.followers.remove(by)
        return False
    help_request.followers.add(by)
    return True


def offer_make(*, help_request: HelpRequest, by: User, access: Access, message: str) -> HelpOffer:
    """ "I can help, let's talk": the asker is told and may accept to exchange contacts."""
    if help_request.is_asked_by(access):
        raise ValidationError(_("You asked this question: wait for others' offers."))
    if not help_request.is_open:
        raise ValidationError(_("This request is no longer open."))
    with transaction.atomic():
        offer, created = HelpOffer.objects.get_or_create(
            help_request=help_request, helper=by, defaults={"message": message.strip()[:2000]}
        )
        if not created:
            raise ValidationError(_("You already offered to help on this request."))
        asker = help_request.asker
        if asker is not None:
            with translation.override(recipient_language(asker)):
                notify(
                    recipients=asker,
                    kind=OFFERED,
                    title=_("Someone offers to talk about “%(title)s”")
                    % {"title": help_request.title},
                    body=_(
                        "Accept the offer to share your contact details with each other; "
                        "until then, nothing is shared."
                    ),
                    url=help_request.get_absolute_url() + "#offers",
                )
    return offer


def offer_answer(
    *,
    offer: HelpOffer,
    accept: bool,
    by: User,
    access: Access,
    request: HttpRequest | None = None,
) -> None:
    """The asker accepts (both sides then see each other's e-mail and phone) or declines."""
    help_request = offer.help_request
    if not help_request.is_asked_by(access):
        raise ValidationError(_("Only the person who asked can answer an offer."))
    if offer.accepted_at or offer.declined_at:
        raise ValidationError(_("You already answered this offer."))
    with transaction.atomic():
        now = timezone.now()
        if not accept:
            offer.declined_at = now
            offer.save(update_fields=["declined_at"])
            return
        offer.accepted_at = now
        offer.save(update_fields=["accepted_at"])
        help_request_audit(
            action="mutualaid.offer_accepted", help_request=help_request, by=by, request=request
        )
        with translation.override(recipient_language(offer.helper)):
            notify(
                recipients=offer.helper,
                kind=OFFER_ACCEPTED,
                title=_("Your offer to help on “%(title)s” was accepted")
                % {"title": help_request.title},
                body=_("Open the request to see how to reach the person who asked."),
                url=help_request.get_absolute_url() + "#offers",
            )


# Availability.


def availability_for(person: User) -> HelperAvailability:
    return HelperAvailability.objects.filter(person=person).first() or HelperAvailability(
        person=person
    )


def availability_save(
    *, person: User, accepts_requests: bool, away_until: Any = None
) -> HelperAvailability:
    if away_until is not None and away_until < timezone.localdate():
        raise ValidationError(
            {"away_until": _("This date is past: leave it empty if you are here.")}
        )
    availability, _created = HelperAvailability.objects.update_or_create(
        person=person,
        defaults={"accepts_requests": accepts_requests, "away_until": away_until},
    )
    return availability
