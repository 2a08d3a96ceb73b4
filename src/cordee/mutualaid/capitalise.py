"""Back into knowledge: a solved request becomes a draft practice sheet, and answers
become people's earned expertise."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _

from cordee.knowledge.markdown import plain_text
from cordee.knowledge.models import ArticleKind, ArticleStatus
from cordee.mutualaid.models import (
    Answer,
    Audience,
    HelpRequest,
    HelpRequestStatus,
)
from cordee.mutualaid.services import help_request_audit
from cordee.network.access import Access
from cordee.network.scopes import Scope

if TYPE_CHECKING:
    from cordee.accounts.models import User
    from cordee.knowledge.models import Article

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
        if answer.author is not None:
            people.setdefault(answer.author.pk, answer.author)
    for offer in help_request.offers.filter(accepted_at__isnull=False).select_related("helper"):
        people.setdefault(offer.helper_id, offer.helper)
    return [person for person in people.values() if not person.erased_at]


def may_capitalise(help_request: HelpRequest, access: Access) -> bool:
    return help_request.status == HelpRequestStatus.SOLVED and (
        help_request.is_asked_by(access) or help_request.is_managed_by(access)
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
        help_request_audit(
            action="mutualaid.capitalised",
            help_request=help_request,
            by=by,
            request=request,
            target=article,
        )
    return article


def _capitalised_summary(help_request: HelpRequest) -> str:
    return plain_text(help_request.description)[:600]


def _capitalised_body(help_request: HelpRequest) -> str:
    solutions = list(
        help_request.answers.filter(is_solution=True, hidden_at__isnull=True).order_by("created_at")
    )
    if not solutions:
        solutions = list(
            help_request.answers.shown_answers()
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
    answers = (
        Answer.objects.shown_answers()
        .filter(author_id__in=list(person_ids))
        .exclude(help_request__asker_id=F("author_id"))
    )
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
