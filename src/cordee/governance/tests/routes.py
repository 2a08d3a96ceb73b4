"""The governance URLs in the roles × URLs matrix (see cordee.core.testing.matrix).

The bodies' pages are public: who decides is public. The network's bodies
are managed by the whole network's staff (staff, admin); a branch's, by the
staff of its territory too (the Arve coordinator). Other staff get a 403.
"""

from datetime import date, timedelta

from django.utils import timezone

from cordee.core.testing.matrix import ROLES, Route, everyone, staff_only
from cordee.governance.models import Body, BodyKind, Mandate
from cordee.governance.services import election_open, network_affiliations
from cordee.network.models import Organisation, Territory


def _statuses(default: int, **statuses: int) -> dict[str, int]:
    return {role: statuses.get(role, default) for role in ROLES}


# A body of the whole network: its staff only, not the Arve coordinator.
NETWORK_BODY = _statuses(403, visitor=302, staff=200, admin=200)
# The Arve branch: the coordinator of the Arve valley too.
ARVE_BODY = _statuses(403, visitor=302, staff=200, admin=200, coordinator=200)

ROUTES = [
    Route("governance:bodies", everyone(200)),
    Route("governance:body", everyone(200), args=lambda o: [o.gov_board.slug]),
    Route("governance:body", everyone(200), args=lambda o: [o.gov_branch.slug]),
    Route("governance:body", everyone(404), args=lambda o: ["no-such-body"]),
    Route("governance:body_create", staff_only(200)),
    Route("governance:body_edit", NETWORK_BODY, args=lambda o: [o.gov_board.slug]),
    Route("governance:body_edit", ARVE_BODY, args=lambda o: [o.gov_branch.slug]),
    Route("governance:mandate_create", NETWORK_BODY, args=lambda o: [o.gov_board.slug]),
    Route("governance:mandate_create", ARVE_BODY, args=lambda o: [o.gov_branch.slug]),
    Route("governance:mandate_end", NETWORK_BODY, args=lambda o: [o.gov_mandate.public_id]),
    Route("governance:election_create", ARVE_BODY, args=lambda o: [o.gov_branch.slug]),
    # A board elects no delegates.
    Route(
        "governance:election_create", _statuses(403, visitor=302), args=lambda o: [o.gov_board.slug]
    ),
    Route("governance:election", ARVE_BODY, args=lambda o: [o.gov_election.vote.public_id]),
]


def prepare(objects):
    board = Body.objects.create(
        name="Conseil d'administration", slug="conseil-administration", kind=BodyKind.BOARD
    )
    branch = Body.objects.create(
        name="Antenne Vallée de l'Arve",
        slug="antenne-arve",
        kind=BodyKind.BRANCH,
        territory=Territory.objects.get(slug="arve"),
        delegates_to=board,
        seats=1,
    )
    objects.gov_board, objects.gov_branch = board, branch
    objects.gov_mandate = Mandate.objects.create(
        body=board,
        person=objects.head,
        organisation=Organisation.objects.get(slug="bouvier"),
        starts_on=date(2024, 1, 1),
    )
    now = timezone.now()
    objects.gov_election = election_open(
        branch=branch,
        title="Élection des délégués de l'antenne",
        candidates=list(network_affiliations(branch))[:2],
        seats=1,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(days=1),
        by=objects.staff,
    )
