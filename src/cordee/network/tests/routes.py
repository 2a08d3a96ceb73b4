"""The network's URLs in the roles × URLs matrix (see cordee.core.testing.matrix)."""

from cordee.core.testing.matrix import Route, staff_only
from cordee.network.models import ImportBatch

ROUTES: list[Route] = [
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
