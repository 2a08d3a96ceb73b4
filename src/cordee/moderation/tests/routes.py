"""The moderation URLs in the roles × URLs matrix (see cordee.core.testing.matrix).

Anyone who may see a contribution may report it: here an answer to a help
request the whole network reads, which the funder and the outsider (a lapsed
member) do not see. Only staff moderate.
"""

from cordee.core.testing.matrix import ROLES, Route, staff_only
from cordee.network.models import Organisation

LABEL = "mutualaid.answer"
SEEN_BY_MEMBERS = {
    role: 302 if role == "visitor" else 404 if role in {"funder", "outsider"} else 200
    for role in ROLES
}


def _answer(objects):
    return [LABEL, objects.reported_answer.pk]


ROUTES = [
    Route("moderation:queue", staff_only(200)),
    Route("moderation:report", SEEN_BY_MEMBERS, args=_answer),
    Route("moderation:hide", staff_only(200), args=_answer),
    Route("moderation:restore", staff_only(405), args=_answer),
    Route("moderation:dismiss", staff_only(405), args=_answer),
]


def prepare(objects):
    from cordee.mutualaid.models import Answer, Audience, HelpRequest

    bouvier = Organisation.objects.get(slug="bouvier")
    help_request = HelpRequest.objects.create(
        title="Bavures sur laiton",
        description="Des bavures après le passage au laiton sans plomb.",
        audience=Audience.NETWORK,
        asker=objects.head,
        organisation=bouvier,
        territory=bouvier.territory,
    )
    objects.reported_answer = Answer.objects.create(
        help_request=help_request, author=objects.expert, body="Essayez une plaquette polie."
    )
