"""Consultations for the people consulted: the list, a consultation and its
contributions, a contribution with its comments and history, supports, comments,
the participation page."""

from __future__ import annotations

import typing
from functools import wraps
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cordee.accounts.models import User
from cordee.consultations.forms import CommentForm, ContributionForm, RevisionForm, StatusForm
from cordee.consultations.models import (
    Action,
    Comment,
    Consultation,
    Contribution,
    ContributionStatus,
    Kind,
    Phase,
)
from cordee.consultations.participation import participation
from cordee.consultations.services import (
    can_take_part,
    comment_create,
    contribution_create,
    contribution_revise,
    support_toggle,
)
from cordee.knowledge.markdown import render_markdown
from cordee.network.access import Access, get_access
from cordee.network.scopes import Scope
from cordee.voting.models import Vote
from cordee.voting.results import vote_results

PER_PAGE = 20
SORTS = {"recent": ("-created_at", "-pk"), "supported": ("-support_total", "-created_at", "-pk")}


def person(request: HttpRequest) -> User:
    """The logged-in person (views that call this are behind ``login_required``)."""
    return typing.cast(User, request.user)


def can_manage(access: Access, consultation: Consultation) -> bool:
    """Staff over the consultation's territory (or its group's); mirrors ``managed_by``."""
    if consultation.scope == Scope.TERRITORY:
        return access.is_staff_for(consultation.scope_territory)
    if consultation.scope == Scope.GROUP and consultation.scope_group is not None:
        return access.is_staff_for(consultation.scope_group.territory)
    return access.is_staff_for(None)


def get_consultation(
    request: HttpRequest, public_id: UUID, *, manage: bool = False
) -> Consultation:
    """The consultation if the person may see it (else 404); ``manage``: staff over it
    (else 403)."""
    access = get_access(request)
    consultation = get_object_or_404(
        Consultation.objects.visible_to(access).select_related(
            "scope_territory", "scope_group__territory", "vote"
        ),
        public_id=public_id,
    )
    if manage and not can_manage(access, consultation):
        raise PermissionDenied
    return consultation


def get_contribution(consultation: Consultation, public_id: UUID) -> Contribution:
    contribution = get_object_or_404(
        Contribution.objects.select_related("author", "organisation", "merged_into"),
        consultation=consultation,
        public_id=public_id,
    )
    contribution.consultation = consultation
    return contribution


def visitors_log_in(view: typing.Callable[..., HttpResponse]) -> typing.Callable[..., HttpResponse]:
    """Pages open to visitors for public consultations: any other is not found for them,
    so they are asked to log in rather than told it does not exist."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: typing.Any, **kwargs: typing.Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Http404:
            if request.user.is_authenticated:
                raise
            return redirect_to_login(request.get_full_path())

    return wrapped


def _check_taking_part(request: HttpRequest, consultation: Consultation) -> None:
    if not can_take_part(consultation, get_access(request)):
        raise PermissionDenied


@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    consultations = list(
        Consultation.objects.visible_to(access)
        .with_counts()
        .select_related("scope_territory", "scope_group")
        .order_by("-created_at")
    )
    groups: dict[str, list[Consultation]] = {"open": [], "done": [], "draft": []}
    for consultation in consultations:
        if consultation.phase == Phase.DRAFT:
            groups["draft"].append(consultation)
        elif consultation.phase in (Phase.DECISION, Phase.CLOSED):
            groups["done"].append(consultation)
        else:
            groups["open"].append(consultation)
    return render(request, "consultations/consultation_list.html", {"groups": groups})


def comment_tree(comments: list[Comment]) -> dict[int, list[tuple[Comment, int]]]:
    """contribution id → its comments in reading order, each with its depth (replies under
    the comment they answer)."""
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)
    tree: dict[int, list[tuple[Comment, int]]] = {}

    def walk(comment: Comment, depth: int) -> None:
        tree.setdefault(comment.contribution_id, []).append((comment, depth))
        for reply in children.get(comment.pk, []):
            walk(reply, min(depth + 1, 4))

    for comment in children.get(None, []):
        walk(comment, 0)
    return tree


def latest_comments(contribution_ids: list[int], per_contribution: int = 2) -> list[Comment]:
    """The latest comments of each contribution, in one query, for the list: the whole
    thread is on the contribution's page."""
    rank = Window(
        RowNumber(),
        partition_by=[F("contribution_id")],
        order_by=[F("created_at").desc(), F("pk").desc()],
    )
    return list(
        Comment.objects.filter(contribution_id__in=contribution_ids)
        .annotate(rank=rank)
        .filter(rank__lte=per_contribution)
        .select_related("author")
        .order_by("contribution_id", "-created_at", "-pk")
    )


def _detail_context(
    request: HttpRequest, consultation: Consultation, form: ContributionForm | None = None
) -> dict[str, typing.Any]:
    access = get_access(request)
    kind = request.GET.get("kind", "")
    sort = request.GET.get("sort", "recent")
    if sort not in SORTS:
        sort = "recent"
    contributions = Contribution.objects.filter(consultation=consultation).exclude(
        status=ContributionStatus.MERGED
    )
    if kind in Kind.values:
        contributions = contributions.filter(kind=kind)
    else:
        kind = ""
    # The page's ids first, ordered cheaply (a join and GROUP BY for the supports); then
    # only those rows get their counts and the reader's support.
    if sort == "supported":
        contributions = contributions.annotate(support_total=Count("supports"))
    ids = contributions.order_by(*SORTS[sort]).values_list("pk", flat=True)
    page = Paginator(ids, PER_PAGE).get_page(request.GET.get("page"))
    rows = {
        c.pk: c for c in Contribution.objects.filter(pk__in=list(page.object_list)).listed(access)
    }
    items = [rows[pk] for pk in page.object_list if pk in rows]
    latest: dict[int, list[Comment]] = {}
    for comment in latest_comments([c.pk for c in items]):
        latest.setdefault(comment.contribution_id, []).append(comment)
    for contribution in items:
        contribution.consultation = consultation
        # What the list template reads, set once here rather than per use.
        contribution.latest_comments = latest.get(contribution.pk, [])[::-1]  # type: ignore[attr-defined]
        contribution.url = contribution.get_absolute_url()  # type: ignore[attr-defined]
    taking_part = can_take_part(consultation, access)
    vote = consultation.vote
    sees_vote = vote is not None and Vote.objects.visible_to(access).filter(pk=vote.pk).exists()
    if form is None and taking_part and consultation.allows(Action.CONTRIBUTE):
        form = ContributionForm()
    query = "&".join(f"{k}={v}" for k, v in (("kind", kind), ("sort", sort)) if v)
    return {
        "consultation": consultation,
        "page": page,
        "contributions": items,
        "query": query,
        "here": request.get_full_path(),
        "sees_vote": sees_vote,
        "vote_results": vote_results(vote)
        if sees_vote and vote is not None and vote.results_published_at
        else None,
        "kind": kind,
        "sort": sort,
        "kinds": Kind.choices,
        "form": form,
        "taking_part": taking_part,
        "can_manage": can_manage(access, consultation),
        "body_html": render_markdown(consultation.body),
        "synthesis_html": render_markdown(consultation.synthesis)
        if consultation.synthesis_is_published
        else "",
        "allows_support": consultation.allows(Action.SUPPORT),
        "allows_comment": consultation.allows(Action.COMMENT),
    }


@visitors_log_in
@require_GET
def consultation_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    consultation = get_consultation(request, public_id)
    return render(
        request,
        "consultations/consultation_detail.html",
        _detail_context(request, consultation),
    )


@login_required
@require_POST
def contribute(request: HttpRequest, public_id: UUID) -> HttpResponse:
    consultation = get_consultation(request, public_id)
    _check_taking_part(request, consultation)
    form = ContributionForm(request.POST)
    if form.is_valid():
        try:
            contribution = contribution_create(
                consultation=consultation,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                by=person(request),
                access=get_access(request),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your contribution is published."))
            return redirect(contribution)
    return render(
        request,
        "consultations/consultation_detail.html",
        _detail_context(request, consultation, form),
        status=400,
    )


def _contribution_context(
    request: HttpRequest,
    consultation: Consultation,
    contribution: Contribution,
    comment_form: CommentForm | None = None,
) -> dict[str, typing.Any]:
    access = get_access(request)
    listed = Contribution.objects.filter(pk=contribution.pk).listed(access).get()
    listed.consultation = consultation
    listed.url = contribution.get_absolute_url()  # type: ignore[attr-defined]
    comments = list(
        Comment.objects.filter(contribution=contribution).select_related("author", "organisation")
    )
    taking_part = can_take_part(consultation, access)
    allows_comment = consultation.allows(Action.COMMENT) and taking_part
    if comment_form is None and allows_comment:
        comment_form = CommentForm()
    return {
        "consultation": consultation,
        "contribution": listed,
        "thread": comment_tree(comments).get(contribution.pk, []),
        "comment_form": comment_form,
        "revisions": list(contribution.revisions.select_related("by")),
        "merged": list(contribution.merged.order_by("title")),
        "is_author": contribution.author_id == access.user_id,
        "can_manage": can_manage(access, consultation),
        "taking_part": taking_part,
        "allows_support": consultation.allows(Action.SUPPORT) and taking_part,
        "allows_comment": allows_comment,
        "allows_revise": consultation.allows(Action.REVISE),
        "allows_merge": consultation.allows(Action.MERGE),
        "statuses": StatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]
    }


@visitors_log_in
@require_GET
def contribution_detail(
    request: HttpRequest, public_id: UUID, contribution_id: UUID
) -> HttpResponse:
    consultation = get_consultation(request, public_id)
    contribution = get_contribution(consultation, contribution_id)
    return render(
        request,
        "consultations/contribution_detail.html",
        _contribution_context(request, consultation, contribution),
    )


@login_required
@require_POST
def support(request: HttpRequest, public_id: UUID, contribution_id: UUID) -> HttpResponse:
    consultation = get_consultation(request, public_id)
    _check_taking_part(request, consultation)
    contribution = get_contribution(consultation, contribution_id)
    error = ""
    try:
        supported = support_toggle(
            contribution=contribution, by=person(request), access=get_access(request)
        )
    except ValidationError as refused:
        error = " ".join(refused.messages)
    if request.htmx:  # type: ignore[attr-defined]
        # Only the count and the button change: the page stays where the reader is.
        context = _contribution_context(request, consultation, contribution)
        return render(request, "consultations/_support.html", {**context, "support_error": error})
    if error:
        messages.error(request, error)
    else:
        message = (
            _("You support “%(title)s”.") if supported else _("You no longer support “%(title)s”.")
        )
        messages.success(request, message % {"title": contribution.title})
    back = request.POST.get("next", "")
    if back.startswith(consultation.get_absolute_url()) and "//" not in back:
        return redirect(back)
    return redirect(contribution)


@login_required
@require_POST
def comment(request: HttpRequest, public_id: UUID, contribution_id: UUID) -> HttpResponse:
    consultation = get_consultation(request, public_id)
    _check_taking_part(request, consultation)
    contribution = get_contribution(consultation, contribution_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = Comment.objects.filter(
                contribution=contribution, public_id=form.cleaned_data["parent"]
            ).first()
            if parent is None:
                form.add_error(None, _("The comment you answer no longer exists."))
        if not form.errors:
            try:
                made = comment_create(
                    contribution=contribution,
                    body=form.cleaned_data["body"],
                    parent=parent,
                    by=person(request),
                    access=get_access(request),
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your comment is published."))
                return redirect(f"{contribution.get_absolute_url()}#comment-{made.public_id}")
    return render(
        request,
        "consultations/contribution_detail.html",
        _contribution_context(request, consultation, contribution, form),
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def revise(request: HttpRequest, public_id: UUID, contribution_id: UUID) -> HttpResponse:
    consultation = get_consultation(request, public_id)
    contribution = get_contribution(consultation, contribution_id)
    if contribution.author_id != get_access(request).user_id:
        raise PermissionDenied
    form = RevisionForm(
        request.POST or None, initial={"title": contribution.title, "body": contribution.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            contribution_revise(
                contribution=contribution,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                note=form.cleaned_data["note"],
                by=person(request),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your contribution is revised; the earlier version is kept.")
            )
            return redirect(contribution)
    return render(
        request,
        "consultations/revise.html",
        {"consultation": consultation, "contribution": contribution, "form": form},
        status=400 if form.errors else 200,
    )


@visitors_log_in
@require_GET
def participation_page(request: HttpRequest, public_id: UUID) -> HttpResponse:
    consultation = get_consultation(request, public_id)
    if not (consultation.participation_is_shown or can_manage(get_access(request), consultation)):
        raise Http404
    return render(
        request,
        "consultations/participation.html",
        {
            "consultation": consultation,
            "participation": participation(consultation),
            "synthesis_html": render_markdown(consultation.synthesis)
            if consultation.synthesis_is_published
            else "",
        },
    )
