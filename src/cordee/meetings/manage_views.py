"""Meetings for those who organise them (the body's chair, vice-chair, secretary, and
the staff): rules, scheduling, agenda and documents, convocation, roll call, votes,
minutes and decisions."""

from __future__ import annotations

import typing
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cordee.meetings import services
from cordee.meetings.forms import (
    AgendaItemForm,
    AttendanceForm,
    BodyRulesForm,
    CorrectionForm,
    DecisionForm,
    DocumentForm,
    ItemVoteForm,
    MeetingForm,
    MinutesForm,
    first_error,
)
from cordee.meetings.minutes import (
    APPROVED_REFUSAL,
    decision_mark,
    minutes_approve,
    minutes_correct,
    minutes_current,
    minutes_save,
    minutes_submit,
)
from cordee.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Meeting,
    rules_for,
)
from cordee.meetings.rights import MeetingRights, body_rights, meeting_rights
from cordee.meetings.views import person
from cordee.network.access import get_access
from cordee.voting.models import Vote


def _organised(request: HttpRequest, public_id: UUID) -> MeetingRights:
    return meeting_rights(request, public_id).require("organiser")


def _item(rights: MeetingRights, item_id: UUID) -> AgendaItem:
    return get_object_or_404(AgendaItem, meeting=rights.meeting, public_id=item_id)


def _form_page(
    request: HttpRequest,
    form: typing.Any,
    *,
    title: str,
    submit: str,
    back: str,
    intro: str = "",
    status: int = 200,
    **extra: typing.Any,
) -> HttpResponse:
    return render(
        request,
        extra.pop("template", "meetings/form.html"),
        {"form": form, "title": title, "submit": submit, "back": back, "intro": intro, **extra},
        status=status,
    )


# A body's rules and its meetings.


@login_required
@require_http_methods(["GET", "POST"])
def body_rules(request: HttpRequest, slug: str) -> HttpResponse:
    body, _member, _organiser = body_rights(request, slug)
    # The quorum comes from the statutes: the staff set it, not the body's officers.
    if not get_access(request).is_staff_for(body.territory):
        raise PermissionDenied
    rules = rules_for(body)
    form = BodyRulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        services.body_rules_save(rules=form.save(commit=False), by=person(request), request=request)
        messages.success(request, _("The rules of %(body)s are saved.") % {"body": body})
        return redirect("meetings:body", body.slug)
    return _form_page(
        request,
        form,
        title=_("How %(body)s meets") % {"body": body},
        intro=_("Each meeting may set its own notice and proxy cap; these apply otherwise."),
        submit=_("Save the rules"),
        back=reverse("meetings:body", args=[body.slug]),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    body, _member, organiser = body_rights(request, slug)
    if not organiser:
        raise PermissionDenied
    form = MeetingForm(request.POST or None, instance=Meeting(body=body))
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_save(
            meeting=form.save(commit=False), by=person(request), request=request
        )
        messages.success(request, _("Meeting scheduled. Now write its agenda."))
        return redirect(meeting)
    return _form_page(
        request,
        form,
        title=_("New meeting of %(body)s") % {"body": body},
        submit=_("Schedule the meeting"),
        back=reverse("meetings:body", args=[body.slug]),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    rights = _organised(request, public_id)
    form = MeetingForm(request.POST or None, instance=rights.meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_save(
                meeting=form.save(commit=False), by=person(request), request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect(rights.meeting)
    return _form_page(
        request,
        form,
        title=_("Change the meeting"),
        submit=_("Save"),
        back=rights.meeting.get_absolute_url(),
        status=400 if form.errors else 200,
    )


def _act(request: HttpRequest, action: typing.Callable[[], typing.Any], done: str) -> None:
    """Run a service; say what happened, or why it was refused."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, first_error(error))
    else:
        messages.success(request, done)


@login_required
@require_POST
def convocation(request: HttpRequest, public_id: UUID) -> HttpResponse:
    rights = _organised(request, public_id)
    _act(
        request,
        lambda: services.convocation_send(
            meeting=rights.meeting, by=person(request), request=request
        ),
        _("The convocation is on its way to the members."),
    )
    return redirect(rights.meeting)


@login_required
@require_POST
def meeting_open(request: HttpRequest, public_id: UUID) -> HttpResponse:
    rights = _organised(request, public_id)
    try:
        services.meeting_open(meeting=rights.meeting, by=person(request), request=request)
    except ValidationError as error:
        messages.error(request, first_error(error))
        return redirect(rights.meeting)
    messages.success(request, _("The meeting has started: take the attendance."))
    return redirect("meetings:attendance", rights.meeting.public_id)


@login_required
@require_POST
def meeting_close(request: HttpRequest, public_id: UUID) -> HttpResponse:
    rights = _organised(request, public_id)
    _act(
        request,
        lambda: services.meeting_close(meeting=rights.meeting, by=person(request), request=request),
        _("The meeting is closed. The secretary can now finish the minutes."),
    )
    return redirect(rights.meeting)


# The agenda.


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, public_id: UUID) -> HttpResponse:
    rights = _organised(request, public_id)
    form = AgendaItemForm(request.POST or None, instance=AgendaItem(meeting=rights.meeting))
    if request.method == "POST" and form.is_valid():
        item = services.agenda_item_save(item=form.save(commit=False), by=person(request))
        messages.success(request, _("Item added. You can attach its documents here."))
        return redirect("meetings:item_edit", rights.meeting.public_id, item.public_id)
    return _form_page(
        request,
        form,
        title=_("New agenda item"),
        submit=_("Add to the agenda"),
        back=rights.meeting.get_absolute_url(),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, public_id: UUID, item_id: UUID) -> HttpResponse:
    rights = _organised(request, public_id)
    item = _item(rights, item_id)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        services.agenda_item_save(item=form.save(commit=False), by=person(request))
        messages.success(request, _("Agenda item saved."))
        return redirect(rights.meeting)
    return _item_page(request, rights, item, form=form, status=400 if form.errors else 200)


def _item_page(
    request: HttpRequest,
    rights: MeetingRights,
    item: AgendaItem,
    *,
    form: AgendaItemForm | None = None,
    document_form: DocumentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return _form_page(
        request,
        form or AgendaItemForm(instance=item),
        template="meetings/item_form.html",
        title=_("Agenda item: %(item)s") % {"item": item},
        submit=_("Save"),
        back=rights.meeting.get_absolute_url(),
        status=status,
        meeting=rights.meeting,
        item=item,
        documents=list(item.documents.all()),
        document_form=document_form or DocumentForm(),
    )


@login_required
@require_POST
def item_move(request: HttpRequest, public_id: UUID, item_id: UUID) -> HttpResponse:
    rights = _organised(request, public_id)
    services.agenda_item_move(item=_item(rights, item_id), up=request.POST.get("direction") == "up")
    return redirect(rights.meeting.get_absolute_url() + "#agenda")


@login_required
@require_POST
def item_delete(request: HttpRequest, public_id: UUID, item_id: UUID) -> HttpResponse:
    rights = _organised(request, public_id)
    item = _item(rights, item_id)
    _act(
        request, lambda: services.agenda_item_delete(item=item), _("Item removed from the agenda.")
    )
    return redirect(rights.meeting.get_absolute_url() + "#agenda")


@login_required
@require_POST
def document_upload(request: HttpRequest, public_id: UUID, item_id: UUID) -> HttpResponse:
    rights = _organised(request, public_id)
    item = _item(rights, item_id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(
                item=item, upload=form.cleaned_data["file"], by=person(request), request=request
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Document attached."))
            return redirect("meetings:item_edit", rights.meeting.public_id, item.public_id)
    return _item_page(request, rights, item, document_form=form, status=400)


@login_required
@require_POST
def document_delete(request: HttpRequest, public_id: UUID, document_id: UUID) -> HttpResponse:
    rights = _organised(request, public_id)
    document = get_object_or_404(
        AgendaDocument.objects.select_related("item"),
        item__meeting=rights.meeting,
        public_id=document_id,
    )
    services.document_remove(document=document, by=person(request), request=request)
    messages.success(request, _("Document removed."))
    return redirect("meetings:item_edit", rights.meeting.public_id, document.item.public_id)


# The roll call.


def _attendance_context(rights: MeetingRights) -> dict[str, typing.Any]:
    meeting = rights.meeting
    state = services.meeting_quorum(meeting)
    lines = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    names = {line.person_id: line.person for line in lines}
    for line in lines:
        holder = state.count.represented.get(line.person_id)
        line.represented_by = names.get(holder) if holder else None
        line.holds = [names[g] for g, h in state.count.represented.items() if h == line.person_id]
    return {"meeting": meeting, "rights": rights, "lines": lines, "quorum": state}


@login_required
@require_http_methods(["GET"])
def attendance(request: HttpRequest, public_id: UUID) -> HttpResponse:
    rights = _organised(request, public_id)
    if rights.meeting.opened_at is None:
        messages.error(request, _("Start the meeting before taking attendance."))
        return redirect(rights.meeting)
    return render(request, "meetings/attendance.html", _attendance_context(rights))


@login_required
@require_POST
def attendance_mark(request: HttpRequest, public_id: UUID, line_id: UUID) -> HttpResponse:
    """Mark one line; htmx gets the roll call back (with the quorum), else the page reloads."""
    rights = _organised(request, public_id)
    line = get_object_or_404(
        Attendance.objects.select_related("person"), meeting=rights.meeting, public_id=line_id
    )
    form = AttendanceForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.attendance_record(
                meeting=rights.meeting,
                attendance=line,
                status=form.cleaned_data["status"],
                by=person(request),
                request=request,
            )
        except ValidationError as refused:
            error = first_error(refused)
    else:
        error = _("Choose present, excused or absent.")
    if getattr(request, "htmx", False):
        context = _attendance_context(rights)
        context["error"] = error
        # htmx swaps only successful answers: a refusal comes back as a message in the roll.
        return render(request, "meetings/_roll.html", context)
    if error:
        messages.error(request, error)
    return redirect("meetings:attendance", rights.meeting.public_id)


# Votes in the room.


@login_required
@require_http_methods(["GET", "POST"])
def vote_open(request: HttpRequest, public_id: UUID, item_id: UUID) -> HttpResponse:
    rights = _organised(request, public_id)
    item = _item(rights, item_id)
    form = ItemVoteForm(request.POST or None, initial={"title": item.title})
    if request.method == "POST" and form.is_valid():
        try:
            vote = services.item_vote_open(
                item=item,
                title=form.cleaned_data["title"],
                method=form.cleaned_data["method"],
                options=form.option_labels(),
                secret=form.cleaned_data["secret"],
                minutes=form.cleaned_data["minutes"],
                by=person(request),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The vote is open: members present vote on their phone, or here.")
            )
            return redirect(vote)
    return _form_page(
        request,
        form,
        title=_("Vote on: %(item)s") % {"item": item},
        intro=_(
            "The members present or represented vote; each proxy holder votes for whom they "
            "represent. The quorum must be reached to open the vote."
        ),
        submit=_("Open the vote"),
        back=rights.meeting.get_absolute_url(),
        status=400 if form.errors else 200,
        quorum=services.meeting_quorum(rights.meeting),
    )


@login_required
@require_POST
def vote_close(request: HttpRequest, public_id: UUID, vote_id: UUID) -> HttpResponse:
    rights = _organised(request, public_id)
    vote = get_object_or_404(Vote, meeting_item__item__meeting=rights.meeting, public_id=vote_id)
    _act(
        request,
        lambda: services.item_vote_close(vote=vote, by=person(request), request=request),
        _("The vote is closed and its result is on the meeting's page."),
    )
    return redirect(rights.meeting.get_absolute_url() + "#agenda")


# Minutes and decisions.


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Write the minutes; approved ones are refused, and what was typed is kept."""
    rights = _organised(request, public_id)
    meeting = rights.meeting
    current = minutes_current(meeting)
    initial = {"text": current.text if current else _minutes_outline(meeting)}
    form = MinutesForm(request.POST or None, initial=initial)
    if request.method == "GET" and current is not None and current.is_approved:
        messages.error(request, str(APPROVED_REFUSAL))
    if request.method == "POST" and form.is_valid():
        try:
            minutes_save(
                meeting=meeting, text=form.cleaned_data["text"], by=person(request), minutes=current
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Minutes saved."))
            return redirect("meetings:minutes", meeting.public_id)
    return _form_page(
        request,
        form,
        title=_("Minutes of %(meeting)s") % {"meeting": meeting},
        submit=_("Save the minutes"),
        back=reverse("meetings:minutes", args=[meeting.public_id]),
        status=400 if form.errors else 200,
    )


def _minutes_outline(meeting: Meeting) -> str:
    """A first draft: the agenda's items as headings."""
    return "\n\n".join(
        f"## {number}. {item.title}\n" for number, item in enumerate(meeting.items.all(), 1)
    )


@login_required
@require_POST
def minutes_review(request: HttpRequest, public_id: UUID) -> HttpResponse:
    rights = _organised(request, public_id)
    current = minutes_current(rights.meeting)
    if current is None:
        messages.error(request, _("Write the minutes first."))
    else:
        _act(
            request,
            lambda: minutes_submit(minutes=current, by=person(request), request=request),
            _("The minutes are shown to the participants for their comments."),
        )
    return redirect("meetings:minutes", rights.meeting.public_id)


@login_required
@require_POST
def minutes_approval(request: HttpRequest, public_id: UUID) -> HttpResponse:
    rights = meeting_rights(request, public_id).require("approver")
    current = minutes_current(rights.meeting)
    if current is None:
        messages.error(request, _("There are no minutes to approve yet."))
    else:
        _act(
            request,
            lambda: minutes_approve(minutes=current, by=person(request), request=request),
            _("The minutes are approved; they now stand as the record."),
        )
    return redirect("meetings:minutes", rights.meeting.public_id)


@login_required
@require_POST
def minutes_correction(request: HttpRequest, public_id: UUID) -> HttpResponse:
    rights = _organised(request, public_id)
    current = minutes_current(rights.meeting)
    form = CorrectionForm(request.POST)
    if current is None or not form.is_valid():
        messages.error(request, _("Say what the correction is about: it is noted on the record."))
        return redirect("meetings:minutes", rights.meeting.public_id)
    try:
        minutes_correct(
            minutes=current, note=form.cleaned_data["note"], by=person(request), request=request
        )
    except ValidationError as error:
        messages.error(request, first_error(error))
        return redirect("meetings:minutes", rights.meeting.public_id)
    messages.success(request, _("A new version is started from the approved one: correct it here."))
    return redirect("meetings:minutes_edit", rights.meeting.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, public_id: UUID, item_id: UUID) -> HttpResponse:
    rights = _organised(request, public_id)
    item = _item(rights, item_id)
    form = DecisionForm(
        request.POST or None,
        item=item,
        initial={"title": item.title, "public": rights.meeting.is_public},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision_mark(
                item=item,
                title=data["title"],
                text=data["text"],
                rationale=data["rationale"],
                vote=data["vote"],
                public=data["public"],
                by=person(request),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, first_error(error))
        else:
            messages.success(request, _("The decision is in the register of decisions."))
            return redirect(rights.meeting.get_absolute_url() + "#agenda")
    return _form_page(
        request,
        form,
        title=_("Decision on: %(item)s") % {"item": item},
        intro=str(DECISION_INTRO),
        submit=_("Record the decision"),
        back=rights.meeting.get_absolute_url(),
        status=400 if form.errors else 200,
    )


DECISION_INTRO = gettext_lazy(
    "Mark what the minutes record as decided on this item: it joins the network's "
    "register of decisions, linked to this meeting and its vote."
)
