"""The votes' URLs in the roles × URLs matrix (see cordee.core.testing.matrix).

Votes of the whole network are seen by members in good standing and staff;
the funder and the outsider (a lapsed member) get a 404 as if they did not
exist. Drafts are seen by the staff who manage them only. The whole network's
votes are managed by the whole network's staff, not by the Arve coordinator.
"""

from datetime import timedelta

from django.utils import timezone

from cordee.core.testing.matrix import ROLES, Route, logged_in, staff_only
from cordee.network.models import Organisation, Territory
from cordee.voting.models import Vote
from cordee.voting.services import proxy_record, vote_close, vote_open, vote_save

MEMBERS_AND_STAFF = {"member", "head", "expert", "staff", "coordinator", "admin"}
MANAGERS = {"staff", "admin"}


def _statuses(default: int, **statuses: int) -> dict[str, int]:
    return {role: statuses.get(role, default) for role in ROLES}


SEEN = _statuses(404, visitor=302, **dict.fromkeys(MEMBERS_AND_STAFF, 200))
# A draft over the Arve valley: its coordinator manages it too; nobody else sees it.
DRAFT = _statuses(404, visitor=302, staff=200, admin=200, coordinator=200)
DRAFT_EDIT = _statuses(403, visitor=302, staff=200, admin=200, coordinator=200)
# Staff pages of a whole-network vote.
MANAGE = _statuses(403, visitor=302, staff=200, admin=200)
# Proxies of an upcoming vote: managers, and the head of an organisation of the electorate.
PROXIES = _statuses(403, visitor=302, funder=404, outsider=404, staff=200, admin=200, head=200)
DELEGATE = _statuses(403, visitor=302, funder=404, outsider=404, head=200)


def _id(name):
    return lambda objects: [getattr(objects, name).public_id]


ROUTES = [
    Route("voting:list", logged_in(200)),
    Route("voting:create", staff_only(200)),
    Route("voting:detail", SEEN, args=_id("open_vote")),
    Route("voting:detail", SEEN, args=_id("closed_vote")),
    Route("voting:detail", DRAFT, args=_id("draft_vote")),
    Route("voting:cast", logged_in(405), args=_id("open_vote")),
    Route("voting:receipt", SEEN, args=_id("open_vote")),
    Route("voting:receipts", SEEN, args=_id("closed_vote")),
    Route("voting:results", SEEN, args=_id("closed_vote")),
    # Results exist once the vote is closed.
    Route("voting:results", _statuses(404, visitor=302), args=_id("open_vote")),
    Route("voting:export", SEEN, args=lambda o: [o.closed_vote.public_id, "csv"]),
    Route("voting:export", SEEN, args=lambda o: [o.closed_vote.public_id, "json"]),
    Route("voting:edit", DRAFT_EDIT, args=_id("draft_vote")),
    Route("voting:publish", staff_only(405), args=_id("draft_vote")),
    Route("voting:close", staff_only(405), args=_id("open_vote")),
    Route("voting:delete", staff_only(405), args=_id("draft_vote")),
    Route("voting:participation", MANAGE, args=_id("open_vote")),
    Route("voting:proxies", PROXIES, args=_id("upcoming_vote")),
    Route(
        "voting:proxy_revoke",
        logged_in(405),
        args=lambda o: [o.upcoming_vote.public_id, o.proxy.public_id],
    ),
    Route("voting:delegate", DELEGATE, args=lambda o: [o.upcoming_vote.public_id, "bouvier"]),
]


def prepare(objects):
    now = timezone.now()
    bouvier = Organisation.objects.get(slug="bouvier")
    lacroix = Organisation.objects.get(slug="lacroix")

    def vote(title, *, publish=True, starts=-1, **fields):
        made = vote_save(
            vote=Vote(
                title=title,
                opens_at=now + timedelta(hours=starts),
                closes_at=now + timedelta(days=1),
                **fields,
            ),
            options=["Oui", "Non"],
            by=objects.staff,
        )
        if publish:
            vote_open(vote=made, by=objects.staff)
        return made

    objects.open_vote = vote("Assemblée générale")
    objects.closed_vote = vote("Conseil d'administration")
    vote_close(vote=objects.closed_vote, by=objects.staff)
    objects.upcoming_vote = vote("Commission RSE", starts=2)
    objects.draft_vote = vote(
        "Antenne de l'Arve", publish=False, territory=Territory.objects.get(slug="arve")
    )
    objects.proxy = proxy_record(
        vote=objects.upcoming_vote, giver=lacroix, holder=bouvier, by=objects.staff
    )
