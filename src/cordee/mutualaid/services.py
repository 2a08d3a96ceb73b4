"""Workflows of mutual aid: asking, routing to people with the asker's consent, answering,
offering to talk, solving, and turning the solution into a practice sheet.

Discretion: notifications, e-mails and audit details written here never name
the asker nor their company, whatever the request; only the request's own
page, through :meth:`HelpRequest.asker_shown_to`, shows them to who may know.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cordee.audit.models import ACTION_LABELS
from cordee.audit.services import audit_record
from cordee.knowledge.markdown import plain_text
from cordee.knowledge.models import ArticleKind, ArticleStatus, Theme
from cordee.mutualaid.models import (
    UNANSWERED_AFTER,
    Answer,
    Attachment,
    Audience,
    HelperAvailability,
    HelpOffer,
    HelpRequest,
    HelpRequestStatus,
    PeerSession,
    Solicitation,
)
from cordee.network.access import Access
from cordee.network.models import Affiliation, Organisation, Skill, Territory
from cordee.network.scopes import Scope
from cordee.notifications.emails import recipient_language
from cordee.notifications.services import notify

if TYPE_CHECKING:
    from cordee.accounts.models import User
    from cordee.knowledge.models import Article

ASKED = "mutualaid.asked"
ANSWERED = "mutualaid.answered"
OFFERED = "mutualaid.offered"
OFFER_ACCEPTED = "mutualaid.offer_accepted"
UNANSWERED = "mutualaid.unanswered"
SESSION_INVITED = "mutualaid.session_invited"

# People proposed by the routing, and articles.
PROPOSED_PEOPLE = 5
PROPOSED_ARTICLES = 3

ACTION_LABELS.update(
    {
        "mutualaid.posted": gettext_lazy("Asked for help"),
        "mutualaid.posted_discreetly": gettext_lazy("Asked for help discreetly"),
        "mutualaid.people_asked": gettext_lazy("Asked people to help on a request"),
        "mutualaid.offer_accepted": gettext_lazy("Shared contact details on a help request"),
        "mutualaid.capitalised": gettext_lazy("Made a practice sheet from a help request"),
        "mutualaid.closed": gettext_lazy("Closed a help request"),
    }
)


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

    if not may_ask(access):
        raise ValidationError(
            _("Only people of a member organisation in good standing can ask for help.")
        )
    _check_audience(data, access)
    checked = [(upload, check_upload(upload)) for upload in uploads]
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
        audit_record(
            action="mutualaid.posted_discreetly" if data.is_discreet else "mutualaid.posted",
            request=request,
            actor=by,
            target=help_request,
        )
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
            audit_record(
                action="mutualaid.people_asked",
                request=request,
                actor=by,
                target=help_request,
                details={"people": len(waiting)},
            )
    return waiting


def may_choose_helpers(help_request: HelpRequest, access: Access) -> bool:
    """The asker chooses whom to notify; the staff of the request's territory may too."""
    return help_request.is_asked_by(access) or is_manager(help_request, access)


def is_manager(help_request: HelpRequest, access: Access) -> bool:
    """Staff over the request's territory: they know who asks, and follow the request up."""
    if not access.is_staff:
        return False
    if help_request.territory_id is None:
        return access.is_staff_for(None)
    return access.is_staff_for(help_request.territory)


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
    if not is_manager(help_request, access):
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
    if not (help_request.is_asked_by(access) or is_manager(help_request, access)):
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
        audit_record(action="mutualaid.closed", request=request, actor=by, target=help_request)


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
        audit_record(
            action="mutualaid.offer_accepted", request=request, actor=by, target=help_request
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


# Back into knowledge.


def helpers_of(help_request: HelpRequest) -> list[User]:
    """Who helped: authors of the solution first, then of other answers and accepted offers;
    never the asker."""
    people: dict[int, User] = {}
    answers = (
        help_request.answers.filter(hidden_at__isnull=True, author__isnull=False)
        .exclude(author_id=help_request.asker_id)
        .select_related("author")
        .order_by("-is_solution", "parent_id", "created_at")
    )
    for answer in answers:
        people.setdefault(answer.author_id, answer.author)
    for offer in help_request.offers.filter(accepted_at__isnull=False).select_related("helper"):
        people.setdefault(offer.helper_id, offer.helper)
    return [person for person in people.values() if not person.erased_at]


def may_capitalise(help_request: HelpRequest, access: Access) -> bool:
    return help_request.status == HelpRequestStatus.SOLVED and (
        help_request.is_asked_by(access) or is_manager(help_request, access)
    )


def help_request_capitalise(
    *, help_request: HelpRequest, by: User, access: Access, request: HttpRequest | None = None
) -> Article:
    """Make a draft practice sheet from a solved request: question, solution, outcome.

    Those who helped are its co-authors. A discreet asker is neither an author
    nor named, nor their company; the draft's first revision then names
    nobody as its author.
    """
    from cordee.knowledge.services import ArticleData, article_create

    if not may_capitalise(help_request, access):
        raise ValidationError(
            _("Only a solved request becomes a practice sheet, by its asker or the staff.")
        )
    if help_request.capitalised_as_id:
        raise ValidationError(_("This request is already a practice sheet."))
    helpers = helpers_of(help_request)
    discreet = help_request.is_discreet
    authors = list(helpers)
    if not discreet and help_request.asker and not help_request.asker.erased_at:
        authors.append(help_request.asker)
    if not authors:
        authors = [by] if not (discreet and help_request.is_asked_by(access)) else []
    if not authors:
        raise ValidationError(
            _("Nobody else answered this request: there is nobody to credit as author yet.")
        )
    scope, scope_territory = Scope.NETWORK, None
    if help_request.audience == Audience.TERRITORY:
        scope, scope_territory = Scope.TERRITORY, help_request.audience_territory
    elif help_request.audience == Audience.ORGANISATIONS and help_request.territory:
        scope, scope_territory = Scope.TERRITORY, help_request.territory
    with transaction.atomic():
        article = article_create(
            data=ArticleData(
                title=help_request.title,
                kind=ArticleKind.PRACTICE,
                summary=_capitalised_summary(help_request),
                body=_capitalised_body(help_request),
                scope=scope,
                scope_territory=scope_territory,
                status=ArticleStatus.DRAFT,
                organisation=None if discreet else help_request.organisation,
                authors=authors,
                themes=[help_request.theme] if help_request.theme else [],
                skills=list(help_request.skills.all()),
            ),
            by=by,
            access=access,
            note=_("Made from a solved help request"),
        )
        if discreet and help_request.is_asked_by(access):
            # The draft's history would name the discreet asker: it names nobody.
            article.revisions.update(author=None)
            type(article).objects.filter(pk=article.pk).update(created_by=None)
            article.created_by = None
        help_request.capitalised_as = article
        help_request.save(update_fields=["capitalised_as"])
        audit_record(action="mutualaid.capitalised", request=request, actor=by, target=article)
    return article


def _capitalised_summary(help_request: HelpRequest) -> str:
    return plain_text(help_request.description)[:600]


def _capitalised_body(help_request: HelpRequest) -> str:
    solutions = list(
        help_request.answers.filter(is_solution=True, hidden_at__isnull=True).order_by("created_at")
    )
    if not solutions:
        solutions = list(
            help_request.answers.filter(parent__isnull=True, hidden_at__isnull=True)
            .exclude(author_id=help_request.asker_id)
            .order_by("created_at")[:1]
        )
    parts = [f"## {_('The problem')}", help_request.description.strip()]
    if solutions:
        parts += [f"## {_('What solved it')}"] + [answer.body.strip() for answer in solutions]
    if help_request.outcome:
        parts += [f"## {_('Outcome')}", help_request.outcome.strip()]
    return "\n\n".join(parts)


def answered_counts(
    person_ids: Iterable[int], *, solutions_only: bool = False
) -> dict[int, dict[str, int]]:
    """Earned expertise: for each person, how many requests they answered, by theme and
    technical theme (their translated names): ``{person_id: {"Surface treatment": 4}}``.

    Comments, hidden answers and answers to one's own request do not count; a
    request counts once per person. ``solutions_only``: answers chosen as the
    solution only. Two queries whatever the number of people.
    """
    answers = Answer.objects.filter(
        author_id__in=list(person_ids), parent__isnull=True, hidden_at__isnull=True
    ).exclude(help_request__asker_id=F("author_id"))
    if solutions_only:
        answers = answers.filter(is_solution=True)
    pairs = set(answers.values_list("author_id", "help_request_id"))
    request_ids = {request_id for _author, request_id in pairs}
    labels: dict[int, list[str]] = {request_id: [] for request_id in request_ids}
    requests = HelpRequest.objects.filter(pk__in=request_ids).select_related("theme")
    for help_request in requests.prefetch_related("skills"):
        if help_request.theme:
            labels[help_request.pk].append(help_request.theme.name)
        labels[help_request.pk] += [skill.name for skill in help_request.skills.all()]
    counts: dict[int, dict[str, int]] = {}
    for author_id, request_id in pairs:
        person = counts.setdefault(author_id, {})
        for label in labels.get(request_id, []):
            person[label] = person.get(label, 0) + 1
    return counts


# Peer sessions.


def peer_session_plan(
    *,
    help_request: HelpRequest,
    by: User,
    access: Access,
    starts_at: datetime,
    place: str,
    invited: Sequence[User],
) -> PeerSession:
    """Meet at the plant of the member with the problem; the invited people are told.

    On a discreet request only the asker plans it: inviting people there tells
    them who asks, which is the asker's choice alone.
    """
    if not may_plan_session(help_request, access):
        raise ValidationError(_("Only the person who asked, or the staff, can plan a session."))
    if hasattr(help_request, "peer_session"):
        raise ValidationError(_("This request already has a peer session."))
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": _("Choose a date in the future.")})
    if not place.strip():
        raise ValidationError({"place": _("Say where the session takes place.")})
    with transaction.atomic():
        session = PeerSession.objects.create(
            help_request=help_request, starts_at=starts_at, place=place.strip(), created_by=by
        )
        people = [person for person in invited if person.pk != by.pk]
        session.invited.set(people)
        for person in people:
            with translation.override(recipient_language(person)):
                notify(
                    recipients=person,
                    kind=SESSION_INVITED,
                    title=_("Invitation to a peer session: “%(title)s”")
                    % {"title": help_request.title},
                    body=_("On %(date)s, %(place)s.")
                    % {
                        "date": timezone.localtime(starts_at).strftime("%d/%m/%Y %H:%M"),
                        "place": session.place,
                    },
                    url=session.get_absolute_url(),
                )
    return session


def may_plan_session(help_request: HelpRequest, access: Access) -> bool:
    if help_request.is_asked_by(access):
        return True
    if help_request.is_discreet:
        return False
    return is_manager(help_request, access)


def peer_session_write_notes(*, session: PeerSession, notes: str, by: User) -> None:
    session.notes = notes.strip()[:20000]
    session.save(update_fields=["notes"])


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
