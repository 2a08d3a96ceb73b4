from cordee.core.testing.matrix import ROLES, Route, everyone, logged_in, staff_only
from cordee.notifications.models import Notification
from cordee.notifications.services import ANNOUNCEMENT
from cordee.notifications.tokens import preference_token


def member_only(status: int) -> dict[str, int]:
    """The member's own object: the member gets ``status``, other accounts 404, visitors log in."""
    return {
        role: 302 if role == "visitor" else status if role == "member" else 404 for role in ROLES
    }


ROUTES = [
    Route("notifications:list", logged_in(200)),
    Route("notifications:mark_all_read", logged_in(302), method="post"),
    Route(
        "notifications:open",
        member_only(302),
        args=lambda o: [o.notification.public_id],
        method="post",
    ),
    Route("notifications:preferences", logged_in(200)),
    # An e-mail's link works without logging in; logged in as someone else, it is a 404.
    Route(
        "notifications:preference_link",
        {**member_only(200), "visitor": 200},
        args=lambda o: [o.preference_token],
    ),
    # Mail providers post without cookies: the signed token alone decides.
    Route(
        "notifications:unsubscribe",
        everyone(200),
        args=lambda o: [o.preference_token],
        method="post",
    ),
    Route("notifications:announce", staff_only(200)),
]


def prepare(objects):
    objects.notification = Notification.objects.create(
        recipient=objects.member, kind=ANNOUNCEMENT, title="Assemblée générale", url="/"
    )
    objects.preference_token = preference_token(objects.member, [ANNOUNCEMENT])
