"""The decisions URLs in the roles × URLs matrix (see cordee.core.testing.matrix).

Public decisions are seen by everyone, visitors and funders included;
members-only ones by the members of their scope and the staff (others get a
404, as if they did not exist). Decisions are edited by the staff over their
territory and by the current chair or secretary of their body: here the
company head is the secretary of the board. An action's progress is recorded
by its owner (the member) and the decision's managers.
"""

from datetime import timedelta

from django.utils import timezone

from cordee.core.testing.matrix import ROLES, Route, everyone, logged_in
from cordee.decisions.services import ActionDraft, decision_record
from cordee.governance.models import Body, BodyKind, Mandate, MandateRole
from cordee.network.models import Territory
from cordee.network.scopes import Scope


def _statuses(default: int, **statuses: int) -> dict[str, int]:
    return {role: statuses.get(role, default) for role in ROLES}


MEMBERS_AND_STAFF = ("member", "head", "expert", "staff", "coordinator", "admin")
ARVE = ("member", "head", "staff", "coordinator", "admin")

SEEN_BY_MEMBERS = _statuses(404, **dict.fromkeys(MEMBERS_AND_STAFF, 200))
SEEN_IN_ARVE = _statuses(404, **dict.fromkeys(ARVE, 200))
# The board's decision: whole-network staff and the board's secretary (the head).
MANAGE_BOARD = _statuses(
    404, visitor=302, member=403, expert=403, coordinator=403, head=200, staff=200, admin=200
)
# The Arve valley's decision: its coordinator too; the expert (Annecy) does not see it.
MANAGE_ARVE = _statuses(
    404, visitor=302, member=403, head=403, staff=200, admin=200, coordinator=200
)
# The member owns the action.
PROGRESS = {**MANAGE_BOARD, "member": 200}
# Staff, and the chair or secretary of a body: the head here, and the member, whom the
# meetings' routes make secretary of their board.
RECORD = _statuses(403, visitor=302, head=200, member=200, staff=200, coordinator=200, admin=200)


def _id(name):
    return lambda objects: [getattr(objects, name).public_id]


def _action(decision, index=0):
    return lambda objects: [
        getattr(objects, decision).public_id,
        getattr(objects, decision).actions.order_by("pk")[index].public_id,
    ]


ROUTES = [
    Route("decisions:register", everyone(200)),
    Route("decisions:followup", everyone(200)),
    Route("decisions:create", RECORD),
    Route("decisions:detail", everyone(200), args=_id("public_decision")),
    Route("decisions:detail", SEEN_BY_MEMBERS, args=_id("board_decision")),
    Route("decisions:detail", SEEN_IN_ARVE, args=_id("arve_decision")),
    Route("decisions:edit", MANAGE_BOARD, args=_id("board_decision")),
    Route("decisions:edit", MANAGE_ARVE, args=_id("arve_decision")),
    Route(
        "decisions:edit",
        {**MANAGE_BOARD, "visitor": 302, "funder": 403, "outsider": 403},
        args=_id("public_decision"),
    ),
    Route("decisions:action_add", MANAGE_BOARD, args=_id("board_decision")),
    Route("decisions:action_edit", MANAGE_BOARD, args=_action("board_decision")),
    Route("decisions:action_progress", PROGRESS, args=_action("board_decision")),
    Route("decisions:action_remove", logged_in(405), args=_action("board_decision")),
]


def prepare(objects):
    today = timezone.localdate()
    board = Body.objects.create(
        name="Conseil d'administration (décisions)", slug="decisions-board", kind=BodyKind.BOARD
    )
    arve = Territory.objects.get(slug="arve")
    branch = Body.objects.create(
        name="Antenne de l'Arve (décisions)",
        slug="decisions-arve",
        kind=BodyKind.BRANCH,
        territory=arve,
    )
    Mandate.objects.create(
        body=board,
        person=objects.head,
        role=MandateRole.SECRETARY,
        starts_on=today - timedelta(days=100),
    )
    objects.public_decision = decision_record(
        title="Publier le bilan des actions collectives",
        text="Le bilan est publié chaque année.",
        decided_on=today - timedelta(days=20),
        body=board,
        scope=Scope.PUBLIC,
        by=objects.staff,
    )
    objects.board_decision = decision_record(
        title="Réviser le barème des cotisations",
        text="Le barème est revu pour 2027.",
        decided_on=today - timedelta(days=10),
        body=board,
        actions=[ActionDraft("Proposer un barème", owner=objects.member)],
        by=objects.staff,
    )
    objects.arve_decision = decision_record(
        title="Organiser une visite d'usine à Cluses",
        text="Une visite par trimestre.",
        decided_on=today - timedelta(days=5),
        body=branch,
        scope=Scope.TERRITORY,
        scope_territory=arve,
        by=objects.coordinator,
    )
