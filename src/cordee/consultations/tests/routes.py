"""The consultations' URLs in the roles × URLs matrix (see cordee.core.testing.matrix).

A consultation of the whole network is seen by members in good standing and
staff; the funder and the outsider (a lapsed member) get a 404, visitors are
asked to log in. It is run by the whole network's staff, not by the Arve
coordinator; a draft over the Arve valley is seen by its coordinator too.
"""

from cordee.consultations.models import Phase
from cordee.consultations.services import consultation_move, contribution_create
from cordee.consultations.tests.factories import make_consultation
from cordee.core.testing.matrix import ROLES, Route, everyone, logged_in, staff_only
from cordee.network.access import Access
from cordee.network.models import Territory
from cordee.network.scopes import Scope

MEMBERS_AND_STAFF = {"member", "head", "expert", "staff", "coordinator", "admin"}


def _statuses(default: int, **statuses: int) -> dict[str, int]:
    return {role: statuses.get(role, default) for role in ROLES}


SEEN = _statuses(404, visitor=302, **dict.fromkeys(MEMBERS_AND_STAFF, 200))
DRAFT = _statuses(404, visitor=302, staff=200, admin=200, coordinator=200)
MANAGE = _statuses(403, visitor=302, staff=200, admin=200)
# Who took part, while contributions run: its organisers only.
PARTICIPATION_EARLY = _statuses(404, visitor=302, staff=200, admin=200)
# Revising: the author (the head) only.
REVISE = _statuses(403, visitor=302, funder=404, outsider=404, head=200)


def _id(name):
    return lambda objects: [getattr(objects, name).public_id]


def _contribution(objects):
    return [objects.consultation.public_id, objects.contribution.public_id]


ROUTES = [
    Route("consultations:list", everyone(200)),
    Route("consultations:create", staff_only(200)),
    Route("consultations:detail", SEEN, args=_id("consultation")),
    Route("consultations:detail", DRAFT, args=_id("draft_consultation")),
    Route("consultations:contribute", logged_in(405), args=_id("consultation")),
    Route("consultations:participation", PARTICIPATION_EARLY, args=_id("consultation")),
    Route("consultations:participation", SEEN, args=_id("decided_consultation")),
    Route("consultations:edit", MANAGE, args=_id("consultation")),
    Route("consultations:open", staff_only(405), args=_id("draft_consultation")),
    Route("consultations:phase", staff_only(405), args=_id("consultation")),
    Route("consultations:manage", MANAGE, args=_id("consultation")),
    Route("consultations:synthesis", MANAGE, args=_id("decided_consultation")),
    Route("consultations:contribution", SEEN, args=_contribution),
    Route("consultations:support", logged_in(405), args=_contribution),
    Route("consultations:comment", logged_in(405), args=_contribution),
    Route("consultations:revise", REVISE, args=_contribution),
    Route("consultations:merge", MANAGE, args=_contribution),
    Route("consultations:sort", staff_only(405), args=_contribution),
]


def prepare(objects):
    objects.consultation = make_consultation(objects.staff, title="Feuille de route 2027")
    objects.contribution = contribution_create(
        consultation=objects.consultation,
        kind="proposal",
        title="Mutualiser les régleurs",
        body="Partager des régleurs entre entreprises voisines.",
        by=objects.head,
        access=Access.for_user(objects.head),
    )
    objects.draft_consultation = make_consultation(
        objects.staff,
        title="Charte de l'antenne",
        publish=False,
        scope=Scope.TERRITORY,
        scope_territory=Territory.objects.get(slug="arve"),
    )
    objects.decided_consultation = make_consultation(objects.staff, title="Bilan 2025")
    consultation_move(
        consultation=objects.decided_consultation, to=Phase.DECISION, by=objects.staff
    )
