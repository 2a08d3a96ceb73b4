"""Pages of mutual aid for the staff, and peer sessions.

Staff follow the requests of their territories: those unanswered for 48
hours (they can ask people directly) and the solved ones not yet made into
practice sheets.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cordee.accounts.models import User
from cordee.core.permissions import staff_required
from cordee.knowledge.forms import network_people
from cordee.mutualaid import sessions, solicitations
from cordee.mutualaid.forms import AskPersonForm, PeerSessionForm, SessionNotesForm
from cordee.mutualaid.models import UNANSWERED_AFTER, HelpRequest, HelpRequestStatus, PeerSession
from cordee.mutualaid.views import _form_errors, get_help_request, person, with_asker
from cordee.network.access import get_access

FOLLOW_UP_LIMIT = 100


@staff_required
def follow_up(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    managed = HelpRequest.objects.managed_by(access).select_related(
        "asker", "organisation", "territory", "theme"
    )
    unanswered = list(
        managed.unanswered_since(timezone.now() - UNANSWERED_AFTER).order_by("created_at")[
            :FOLLOW_UP_LIMIT
        ]
    )
    to_capitalise = list(
        managed.filter(status=HelpRequestStatus.SOLVED, capitalised_as__isnull=True).order_by(
            "-solved_at"
        )[:FOLLOW_UP_LIMIT]
    )
    for help_request in [*unanswered, *to_capitalise]:
        with_asker(help_request, access)
    return render(
        request,
        "mutualaid/follow_up.html",
        {"unanswered": unanswered, "to_capitalise": to_capitalise},
    )


@login_required
@require_http_methods(["GET", "POST"])
def ask_people(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Staff of the request's territory ask someone directly."""
    access = get_access(request)
    help_request = get_help_request(request, public_id)
    if not help_request.is_managed_by(access):
        raise PermissionDenied
    form = AskPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            solicitations.person_solicit(
                help_request=help_request,
                person=form.cleaned_data["email"],
                by=person(request),
                access=access,
                request=request,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("email", message)
        else:
            messages.success(request, _("The person is asked, with a link to the request."))
            return redirect(help_request)
    asked = list(
        help_request.solicitations.filter(notified_at__isnull=False)
        .select_related("person")
        .order_by("notified_at")
    )
    return render(
        request,
        "mutualaid/ask_people.html",
        {"help_request": with_asker(help_request, access), "form": form, "asked": asked},
    )


# Peer sessions.


def _session_people(help_request: HelpRequest) -> object:
    """Whom a session may invite: those who answered, offered or were asked, first; the
    whole network otherwise would be a very long list."""
    involved = (
        Q(help_answers__help_request=help_request)
        | Q(help_offers__help_request=help_request)
        | Q(solicitations__help_request=help_request, solicitations__notified_at__isnull=False)
    )
    return (
        network_people()
        .filter(pk__in=User.objects.filter(involved).values("pk"))
        .exclude(pk=help_request.asker_id)
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_plan(request: HttpRequest, public_id: UUID) -> HttpResponse:
    access = get_access(request)
    help_request = get_help_request(request, public_id)
    if not sessions.may_plan_session(help_request, access):
        raise PermissionDenied
    if hasattr(help_request, "peer_session"):
        return redirect(help_request.peer_session)
    organisation = help_request.organisation
    initial = {}
    if organisation is not None:
        initial["place"] = ", ".join(
            part
            for part in (organisation.name, organisation.address, organisation.commune.name)
            if part
        )
    form = PeerSessionForm(
        request.POST or None, initial=initial, people=_session_people(help_request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = sessions.peer_session_plan(
                help_request=help_request, by=person(request), access=access, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The session is planned and the people invited are told."))
            return redirect(session)
    return render(
        request,
        "mutualaid/session_plan.html",
        {"help_request": help_request, "form": form},
    )


def _session_for(request: HttpRequest, public_id: UUID) -> PeerSession:
    """The session if the person is invited, asked, planned it, or is staff over it; else 404."""
    access = get_access(request)
    session = get_object_or_404(
        PeerSession.objects.select_related("help_request__territory", "help_request__organisation"),
        public_id=public_id,
    )
    help_request = session.help_request
    allowed = (
        help_request.is_asked_by(access)
        or help_request.is_managed_by(access)
        or session.created_by_id == access.user_id
        or session.invited.filter(pk=access.user_id).exists()
    )
    if not allowed:
        raise Http404
    return session


@login_required
@require_http_methods(["GET", "POST"])
def session_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    access = get_access(request)
    session = _session_for(request, public_id)
    help_request = session.help_request
    may_write = help_request.is_asked_by(access) or help_request.is_managed_by(access)
    form = SessionNotesForm(request.POST or None, initial={"notes": session.notes})
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        if form.is_valid():
            sessions.peer_session_write_notes(
                session=session, notes=form.cleaned_data["notes"], by=person(request)
            )
            messages.success(request, _("The notes are saved."))
            return redirect(session)
    return render(
        request,
        "mutualaid/session_detail.html",
        {
            "session": session,
            "help_request": help_request,
            "invited": list(session.invited.order_by("last_name", "first_name")),
            "form": form if may_write else None,
        },
    )
