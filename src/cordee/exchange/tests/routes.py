"""The capacity exchange URLs in the roles × URLs matrix (see cordee.core.testing.matrix).

The exchange is open to members in good standing and staff; the funder and the
outsider (a lapsed member) get a 403 on its pages and a 404 on an offer or a
need, as if it did not exist. Company heads post for their organisation, staff
for the organisations of their territories; a plain member or expert may not
until their head allows them. The Arve coordinator is staff over Bouvier and
Arvis, not over Lacroix (Bassin annécien).
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from cordee.core.testing.matrix import ROLES, Route, logged_in, staff_only
from cordee.exchange.models import Contact, Listing, Match
from cordee.exchange.services import contact_ask, listing_save
from cordee.network.access import Access
from cordee.network.models import Organisation

MEMBERS_AND_STAFF = {"member", "head", "expert", "staff", "coordinator", "admin"}


def _statuses(default: int, **statuses: int) -> dict[str, int]:
    return {role: statuses.get(role, default) for role in ROLES}


LIST = _statuses(403, visitor=302, **dict.fromkeys(MEMBERS_AND_STAFF, 200))
SEEN = _statuses(404, visitor=302, **dict.fromkeys(MEMBERS_AND_STAFF, 200))
# Bouvier's need: its head and the staff over the Arve valley may change it.
BOUVIER_EDIT = _statuses(
    403, visitor=302, funder=404, outsider=404, head=200, staff=200, coordinator=200, admin=200
)
BOUVIER_POST = {**BOUVIER_EDIT, **{r: 302 for r, s in BOUVIER_EDIT.items() if s == 200}}
POSTERS = _statuses(403, visitor=302, head=200, staff=200, coordinator=200, admin=200)
# Lacroix (Bassin annécien) answers a contact: nobody among the personas but the
# whole network's staff (the expert works there but is no head).
LACROIX_ANSWER = _statuses(403, visitor=302, funder=404, outsider=404, staff=302, admin=302)
# Bouvier's head asks from Bouvier's need: the staff over Arve may too.
ASK = {**BOUVIER_EDIT, **{r: 302 for r, s in BOUVIER_EDIT.items() if s == 200}}
RIGHTS = _statuses(
    403, visitor=302, funder=404, outsider=404, head=200, staff=200, coordinator=200, admin=200
)


def _id(name):
    return lambda objects: [getattr(objects, name).public_id]


ROUTES = [
    Route("exchange:list", LIST),
    Route("exchange:create", POSTERS),
    Route("exchange:mine", logged_in(200)),
    Route("exchange:activity", staff_only(200)),
    Route("exchange:detail", SEEN, args=_id("bouvier_need")),
    Route("exchange:edit", BOUVIER_EDIT, args=_id("bouvier_need")),
    Route("exchange:close", logged_in(405), args=_id("bouvier_need")),
    Route("exchange:close", BOUVIER_POST, args=_id("bouvier_need"), method="post"),
    Route("exchange:withdraw", logged_in(405), args=_id("bouvier_need")),
    Route("exchange:withdraw", BOUVIER_POST, args=_id("bouvier_need"), method="post"),
    Route("exchange:contact", logged_in(405), args=_id("match")),
    Route("exchange:contact_answer", logged_in(405), args=_id("contact")),
    Route("exchange:contact_answer", LACROIX_ANSWER, args=_id("contact"), method="post"),
    Route("exchange:rights", RIGHTS, args=lambda objects: ["bouvier"]),
]


def prepare(objects):
    today = timezone.localdate()
    bouvier = Organisation.objects.get(slug="bouvier")
    lacroix = Organisation.objects.get(slug="lacroix")
    staff = Access.for_user(objects.staff)

    def post(organisation, side, title):
        listing = Listing(
            organisation=organisation,
            side=side,
            kind=Listing.Kind.MACHINE,
            title=title,
            starts_on=today,
            ends_on=today + timedelta(days=30),
            quantity=Decimal(40),
            unit=Listing.Unit.HOURS,
        )
        listing_save(listing=listing, by=objects.staff, access=staff)
        return listing

    objects.bouvier_need = post(bouvier, Listing.Side.NEED, "Rectifieuse cylindrique")
    objects.lacroix_offer = post(lacroix, Listing.Side.OFFER, "Rectifieuse cylindrique Studer")
    objects.match = Match.objects.get(need=objects.bouvier_need, offer=objects.lacroix_offer)
    objects.contact = contact_ask(
        match=objects.match, asked_from=objects.bouvier_need, by=objects.staff, access=staff
    )
    assert isinstance(objects.contact, Contact)
