from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from cordee.audit.services import audit_record
from cordee.network.access import get_access

_WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class AuditStaffWritesMiddleware:
    """Record every write made by staff, whatever view handles it (the admin included).

    Only the method, the view and the outcome are kept: never the submitted
    data, which may hold passwords or ballots.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        # Decided before the view runs: logging in is recorded as a login, not a write.
        staff_write = (
            request.method in _WRITE_METHODS
            and user is not None
            and user.is_authenticated
            and get_access(request).is_staff
        )
        response = self.get_response(request)
        if staff_write:
            match = request.resolver_match
            audit_record(
                action="staff.write",
                request=request,
                actor=user,
                details={
                    "method": request.method,
                    "path": request.path[:500],
                    "view": match.view_name if match else "",
                    "status": response.status_code,
                },
            )
        return response
