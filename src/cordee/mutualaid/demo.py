"""The demo network's mutual aid: about 25 help requests of the last months.

Some are discreet, some solved with their answers, a few made into practice
sheets, one unanswered for days (the staff see it). Askers and helpers are
people of the demo network; the demo accounts take part (the head asks
discreetly, the expert answers on surface treatment). Safe to run again: it
does nothing once its first request exists.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from cordee.accounts.models import User
from cordee.knowledge.models import Theme
from cordee.mutualaid.demo_requests import REQUESTS, DemoRequest
from cordee.mutualaid.models import (
    Answer,
    HelpRequest,
    HelpRequestStatus,
    Solicitation,
)
from cordee.network.access import Access
from cordee.network.models import Affiliation, Organisation, Skill


def load_mutualaid_demo() -> int:
    """Create the demo's help requests unless they are there; return how many were made."""
    if HelpRequest.objects.filter(title=REQUESTS[0].title).exists():
        return 0
    accounts = {
        persona: User.objects.filter(email=f"{persona}@example.org").first()
        for persona in ("head", "member", "expert", "staff")
    }
    if accounts["staff"] is None or accounts["head"] is None:
        return 0
    people = _pool()
    if len(people) < 50:
        return 0
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    now = timezone.now()
    with transaction.atomic():
        for index, item in enumerate(REQUESTS):
            _make(item, index, now, accounts, people, skills, themes)
    return len(REQUESTS)


def _pool() -> list[tuple[User, Organisation]]:
    """People of member organisations, in a fixed order, with their organisation."""
    affiliations = (
        Affiliation.objects.current()
        .filter(
            organisation__in=Organisation.objects.in_good_standing(),
            person__email__endswith=".example",
        )
        .select_related("person", "organisation")
        .order_by("organisation__slug", "person__email")
    )
    seen: set[int] = set()
    pool = []
    for affiliation in affiliations[:2000]:
        if affiliation.person_id in seen:
            continue
        seen.add(affiliation.person_id)
        pool.append((affiliation.person, affiliation.organisation))
    # Spread over the network, not one company after another.
    return pool[::7][:120]


def _person(
    key: str | int,
    accounts: dict[str, User | None],
    people: list[tuple[User, Organisation]],
    offset: int,
) -> User:
    if isinstance(key, str):
        account = accounts[key]
        assert account is not None
        return account
    return people[(key * 3 + offset) % len(people)][0]


def _make(
    item: DemoRequest,
    index: int,
    now: datetime,
    accounts: dict[str, User | None],
    people: list[tuple[User, Organisation]],
    skills: dict[str, Skill],
    themes: dict[str, Theme],
) -> None:
    from cordee.mutualaid.capitalise import help_request_capitalise
    from cordee.mutualaid.services import _index, asker_organisation

    asker = _person(item.asker, accounts, people, offset=1)
    organisation = asker_organisation(asker, Access.for_user(asker))
    created = now - timedelta(days=item.days_ago)
    help_request = HelpRequest.objects.create(
        title=item.title,
        description=item.description,
        urgency=item.urgency,
        is_discreet=item.discreet,
        theme=themes.get(item.theme),
        asker=asker,
        organisation=organisation,
        territory=organisation.territory if organisation else None,
        created_at=created,
    )
    help_request.skills.set([skills[slug] for slug in item.skills if slug in skills])
    help_request.followers.add(asker)
    for position, answer in enumerate(item.answers):
        helper = _person(answer.helper, accounts, people, offset=60)
        if helper.pk == asker.pk:
            continue
        at = created + timedelta(hours=5 + 20 * position)
        Answer.objects.create(
            help_request=help_request,
            author=helper,
            organisation=asker_organisation(helper, Access.for_user(helper)),
            body=answer.body,
            is_solution=answer.solution,
            created_at=min(at, now),
        )
        help_request.followers.add(helper)
        if position == 0:
            help_request.first_answer_at = min(at, now)
    for persona in item.asked:
        Solicitation.objects.get_or_create(
            help_request=help_request,
            person=accounts[persona],
            defaults={
                "score": 0.9,
                "reasons": ["déclarée experte en traitement de surface"],
                "notified_at": created + timedelta(minutes=10),
            },
        )
    if any(answer.solution for answer in item.answers):
        help_request.status = HelpRequestStatus.SOLVED
        help_request.solved_at = min(created + timedelta(days=2), now)
    if item.outcome:
        help_request.outcome = item.outcome
        help_request.closed_at = min(created + timedelta(days=4), now)
    if not item.answers and item.days_ago > 2:
        # The staff were told when it passed 48 hours unanswered.
        help_request.staff_alerted_at = created + timedelta(hours=48)
    help_request.save()
    _index(help_request)
    if item.capitalise:
        staff = _person("staff", accounts, people, offset=0)
        help_request_capitalise(help_request=help_request, by=staff, access=Access.for_user(staff))
