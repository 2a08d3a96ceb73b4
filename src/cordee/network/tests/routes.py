"""The network's URLs in the roles × URLs matrix (see cordee.core.testing.matrix)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from cordee.core.testing.matrix import ROLES, Route, everyone, staff_only
from cordee.core.testing.photos import tiny_png
from cordee.network.models import ImportBatch, Organisation

MEMBERS_AND_STAFF = {"member", "head", "expert", "staff", "coordinator", "admin"}


def _statuses(default: int, **statuses: int) -> dict[str, int]:
    return {role: statuses.get(role, default) for role in ROLES}


# Bouvier is a member in good standing, not on the showcase: members and staff
# see it, others get a 404 as if it did not exist.
PRIVATE_PAGE = _statuses(404, **dict.fromkeys(MEMBERS_AND_STAFF, 200))
# Its head and the staff over the Arve valley manage it; members who see it
# but are not its head get a 403; those who cannot see it, a 404.
MANAGE_BOUVIER = _statuses(200, visitor=302, outsider=404, funder=404, member=403, expert=403)
# Lacroix (Bassin annécien) is on the showcase: everyone sees it, and only the
# staff over its territory manage it; the Arve coordinator does not.
MANAGE_LACROIX = _statuses(403, visitor=302, staff=200, admin=200)


def _bouvier(objects):
    return ["bouvier"]


def _bouvier_head(objects):
    return ["bouvier", objects.head.public_id]


ROUTES = [
    Route("network:directory", everyone(200)),
    Route("network:showcase", everyone(200)),
    Route(
        "network:people",
        _statuses(403, visitor=302, **dict.fromkeys(MEMBERS_AND_STAFF, 200)),
    ),
    # Redirects to the person's organisation; those who work for none get a 404.
    Route(
        "network:my_organisation",
        _statuses(404, visitor=302, outsider=302, member=302, head=302, expert=302),
    ),
    Route("network:organisation", PRIVATE_PAGE, args=_bouvier),
    Route("network:organisation", everyone(200), args=lambda o: ["lacroix"]),
    Route("network:organisation_logo", PRIVATE_PAGE, args=_bouvier),
    Route("network:organisation_logo", everyone(200), args=lambda o: ["lacroix"]),
    Route("network:organisation_edit", MANAGE_BOUVIER, args=_bouvier),
    Route("network:organisation_edit", MANAGE_LACROIX, args=lambda o: ["lacroix"]),
    Route("network:organisation_people", MANAGE_BOUVIER, args=_bouvier),
    Route("network:affiliation_edit", MANAGE_BOUVIER, args=_bouvier_head),
    Route("network:affiliation_end", MANAGE_BOUVIER, args=_bouvier_head),
    # Staff pages: member list import and export, memberships. The POST-only
    # ones answer a GET with 405 once the role is checked.
    Route("network:import", staff_only(200)),
    Route("network:import_template", staff_only(200)),
    # Uploaded by the whole network's staff: a coordinator of one branch does not see it.
    Route(
        "network:import_batch",
        {**staff_only(200), "coordinator": 404},
        args=lambda o: [o.import_batch.public_id],
    ),
    Route("network:import_apply", staff_only(405), args=lambda o: [o.import_batch.public_id]),
    Route("network:export", staff_only(200)),
    Route("network:memberships", staff_only(200)),
    Route("network:memberships_export", staff_only(200)),
    Route("network:memberships_status", staff_only(405)),
    Route("network:memberships_renew", staff_only(405)),
]


def prepare(objects):
    objects.import_batch = ImportBatch.objects.create(
        created_by=objects.staff, original_name="membres.csv"
    )
    for slug, showcase in (("bouvier", False), ("lacroix", True)):
        organisation = Organisation.objects.get(slug=slug)
        organisation.showcase = showcase
        organisation.logo = SimpleUploadedFile("logo.png", tiny_png(), content_type="image/png")
        organisation.save()
