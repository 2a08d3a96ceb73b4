"""The mutual aid URLs in the roles × URLs matrix (see cordee.core.testing.matrix).

The request is asked by the head of Décolletage Bouvier (Arve valley) for the
whole network: members in good standing and staff read it; the funder and
the outsider (a lapsed member) get a 404 as if it did not exist. The asker
and the staff over the Arve valley (staff, its coordinator, the
administrator) manage it. The peer session invites the expert only.
"""

from django.core.files.base import ContentFile
from django.utils import timezone

from cordee.core.testing.matrix import ROLES, Route, logged_in, staff_only
from cordee.mutualaid.models import Answer, Attachment, HelpOffer, HelpRequest, PeerSession
from cordee.network.models import Organisation


def _statuses(default: int, **statuses: int) -> dict[str, int]:
    return {role: statuses.get(role, default) for role in ROLES}


READERS = {"member", "head", "expert", "staff", "coordinator", "admin"}
MANAGERS = {"staff", "coordinator", "admin"}

SEEN = _statuses(404, visitor=302, **dict.fromkeys(READERS, 200))
ASK = _statuses(403, visitor=302, **dict.fromkeys(READERS, 200))
# The asker and the managers; other readers see the request but may not do this.
ASKER_OR_MANAGER = _statuses(
    404, visitor=302, member=403, expert=403, head=200, **dict.fromkeys(MANAGERS, 200)
)
MANAGER = _statuses(
    404, visitor=302, member=403, expert=403, head=403, **dict.fromkeys(MANAGERS, 200)
)
SESSION = _statuses(404, visitor=302, head=200, expert=200, **dict.fromkeys(MANAGERS, 200))


def _id(name):
    return lambda objects: [getattr(objects, name).public_id]


ROUTES = [
    Route("mutualaid:list", logged_in(200)),
    Route("mutualaid:ask", ASK),
    Route("mutualaid:mine", logged_in(200)),
    Route("mutualaid:availability", logged_in(200)),
    Route("mutualaid:follow_up", staff_only(200)),
    Route("mutualaid:request", SEEN, args=_id("help_request")),
    Route("mutualaid:proposals", ASKER_OR_MANAGER, args=_id("help_request")),
    Route("mutualaid:answer", logged_in(405), args=_id("help_request")),
    Route(
        "mutualaid:solution",
        logged_in(405),
        args=lambda o: [o.help_request.public_id, o.answer.public_id],
    ),
    Route("mutualaid:close", ASKER_OR_MANAGER, args=_id("help_request")),
    Route("mutualaid:follow", logged_in(405), args=_id("help_request")),
    Route("mutualaid:offer", logged_in(405), args=_id("help_request")),
    Route(
        "mutualaid:offer_reply",
        logged_in(405),
        args=lambda o: [o.help_request.public_id, o.offer.public_id],
    ),
    Route(
        "mutualaid:attachment",
        SEEN,
        args=lambda o: [o.help_request.public_id, o.help_attachment.public_id],
    ),
    Route("mutualaid:capitalise", logged_in(405), args=_id("help_request")),
    Route("mutualaid:ask_people", MANAGER, args=_id("help_request")),
    Route("mutualaid:session_plan", ASKER_OR_MANAGER, args=_id("help_request")),
    Route("mutualaid:session", SESSION, args=_id("peer_session")),
]

# A valid 1×1 PNG (attachments are checked and stripped of their metadata on upload).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


def prepare(objects):
    bouvier = Organisation.objects.get(slug="bouvier")

    def help_request(title):
        return HelpRequest.objects.create(
            title=title,
            description="Des bavures restent sur les pièces en laiton.",
            asker=objects.head,
            organisation=bouvier,
            territory=bouvier.territory,
        )

    objects.help_request = help_request("Bavures sur laiton")
    objects.answer = Answer.objects.create(
        help_request=objects.help_request, author=objects.expert, body="Ébavurage thermique."
    )
    objects.offer = HelpOffer.objects.create(
        help_request=objects.help_request, helper=objects.expert
    )
    objects.help_attachment = Attachment.objects.create(
        help_request=objects.help_request,
        file=ContentFile(PNG, name="piece.png"),
        original_name="piece.png",
        content_type="image/png",
        size=len(PNG),
        sha256="0" * 64,
        uploaded_by=objects.head,
    )
    with_session = help_request("Réglage d'un tour multibroche")
    objects.peer_session = PeerSession.objects.create(
        help_request=with_session,
        starts_at=timezone.now() + timezone.timedelta(days=7),
        place="Décolletage Bouvier, Cluses",
        created_by=objects.head,
    )
    objects.peer_session.invited.add(objects.expert)


# Measures: the staff's over their territories; funders see aggregates (staff too).
ROUTES += [
    Route("mutualaid:measures", staff_only(200)),
    Route(
        "mutualaid:measures_funders",
        _statuses(403, visitor=302, funder=200, **dict.fromkeys(MANAGERS, 200)),
    ),
]
