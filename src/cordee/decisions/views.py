"""The register of decisions, a decision's page, the funders' follow-up; recording and
editing decisions and their actions."""

from __future__ import annotations

import typing
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cordee.accounts.models import User
from cordee.decisions import services
from cordee.decisions.forms import (
    ActionFormSet,
    ActionStatusFilter,
    DecisionForm,
    ProgressForm,
    RegisterFilterForm,
    RequiredActionForm,
)
from cordee.decisions.models import OPEN_STATUSES, Action, ActionStatus, Decision
from cordee.decisions.origins import initial_from, may_see, origin_key, visible_origin
from cordee.decisions.permissions import (
    may_manage,
    may_record,
    may_record_anything,
    may_update_action,
)
from cordee.decisions.search import matching_decision_ids
from cordee.knowledge.markdown import render_markdown
from cordee.network.access import get_access
from cordee.network.scopes import Scope
from cordee.network.views import _partial, _query_without_page, _valid_filters
from cordee.voting.models import Vote
from cordee.voting.results import vote_results

PAGE_SIZE = 20


def person(request: HttpRequest) -> User:
    """The logged-in person (views that call this are behind ``login_required``)."""
    return typing.cast(User, request.user)


def get_decision(request: HttpRequest, public_id: UUID, *, manage: bool = False) -> Decision:
    """The decision if the person may see it (else 404); ``manage``: may edit it (else 403)."""
    access = get_access(request)
    decision = get_object_or_404(
        Decision.objects.visible_to(access).select_related(
            "body", "vote", "owner", "scope_territory"
        ),
        public_id=public_id,
    )
    if manage and not may_manage(access, decision):
        raise PermissionDenied
    return decision


def get_action(decision: Decision, action_id: UUID) -> Action:
    return get_object_or_404(
        Action.objects.select_related("owner"), decision=decision, public_id=action_id
    )


def page_of_decisions(ids: typing.Sequence[int], number: str | None) -> tuple[Page, list[Decision]]:
    """One page of ``ids`` (a list, or a ``values_list`` QuerySet, in order), and its
    decisions with their body and how many of their actions are counted, done and
    overdue. Counting only the page's actions keeps the list fast whatever its length."""
    page = Paginator(ids, PAGE_SIZE).get_page(number)
    today = timezone.localdate()
    found = (
        Decision.objects.select_related("body")
        .annotate(
            action_count=Count("actions", filter=~Q(actions__status=ActionStatus.DROPPED)),
            done_count=Count("actions", filter=Q(actions__status=ActionStatus.DONE)),
            overdue_count=Count(
                "actions", filter=Q(actions__status__in=OPEN_STATUSES, actions__due_on__lt=today)
            ),
        )
        .in_bulk(list(page.object_list))
    )
    return page, [found[pk] for pk in page.object_list if pk in found]


# The register


def _filtered(decisions: QuerySet[Decision], filters: dict[str, typing.Any]) -> QuerySet[Decision]:
    if body := filters.get("body"):
        decisions = decisions.filter(body=body)
    if since := filters.get("since"):
        decisions = decisions.filter(decided_on__gte=since)
    if until := filters.get("until"):
        decisions = decisions.filter(decided_on__lte=until)
    if filters.get("scope") == Scope.PUBLIC:
        decisions = decisions.filter(scope=Scope.PUBLIC)
    elif filters.get("scope") == "members":
        decisions = decisions.exclude(scope=Scope.PUBLIC)
    actions = filters.get("actions")
    if actions == ActionStatusFilter.OPEN:
        decisions = decisions.filter(pk__in=Action.objects.open().values("decision_id"))
    elif actions == ActionStatusFilter.OVERDUE:
        decisions = decisions.filter(pk__in=Action.objects.overdue().values("decision_id"))
    elif actions == ActionStatusFilter.DONE:
        decisions = decisions.filter(pk__in=Action.objects.values("decision_id")).exclude(
            pk__in=Action.objects.open().values("decision_id")
        )
    elif actions == ActionStatusFilter.NONE:
        decisions = decisions.exclude(pk__in=Action.objects.values("decision_id"))
    return decisions


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    form = RegisterFilterForm(request.GET or None, access=access)
    filters = _valid_filters(form)
    decisions = _filtered(Decision.objects.visible_to(access), filters)
    ids: typing.Sequence[int] = decisions.order_by("-decided_on", "-pk").values_list(
        "pk", flat=True
    )
    if query := (filters.get("q") or "").strip():
        # Best match first, in the search's order, among the decisions the filters keep.
        found = matching_decision_ids(access, query) or []
        kept = set(decisions.filter(pk__in=found).values_list("pk", flat=True))
        ids = [pk for pk in found if pk in kept]
    page, listed = page_of_decisions(ids, request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "decisions": listed,
        "query": _query_without_page(request),
        "searched": query,
        "active_filters": sum(1 for name in form.fields if name != "q" and request.GET.get(name)),
        "may_record": may_record_anything(access),
    }
    if _partial(request):
        return render(request, "decisions/_register_results.html", context)
    return render(request, "decisions/register.html", context)


@require_GET
def followup(request: HttpRequest) -> HttpResponse:
    """Public decisions and how their actions progress: what funders and visitors follow.
    Members-only decisions never appear here, whoever asks."""
    public = Decision.objects.public()
    totals = Action.objects.filter(decision__in=public).aggregate(
        actions=Count("pk", filter=~Q(status=ActionStatus.DROPPED)),
        done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        in_progress=Count("pk", filter=Q(status=ActionStatus.IN_PROGRESS)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())),
    )
    page, listed = page_of_decisions(
        public.order_by("-decided_on", "-pk").values_list("pk", flat=True),
        request.GET.get("page"),
    )
    overdue = list(
        Action.objects.overdue()
        .filter(decision__in=public)
        .select_related("decision")
        .order_by("due_on", "pk")[:50]
    )
    return render(
        request,
        "decisions/followup.html",
        {
            "page": page,
            "decisions": listed,
            "totals": totals,
            "decision_count": page.paginator.count,
            "overdue": overdue,
            "query": _query_without_page(request),
        },
    )


# A decision


@require_GET
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    access = get_access(request)
    decision = get_decision(request, public_id)
    manager = may_manage(access, decision)
    actions = list(decision.actions.select_related("owner"))
    today = timezone.localdate()
    for action in actions:
        action.overdue = action.is_overdue(today)
        action.may_update = may_update_action(access, action, manager=manager)
    vote = decision.vote
    vote_visible = vote is not None and Vote.objects.visible_to(access).filter(pk=vote.pk).exists()
    origin = decision.origin if decision.origin_type_id else None
    if not may_see(access, origin):
        origin = None
    return render(
        request,
        "decisions/detail.html",
        {
            "decision": decision,
            "text_html": render_markdown(decision.text),
            "actions": actions,
            "done": sum(1 for action in actions if action.status == ActionStatus.DONE),
            "counted": sum(1 for action in actions if action.status != ActionStatus.DROPPED),
            "manager": manager,
            # Who does what is for the network's people; visitors and funders see progress.
            "show_people": access.sees_member_content,
            "vote_visible": vote_visible,
            "results": vote_results(vote)
            if vote is not None and vote_visible and vote.is_closed
            else None,
            "origin": origin,
            "origin_kind": origin._meta.verbose_name if origin is not None else "",
        },
    )


def _origin(request: HttpRequest) -> typing.Any:
    """The origin named in the address or the form, if acceptable; else 404."""
    value = request.POST.get("origin") or request.GET.get("origin") or ""
    if not value:
        return None
    origin = visible_origin(get_access(request), value)
    if origin is None:
        raise Http404(
            _("This meeting, consultation, text or vote does not exist or is not yours to see.")
        )
    return origin


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    if not may_record_anything(access):
        raise PermissionDenied
    origin = _origin(request)
    data = request.POST if request.method == "POST" else None
    form = DecisionForm(data, access=access, initial=initial_from(origin) if origin else None)
    formset = ActionFormSet(data, prefix="actions", form_kwargs={"access": access})
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        decision = _record(request, form, formset, origin)
        if decision is not None:
            messages.success(request, _("Decision recorded."))
            return redirect(decision)
    return render(
        request,
        "decisions/decision_form.html",
        {
            "form": form,
            "formset": formset,
            "origin": origin,
            "origin_key": origin_key(origin) if origin else "",
            "origin_kind": origin._meta.verbose_name if origin else "",
            "decision": None,
        },
    )


def _record(
    request: HttpRequest, form: DecisionForm, formset: typing.Any, origin: typing.Any
) -> Decision | None:
    data = form.cleaned_data
    access = get_access(request)
    if not may_record(
        access, body=data["body"], scope=data["scope"], territory=data["scope_territory"]
    ):
        form.add_error(
            "body",
            _(
                "You may record decisions of the bodies you chair or are secretary of, or "
                "of the territories where you are staff: choose one of them."
            ),
        )
        return None
    drafts = [
        (
            index,
            services.ActionDraft(row["title"], owner=row.get("owner"), due_on=row.get("due_on")),
        )
        for index, row in enumerate(formset.cleaned_data)
        if row and (row.get("title") or "").strip()
    ]
    for index, draft in drafts:
        # Checked against the decision as it will be, so that each error shows on its row.
        try:
            services.action_check(
                form.instance, title=draft.title, owner=draft.owner, due_on=draft.due_on
            )
        except ValidationError as error:
            formset.forms[index].add_error(None, error)
    if any(form.errors for form in formset.forms):
        return None
    try:
        return services.decision_record(
            title=data["title"],
            text=data["text"],
            rationale=data["rationale"],
            decided_on=data["decided_on"],
            body=data["body"],
            vote=data["vote"],
            origin=origin,
            owner=data["owner"],
            scope=data["scope"],
            scope_territory=data["scope_territory"],
            actions=[draft for _index, draft in drafts],
            by=person(request),
            request=request,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    access = get_access(request)
    decision = get_decision(request, public_id, manage=True)
    form = DecisionForm(request.POST or None, instance=decision, access=access)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not may_record(
            access, body=data["body"], scope=data["scope"], territory=data["scope_territory"]
        ):
            form.add_error(
                "body",
                _(
                    "You could no longer edit the decision this way: keep a body or territory of yours."
                ),
            )
        else:
            try:
                services.decision_update(
                    decision=form.instance, by=person(request), request=request
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Decision saved."))
                return redirect(decision)
    return render(request, "decisions/decision_form.html", {"form": form, "decision": decision})


# Its actions


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _action_page(request, get_decision(request, public_id, manage=True), None)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, public_id: UUID, action_id: UUID) -> HttpResponse:
    decision = get_decision(request, public_id, manage=True)
    return _action_page(request, decision, get_action(decision, action_id))


def _action_page(request: HttpRequest, decision: Decision, action: Action | None) -> HttpResponse:
    """Add an action to ``decision``, or change ``action``: what, who, by when."""
    initial = (
        {"title": action.title, "owner": action.owner_id, "due_on": action.due_on}
        if action is not None
        else None
    )
    form = RequiredActionForm(request.POST or None, initial=initial, access=get_access(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {"title": data["title"], "owner": data["owner"], "due_on": data["due_on"]}
        try:
            if action is None:
                services.action_add(
                    decision=decision, **fields, by=person(request), request=request
                )
            else:
                services.action_change(action=action, **fields, by=person(request), request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Action added.") if action is None else _("Action saved."))
            return redirect(decision)
    return render(
        request,
        "decisions/action_form.html",
        {"form": form, "decision": decision, "action": action},
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_progress(request: HttpRequest, public_id: UUID, action_id: UUID) -> HttpResponse:
    access = get_access(request)
    decision = get_decision(request, public_id)
    action = get_action(decision, action_id)
    if not may_update_action(access, action, manager=may_manage(access, decision)):
        raise PermissionDenied
    form = ProgressForm(request.POST or None, instance=Action.objects.get(pk=action.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.action_progress(
                action=action,
                status=form.cleaned_data["status"],
                progress_note=form.cleaned_data["progress_note"],
                by=person(request),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Progress recorded."))
            return redirect(action)
    return render(
        request,
        "decisions/progress_form.html",
        {"form": form, "decision": decision, "action": action},
    )


@login_required
@require_POST
def action_remove(request: HttpRequest, public_id: UUID, action_id: UUID) -> HttpResponse:
    decision = get_decision(request, public_id, manage=True)
    action = get_action(decision, action_id)
    services.action_remove(action=action, by=person(request), request=request)
    messages.success(request, _("Action removed."))
    return redirect(decision)
