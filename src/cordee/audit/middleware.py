from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from cordee.audit.services import audit_record

_WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class AuditStaffWritesMiddleware:
    """Record every write made by staff, whatever view handles it (the admin included).

    Only the method, the view and the outcome are kept: never the submitted
    data, which may hold passwords or ballots.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method in _WRITE_METHODS
            and user is not None
            and user.is_authenticated
            and (user.is_staff or user.is_superuser)
        ):
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
