"""The co-written texts' URLs in the roles × URLs matrix (see cordee.core.testing.matrix).

A charter of the whole network is read by members in good standing and staff;
the funder and the outsider (a lapsed member) get a 404 as if it did not
exist, as does a visitor (the pages of public texts are open to all). The
network's statutes are public. The company head writes the charter and
answers its amendments; putting a frozen text to the vote is for the staff
who manage it (whole-network texts: not the Arve coordinator).
"""

from cordee.core.testing.matrix import ROLES, Route, everyone, logged_in
from cordee.network.scopes import Scope
from cordee.texts.models import Amendment, AmendmentStatus, Text, TextKind
from cordee.texts.services import amendment_propose, text_create, text_freeze, version_blocks

MEMBERS_AND_STAFF = {"member", "head", "expert", "staff", "coordinator", "admin"}


def _statuses(default: int, **statuses: int) -> dict[str, int]:
    return {role: statuses.get(role, default) for role in ROLES}


SEEN = _statuses(404, **dict.fromkeys(MEMBERS_AND_STAFF, 200))
WRITE = _statuses(
    403, visitor=302, funder=403, outsider=403, **dict.fromkeys(MEMBERS_AND_STAFF, 200)
)
AMEND = _statuses(404, visitor=302, **dict.fromkeys(MEMBERS_AND_STAFF, 200))
REWRITE = _statuses(403, visitor=302, funder=404, outsider=404, member=200)
EDIT = _statuses(403, visitor=302, funder=404, outsider=404, head=200, staff=200, admin=200)
VOTE = _statuses(403, visitor=302, funder=404, outsider=404, staff=200, admin=200)

CHARTER = "## Article 1\n\nNous nous entraidons.\n\n## Article 2\n\nNous partageons nos savoirs.\n"


def _text(name):
    return lambda objects: [getattr(objects, name).public_id]


def _paragraph(objects):
    return [objects.charter.public_id, objects.charter_paragraph.public_id]


ROUTES = [
    Route("texts:list", everyone(200)),
    Route("texts:create", WRITE),
    Route("texts:text", SEEN, args=_text("charter")),
    Route("texts:text", everyone(200), args=_text("statutes")),
    Route("texts:edit", EDIT, args=_text("charter")),
    Route("texts:versions", SEEN, args=_text("charter")),
    Route("texts:version", SEEN, args=lambda o: [o.charter.public_id, 1]),
    Route("texts:compare", SEEN, args=_text("charter")),
    Route("texts:compare", everyone(200), args=_text("statutes")),
    Route("texts:paragraph", SEEN, args=_paragraph),
    Route("texts:amend", AMEND, args=_paragraph),
    Route("texts:comment", logged_in(405), args=_paragraph),
    Route("texts:amendment", SEEN, args=lambda o: [o.amendment.public_id]),
    Route("texts:amendment_answer", logged_in(405), args=lambda o: [o.amendment.public_id]),
    Route("texts:amendment_withdraw", logged_in(405), args=lambda o: [o.amendment.public_id]),
    Route("texts:amendment_rewrite", REWRITE, args=lambda o: [o.outdated.public_id]),
    Route("texts:freeze", logged_in(405), args=_text("charter")),
    Route("texts:reopen", logged_in(405), args=_text("charter")),
    Route("texts:put_to_vote", VOTE, args=_text("frozen")),
]


def prepare(objects):
    def text(title, **fields):
        return text_create(text=Text(title=title, **fields), markdown=CHARTER, by=objects.head)

    objects.charter = text("Charte de la coopération")
    objects.statutes = text("Statuts du réseau", kind=TextKind.STATUTES, scope=Scope.PUBLIC)
    objects.frozen = text("Feuille de route", kind=TextKind.ROADMAP)
    text_freeze(text=objects.frozen, by=objects.head)
    blocks = version_blocks(objects.charter.current_version)
    objects.charter_paragraph = blocks[1].paragraph

    def amend(paragraph, wording):
        return amendment_propose(
            text=objects.charter,
            paragraph=paragraph,
            kind="replace",
            proposed=wording,
            justification="Plus précis.",
            base_version=objects.charter.current_version,
            by=objects.member,
        )

    objects.amendment = amend(blocks[1].paragraph, "Nous nous entraidons chaque mois.")
    objects.outdated = amend(blocks[3].paragraph, "Nous partageons tous nos savoirs.")
    Amendment.objects.filter(pk=objects.outdated.pk).update(status=AmendmentStatus.OUTDATED)
