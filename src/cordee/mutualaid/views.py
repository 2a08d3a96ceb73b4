"""Pages of mutual aid for members: the requests, asking, a request and its answers,
offers to talk, closing, and one's availability.

Every page reads who asks through :func:`with_asker`, which blanks the asker
and their company for people who may not know them (discreet requests).
"""

from __future__ import annotations

import typing
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from cordee.accounts.models import User
from cordee.core.queries import count_of
from cordee.knowledge.markdown import render_markdown
from cordee.mutualaid import services
from cordee.mutualaid.capitalise import help_request_capitalise, may_capitalise
from cordee.mutualaid.forms import (
    AnswerForm,
    AvailabilityForm,
    ChooseHelpersForm,
    CloseForm,
    CommentForm,
    HelpRequestFilterForm,
    HelpRequestForm,
    OfferForm,
)
from cordee.mutualaid.models import (
    UNANSWERED_AFTER,
    Answer,
    Attachment,
    HelpOffer,
    HelpRequest,
    HelpRequestStatus,
    Solicitation,
)
from cordee.mutualaid.search import in_territory_q
from cordee.mutualaid.sessions import may_plan_session
from cordee.mutualaid.solicitations import (
    may_choose_helpers,
    proposed_articles,
    solicitations_send,
)
from cordee.network.access import Access, get_access
from cordee.network.views import _partial, _query_without_page, _valid_filters

PAGE_SIZE = 20


def person(request: HttpRequest) -> User:
    """The logged-in person (views that call this are behind ``login_required``)."""
    return typing.cast(User, request.user)


def get_help_request(request: HttpRequest, public_id: UUID) -> HelpRequest:
    """The request if the person may read it; 404 otherwise, as if it did not exist."""
    return get_object_or_404(
        HelpRequest.objects.visible_to(get_access(request)).select_related(
            "asker", "organisation", "territory", "theme", "audience_territory"
        ),
        public_id=public_id,
    )


def with_asker(help_request: HelpRequest, access: Access) -> HelpRequest:
    """Set ``shown_asker`` and ``shown_organisation``: who asks, as ``access`` may know it."""
    asker, organisation = help_request.asker_shown_to(access)
    help_request.shown_asker = asker  # type: ignore[attr-defined]
    help_request.shown_organisation = organisation  # type: ignore[attr-defined]
    return help_request


def with_authors(answers: Iterable[Answer], help_request: HelpRequest, access: Access) -> None:
    """Set each answer's ``shown_author``: none for what a discreet asker wrote, to those
    who may not know them (they read "the person who asked")."""
    hide = not help_request.knows_asker(access)
    for answer in answers:
        by_asker = answer.author_id is not None and answer.author_id == help_request.asker_id
        answer.by_asker = by_asker  # type: ignore[attr-defined]
        answer.shown_author = None if hide and by_asker else answer.author  # type: ignore[attr-defined]
        answer.shown_organisation = (  # type: ignore[attr-defined]
            None if hide and by_asker else answer.organisation
        )


def attachment_name(attachment: Attachment, help_request: HelpRequest, access: Access) -> str:
    """The file's name as ``access`` reads it: a neutral one on a discreet request, for who
    may not know who asks ("NC Bouvier mars.pdf" would tell)."""
    if help_request.knows_asker(access):
        return attachment.original_name
    extension = attachment.original_name.rsplit(".", 1)[-1].lower()
    return f"{_('file')}-{str(attachment.public_id)[:8]}.{extension}"


def _form_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's error on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# The list, and one's own requests.


@login_required
@vary_on_headers("HX-Request")
def request_list(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    form = HelpRequestFilterForm(request.GET or None)
    filters = _valid_filters(form)
    requests = HelpRequest.objects.visible_to(access)
    if filters.get("theme"):
        requests = requests.filter(theme=filters["theme"])
    if filters.get("territory"):
        requests = requests.filter(in_territory_q(access, filters["territory"]))
    if filters.get("status"):
        requests = requests.filter(status=filters["status"])
    if filters.get("waiting"):
        requests = requests.unanswered_since(timezone.now() - UNANSWERED_AFTER)
    requests = (
        requests.select_related("asker", "organisation", "territory", "theme")
        .annotate(answer_count=count_of(Answer.objects.shown_answers(), "help_request"))
        .order_by("-created_at")
    )
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    for help_request in page.object_list:
        with_asker(help_request, access)
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "active_filters": sum(1 for name in form.fields if request.GET.get(name)),
        "may_ask": services.may_ask(access),
    }
    if _partial(request):
        return render(request, "mutualaid/_request_results.html", context)
    return render(request, "mutualaid/request_list.html", context)


@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    mine = list(
        HelpRequest.objects.filter(asker=person(request))
        .select_related("theme", "capitalised_as")
        .annotate(answer_count=count_of(Answer.objects.shown_answers(), "help_request"))
        .order_by("-created_at")
    )
    asked = list(
        Solicitation.objects.filter(person=person(request), notified_at__isnull=False)
        .filter(help_request__in=HelpRequest.objects.visible_to(access))
        .select_related("help_request")
        .order_by("-notified_at")[:50]
    )
    return render(
        request,
        "mutualaid/my_requests.html",
        {"mine": mine, "asked": asked, "may_ask": services.may_ask(access)},
    )


# Asking, and choosing whom to notify.


@login_required
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    if not services.may_ask(access):
        raise PermissionDenied
    form = HelpRequestForm(request.POST or None, request.FILES or None, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            help_request = services.help_request_post(
                data=form.to_data(),
                by=person(request),
                access=access,
                uploads=form.cleaned_data["attachments"],
                request=request,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("Your request is posted. Choose whom to ask among the people proposed."),
            )
            return redirect("mutualaid:proposals", help_request.public_id)
    return render(
        request,
        "mutualaid/ask.html",
        {"form": form, "organisation": services.asker_organisation(person(request), access)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposals(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The asker sees who may help and why, and chooses whom to notify."""
    access = get_access(request)
    help_request = get_help_request(request, public_id)
    if not may_choose_helpers(help_request, access):
        raise PermissionDenied
    solicitations = list(
        help_request.solicitations.select_related("person").order_by("notified_at", "-score", "pk")
    )
    waiting = [s for s in solicitations if s.notified_at is None]
    form = ChooseHelpersForm(
        request.POST or None, choices=[(s.person_id, s.person.display_name) for s in waiting]
    )
    if request.method == "POST" and form.is_valid():
        try:
            sent = solicitations_send(
                help_request=help_request,
                person_ids=form.cleaned_data["people"],
                by=person(request),
                access=access,
                request=request,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if sent:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s person was asked. You will be told of their answers.",
                        "%(count)s people were asked. You will be told of their answers.",
                        len(sent),
                    )
                    % {"count": len(sent)},
                )
            else:
                messages.info(request, _("Nobody was asked: your request waits for answers."))
            return redirect(help_request)
    organisations = _organisations_of([s.person_id for s in solicitations])
    for solicitation in solicitations:
        solicitation.organisation = organisations.get(solicitation.person_id)  # type: ignore[attr-defined]
    return render(
        request,
        "mutualaid/proposals.html",
        {
            "help_request": help_request,
            "form": form,
            "waiting": waiting,
            "notified": [s for s in solicitations if s.notified_at is not None],
            "articles": proposed_articles(help_request, access),
        },
    )


def _organisations_of(person_ids: list[int]) -> dict[int, str]:
    from cordee.network.models import Affiliation

    names: dict[int, str] = {}
    for affiliation in (
        Affiliation.objects.current()
        .filter(person_id__in=person_ids)
        .select_related("organisation")
        .order_by("-is_head", "pk")
    ):
        names.setdefault(affiliation.person_id, affiliation.organisation.name)
    return names


# A request and its answers.


def _detail_context(request: HttpRequest, help_request: HelpRequest) -> dict[str, Any]:
    access = get_access(request)
    with_asker(help_request, access)
    answers = list(
        help_request.answers.filter(parent__isnull=True)
        .select_related("author", "organisation")
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=Answer.objects.select_related("author", "organisation").order_by(
                    "created_at"
                ),
            )
        )
        .order_by("-is_solution", "created_at")
    )
    with_authors(answers, help_request, access)
    for answer in answers:
        answer.body_html = render_markdown(answer.body)  # type: ignore[attr-defined]
        with_authors(answer.comments.all(), help_request, access)
    is_asker = help_request.is_asked_by(access)
    is_manager = help_request.is_managed_by(access)
    offers = list(help_request.offers.select_related("helper"))
    own_offer = next((offer for offer in offers if offer.helper_id == access.user_id), None)
    solicitation = help_request.solicitations.filter(
        person_id=access.user_id, notified_at__isnull=False
    ).first()
    session = getattr(help_request, "peer_session", None)
    return {
        "help_request": help_request,
        "description": render_markdown(help_request.description),
        "answers": answers,
        "attachments": [
            (attachment, attachment_name(attachment, help_request, access))
            for attachment in help_request.attachments.all()
        ],
        "is_asker": is_asker,
        "is_manager": is_manager,
        "offers": offers if is_asker else [],
        "own_offer": own_offer,
        "solicitation": solicitation,
        "following": help_request.followers.filter(pk=access.user_id).exists(),
        "answer_form": AnswerForm(),
        "offer_form": OfferForm(),
        "may_answer": help_request.status != HelpRequestStatus.CLOSED,
        "may_offer": help_request.is_open and not is_asker and own_offer is None,
        "may_capitalise": may_capitalise(help_request, access)
        and not help_request.capitalised_as_id,
        "may_plan_session": session is None
        and help_request.status != HelpRequestStatus.CLOSED
        and may_plan_session(help_request, access),
        "session": session,
        "session_invited": session is not None
        and session.invited.filter(pk=access.user_id).exists(),
        "waiting_proposals": (is_asker or is_manager)
        and help_request.solicitations.filter(notified_at__isnull=True).exists(),
    }


@login_required
def request_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    help_request = get_help_request(request, public_id)
    return render(request, "mutualaid/request_detail.html", _detail_context(request, help_request))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def answer(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Answer the request or, with ``parent``, comment on one of its answers."""
    access = get_access(request)
    help_request = get_help_request(request, public_id)
    parent = None
    if request.POST.get("parent"):
        try:
            parent = help_request.answers.get(public_id=request.POST["parent"], parent__isnull=True)
        except (Answer.DoesNotExist, ValidationError, ValueError):
            raise Http404 from None
    form = (CommentForm if parent else AnswerForm)(request.POST)
    if form.is_valid():
        try:
            services.answer_post(
                help_request=help_request,
                by=person(request),
                access=access,
                body=form.cleaned_data["body"],
                parent=parent,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if _partial(request):
                help_request = get_help_request(request, public_id)
                return render(
                    request, "mutualaid/_answers.html", _detail_context(request, help_request)
                )
            messages.success(request, _("Your answer is posted. Thank you for helping."))
            return redirect(help_request)
    context = _detail_context(request, help_request)
    context["answer_form" if parent is None else "comment_form"] = form
    context["comment_parent"] = parent
    if _partial(request):
        # htmx swaps 2xx answers only: the form comes back with its message in place.
        return render(request, "mutualaid/_answers.html", context)
    return render(request, "mutualaid/request_detail.html", context, status=400)


@login_required
@require_POST
def mark_solution(request: HttpRequest, public_id: UUID, answer_id: UUID) -> HttpResponse:
    help_request = get_help_request(request, public_id)
    chosen = get_object_or_404(help_request.answers, public_id=answer_id)
    try:
        services.answer_mark_solution(answer=chosen, by=person(request), access=get_access(request))
    except ValidationError as error:
        raise PermissionDenied(error.messages[0]) from None
    messages.success(
        request, _("Marked as the solution. Close the request with its outcome when you can.")
    )
    return redirect(help_request)


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, public_id: UUID) -> HttpResponse:
    access = get_access(request)
    help_request = get_help_request(request, public_id)
    if not (help_request.is_asked_by(access) or help_request.is_managed_by(access)):
        raise PermissionDenied
    initial = {"solved": "yes" if help_request.status == HelpRequestStatus.SOLVED else None}
    form = CloseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.help_request_close(
                help_request=help_request,
                by=person(request),
                access=access,
                outcome=form.cleaned_data["outcome"],
                solved=form.cleaned_data["solved"],
                request=request,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The request is closed. Thank you for the outcome."))
            return redirect(help_request)
    return render(request, "mutualaid/close.html", {"help_request": help_request, "form": form})


@login_required
@require_POST
@vary_on_headers("HX-Request")
def follow(request: HttpRequest, public_id: UUID) -> HttpResponse:
    help_request = get_help_request(request, public_id)
    following = services.follow_toggle(help_request=help_request, by=person(request))
    if _partial(request):
        return render(
            request,
            "mutualaid/_follow.html",
            {"help_request": help_request, "following": following},
        )
    if following:
        messages.success(request, _("You follow this request: you will be told of its answers."))
    else:
        messages.success(request, _("You no longer follow this request."))
    return redirect(help_request)


@login_required
@require_POST
def offer(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """ "I can help, let's talk"."""
    help_request = get_help_request(request, public_id)
    form = OfferForm(request.POST)
    if form.is_valid():
        try:
            services.offer_make(
                help_request=help_request,
                by=person(request),
                access=get_access(request),
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("Your offer is sent. Contact details are shared once the person accepts."),
            )
    return redirect(f"{help_request.get_absolute_url()}#offers")


@login_required
@require_POST
def offer_reply(request: HttpRequest, public_id: UUID, offer_id: UUID) -> HttpResponse:
    help_request = get_help_request(request, public_id)
    chosen = get_object_or_404(HelpOffer, help_request=help_request, public_id=offer_id)
    accept = request.POST.get("accept") == "yes"
    try:
        services.offer_answer(
            offer=chosen,
            accept=accept,
            by=person(request),
            access=get_access(request),
            request=request,
        )
    except ValidationError as error:
        if not help_request.is_asked_by(get_access(request)):
            raise PermissionDenied from None
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("You accepted: you now see each other's contact details.")
            if accept
            else _("You declined the offer."),
        )
    return redirect(f"{help_request.get_absolute_url()}#offers")


@login_required
def attachment(request: HttpRequest, public_id: UUID, file_id: UUID) -> FileResponse:
    help_request = get_help_request(request, public_id)
    found = get_object_or_404(help_request.attachments, public_id=file_id)
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=attachment_name(found, help_request, get_access(request)),
        content_type=found.content_type,
    )


@login_required
@require_POST
def capitalise(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """One click: the solved request becomes a draft practice sheet."""
    from cordee.knowledge.models import Article

    access = get_access(request)
    help_request = get_help_request(request, public_id)
    if not may_capitalise(help_request, access):
        raise PermissionDenied
    try:
        article = help_request_capitalise(
            help_request=help_request, by=person(request), access=access, request=request
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(help_request)
    messages.success(
        request,
        _("A draft practice sheet is made, crediting those who helped. Review it, then publish."),
    )
    if Article.objects.editable_by(access).filter(pk=article.pk).exists():
        return redirect("knowledge:article_edit", article.slug)
    return redirect(help_request)


# Availability.


@login_required
@require_http_methods(["GET", "POST"])
def availability(request: HttpRequest) -> HttpResponse:
    current = services.availability_for(person(request))
    form = AvailabilityForm(
        request.POST or None,
        initial={"accepts_requests": current.accepts_requests, "away_until": current.away_until},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.availability_save(person=person(request), **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Your availability is saved."))
            return redirect("mutualaid:availability")
    return render(request, "mutualaid/availability.html", {"form": form})
