"""Meetings for the people who sit in the bodies: lists, a meeting's page and calendar file,
its documents, the live quorum, proxies, the minutes and their review."""

from __future__ import annotations

import typing
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cordee.accounts.models import User
from cordee.governance.models import Body, Mandate
from cordee.knowledge.markdown import render_markdown
from cordee.meetings.forms import CommentForm, CorrectionForm, ProxyForm, first_error
from cordee.meetings.minutes import minutes_approved, minutes_comment, minutes_current
from cordee.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    ItemDecision,
    ItemVote,
    Meeting,
    MeetingProxy,
    MinutesStatus,
    Presence,
    organiser_body_ids,
    rules_for,
)
from cordee.meetings.notices import meeting_ics
from cordee.meetings.rights import MeetingRights, body_rights, meeting_rights
from cordee.meetings.services import meeting_members, meeting_quorum, proxy_record, proxy_revoke
from cordee.network.access import get_access
from cordee.voting.models import Elector
from cordee.voting.results import vote_results


def person(request: HttpRequest) -> User:
    """The logged-in person (views that call this are behind ``login_required``)."""
    return typing.cast(User, request.user)


def _split(meetings: list[Meeting]) -> tuple[list[Meeting], list[Meeting]]:
    now = timezone.now()
    upcoming = sorted((m for m in meetings if m.starts_at >= now), key=lambda m: m.starts_at)
    past = [m for m in meetings if m.starts_at < now]
    return upcoming, past


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    """My bodies' meetings first; then the public bodies' (general assembly, board)."""
    access = get_access(request)
    mine_qs = Meeting.objects.participant_of(access)
    mine = list(mine_qs.select_related("body").order_by("-starts_at")[:100])
    public = list(
        Meeting.objects.visible_to(access)
        .exclude(pk__in=mine_qs.values("pk"))
        .select_related("body")
        .order_by("-starts_at")[:50]
    )
    mine_upcoming, mine_past = _split(mine)
    my_bodies = (
        list(
            Body.objects.filter(
                pk__in=Mandate.objects.current().filter(person_id=access.user_id).values("body_id")
            ).order_by("name")
        )
        if access.is_authenticated
        else []
    )
    public_upcoming, public_past = _split(public)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "mine_upcoming": mine_upcoming,
            "mine_past": mine_past,
            "public_upcoming": public_upcoming,
            "public_past": public_past,
            "logged_in": access.is_authenticated,
            "my_bodies": my_bodies,
            "organised": organiser_body_ids(access),
        },
    )


@require_GET
def body_meetings(request: HttpRequest, slug: str) -> HttpResponse:
    body, member, organiser = body_rights(request, slug)
    meetings = list(
        Meeting.objects.visible_to(get_access(request))
        .filter(body=body)
        .select_related("body")
        .order_by("-starts_at")
    )
    upcoming, past = _split(meetings)
    return render(
        request,
        "meetings/body_meetings.html",
        {
            "body": body,
            "rules": rules_for(body),
            "upcoming": upcoming,
            "past": past,
            "organiser": organiser,
            "member": member,
            "sets_rules": get_access(request).is_staff_for(body.territory),
        },
    )


def _item_votes(items: list[AgendaItem]) -> None:
    """Attach to each item its votes, with their results once closed."""
    for item in items:
        item.vote_rows = []
        for link in item.votes.all():
            vote = link.vote
            closed = vote.results_published_at is not None or vote.is_closed
            results = vote_results(vote) if closed else None
            item.vote_rows.append((vote, results))


def _votes_i_cast(items: list[AgendaItem], user_id: int | None) -> set[int]:
    """The open votes where the person casts a ballot: their own, or one they hold."""
    open_votes = [vote.pk for item in items for vote, results in item.vote_rows if not results]
    if not open_votes or user_id is None:
        return set()
    mine = Q(person_id=user_id, proxy_person__isnull=True) | Q(proxy_person_id=user_id)
    return set(
        Elector.objects.filter(mine, vote_id__in=open_votes).values_list("vote_id", flat=True)
    )


@require_GET
def meeting_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    rights = meeting_rights(request, public_id)
    meeting = rights.meeting
    items = list(
        meeting.items.prefetch_related(
            "documents",
            Prefetch("votes", queryset=ItemVote.objects.select_related("vote")),
            Prefetch("decisions", queryset=ItemDecision.objects.select_related("decision")),
        )
    )
    _item_votes(items)
    for item in items:
        item.notes_html = render_markdown(item.notes) if rights.participant else ""
    context: dict[str, typing.Any] = {
        "meeting": meeting,
        "rights": rights,
        "items": items,
        "rules": rules_for(meeting.body),
        "approved": minutes_approved(meeting),
        "minutes": minutes_current(meeting) if rights.participant else None,
    }
    if rights.participant:
        context["my_votes"] = _votes_i_cast(items, rights.access.user_id)
        context["quorum"] = meeting_quorum(meeting)
        context["my_proxy"] = (
            MeetingProxy.objects.filter(
                meeting=meeting, giver_id=rights.access.user_id, revoked_at__isnull=True
            )
            .select_related("holder")
            .first()
        )
        context["is_member"] = meeting_members(meeting).filter(pk=rights.access.user_id).exists()
    return render(request, "meetings/meeting_detail.html", context)


@login_required
@require_GET
def quorum_part(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The live quorum, polled by the meeting and attendance pages."""
    rights = meeting_rights(request, public_id).require("participant")
    return render(
        request,
        "meetings/_quorum.html",
        {"meeting": rights.meeting, "quorum": meeting_quorum(rights.meeting), "poll": True},
    )


@require_GET
def ics(request: HttpRequest, public_id: UUID) -> HttpResponse:
    rights = meeting_rights(request, public_id)
    response = HttpResponse(
        meeting_ics(rights.meeting), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="meeting-{rights.meeting.public_id}.ics"'
    )
    return response


@login_required
@require_GET
def document_download(request: HttpRequest, public_id: UUID) -> FileResponse:
    access = get_access(request)
    document = get_object_or_404(
        AgendaDocument.objects.filter(item__meeting__in=Meeting.objects.participant_of(access)),
        public_id=public_id,
    )
    try:
        file = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        file,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Proxies.


@login_required
@require_http_methods(["GET", "POST"])
def proxies(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Members give their own proxy; organisers record anyone's."""
    rights = meeting_rights(request, public_id).require("participant")
    meeting = rights.meeting
    members = meeting_members(meeting)
    is_member = members.filter(pk=rights.access.user_id).exists()
    if not (rights.organiser or is_member):
        raise PermissionDenied
    form = ProxyForm(
        request.POST or None,
        members=members,
        giver=None if rights.organiser else person(request),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                proxy_record(
                    meeting=meeting,
                    giver=form.cleaned_data["giver"],
                    holder=form.cleaned_data["holder"],
                    by=person(request),
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Proxy recorded."))
                return redirect("meetings:proxies", meeting.public_id)
        status = 400
    standing = (
        MeetingProxy.objects.filter(meeting=meeting, revoked_at__isnull=True)
        .select_related("giver", "holder")
        .order_by("recorded_at")
    )
    if not rights.organiser:
        standing = standing.filter(giver=person(request)) | standing.filter(holder=person(request))
    state = meeting_quorum(meeting)
    rows = [
        (proxy, state.count.represented.get(proxy.giver_id) == proxy.holder_id)
        for proxy in standing
    ]
    return render(
        request,
        "meetings/proxies.html",
        {
            "meeting": meeting,
            "rights": rights,
            "form": form,
            "rows": rows,
            "cap": meeting.effective_proxy_cap,
            "opened": meeting.opened_at is not None,
        },
        status=status,
    )


@login_required
@require_POST
def proxy_cancel(request: HttpRequest, public_id: UUID, proxy_id: UUID) -> HttpResponse:
    rights = meeting_rights(request, public_id).require("participant")
    proxy = get_object_or_404(
        MeetingProxy.objects.select_related("meeting", "giver", "holder"),
        meeting=rights.meeting,
        public_id=proxy_id,
    )
    if not rights.organiser and proxy.giver_id != rights.access.user_id:
        raise PermissionDenied
    try:
        proxy_revoke(proxy=proxy, by=person(request), request=request)
    except ValidationError as error:
        messages.error(request, first_error(error))
    else:
        messages.success(request, _("Proxy revoked."))
    return redirect("meetings:proxies", rights.meeting.public_id)


# Minutes.


def _minutes_context(rights: MeetingRights, **extra: typing.Any) -> dict[str, typing.Any]:
    meeting = rights.meeting
    approved = minutes_approved(meeting)
    current = minutes_current(meeting) if rights.participant else approved
    if current is not None and current.status == MinutesStatus.DRAFT and not rights.organiser:
        current = approved  # a draft is the secretary's until shown for review
    comments = (
        list(current.comments.select_related("author"))
        if current is not None and rights.participant
        else []
    )
    history = (
        list(meeting.minutes.filter(status=MinutesStatus.APPROVED).select_related("approved_by"))
        if rights.participant or approved
        else []
    )
    return {
        "meeting": meeting,
        "rights": rights,
        "roll": _roll_summary(meeting) if rights.participant and meeting.opened_at else None,
        "minutes": current,
        "minutes_html": render_markdown(current.text) if current is not None else "",
        "approved": approved,
        "comments": comments,
        "history": history,
        "now": timezone.now(),
        "comment_form": CommentForm(),
        "correction_form": CorrectionForm(),
        **extra,
    }


def _roll_summary(meeting: Meeting) -> dict[str, list[typing.Any]]:
    """Who was present, represented (and by whom), excused, absent: the minutes' header."""
    state = meeting_quorum(meeting)
    lines = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    names = {line.person_id: line.person.display_name for line in lines}
    summary: dict[str, list[typing.Any]] = {
        "present": [],
        "represented": [],
        "excused": [],
        "absent": [],
    }
    for line in lines:
        holder = state.count.represented.get(line.person_id)
        if line.person_id in state.count.present:
            summary["present"].append(names[line.person_id])
        elif holder is not None:
            summary["represented"].append((names[line.person_id], names[holder]))
        elif line.status == Presence.EXCUSED:
            summary["excused"].append(names[line.person_id])
        else:
            summary["absent"].append(names[line.person_id])
    return summary


@require_GET
def minutes(request: HttpRequest, public_id: UUID) -> HttpResponse:
    rights = meeting_rights(request, public_id)
    context = _minutes_context(rights)
    if context["minutes"] is None and not rights.participant:
        raise Http404("These minutes are not approved yet.")
    return render(request, "meetings/minutes.html", context)


@login_required
@require_POST
def minutes_comment_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    rights = meeting_rights(request, public_id).require("participant")
    current = minutes_current(rights.meeting)
    if current is None:
        raise Http404("There are no minutes yet.")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            minutes_comment(minutes=current, author=person(request), text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your comment was sent to the secretary."))
            return redirect("meetings:minutes", rights.meeting.public_id)
    context = _minutes_context(rights, comment_form=form)
    return render(request, "meetings/minutes.html", context, status=400)
