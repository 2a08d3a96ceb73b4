"""Pages of the co-written texts: the list, a text and its paragraphs, amending and
commenting, answering amendments, versions and their comparison, the final vote."""

from __future__ import annotations

import typing
from functools import cache
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.django import get_installed_libraries
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from cordee.accounts.models import User
from cordee.core.queries import count_of
from cordee.knowledge.markdown import render_markdown
from cordee.network.access import Access, get_access
from cordee.texts.blocks import align
from cordee.texts.diffs import inline_diff, side_by_side
from cordee.texts.forms import (
    AmendmentForm,
    AnswerForm,
    CommentForm,
    CompareForm,
    RebaseForm,
    TextEditForm,
    TextForm,
    TextVoteForm,
)
from cordee.texts.models import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    Paragraph,
    ParagraphComment,
    Text,
    TextKind,
    TextStatus,
    TextVersion,
    VersionParagraph,
)
from cordee.texts.services import (
    amendment_answer,
    amendment_is_outdated,
    amendment_propose,
    amendment_rebase,
    amendment_withdraw,
    comment_add,
    current_state,
    text_create,
    text_freeze,
    text_put_to_vote,
    text_record_outcome,
    text_reopen,
    text_update,
    version_blocks,
    vote_outcome,
)
from cordee.voting.models import Vote

PAGE_SIZE = 20


# Who may do what.


def _readable(request: HttpRequest, public_id: UUID) -> Text:
    """The text if the person may read it; 404 otherwise, as if it did not exist."""
    return get_object_or_404(
        Text.objects.visible_to(get_access(request)).select_related(
            "current_version", "body", "vote", "scope_territory", "scope_group"
        ),
        public_id=public_id,
    )


def _may_manage(access: Access, text: Text) -> bool:
    if access.user_id is None:
        return False
    return Text.objects.managed_by(access).filter(pk=text.pk).exists()


def _managed(request: HttpRequest, public_id: UUID) -> Text:
    """The text if the person answers for it: 404 if they cannot read it, 403 if they only can."""
    text = _readable(request, public_id)
    if not _may_manage(get_access(request), text):
        raise PermissionDenied
    return text


def _may_contribute(access: Access, text: Text) -> bool:
    """Members of the text's scope (and staff) comment and amend while it is open."""
    return access.sees_member_content or _may_manage(access, text)


def _contributed(request: HttpRequest, public_id: UUID) -> Text:
    text = _readable(request, public_id)
    if not _may_contribute(get_access(request), text):
        raise PermissionDenied
    return text


def _paragraph(text: Text, paragraph_id: UUID) -> Paragraph:
    return get_object_or_404(Paragraph, text=text, public_id=paragraph_id)


def _user(request: HttpRequest) -> User:
    return typing.cast(User, request.user)


@cache
def _has_tag_library(name: str) -> bool:
    return name in get_installed_libraries()


def _decisions_ready() -> bool:
    """The decisions app offers a way to record a decision from a text (built alongside)."""
    try:
        reverse("decisions:create")
    except NoReverseMatch:
        return False
    return _has_tag_library("decisions")


def _common(request: HttpRequest) -> dict[str, Any]:
    return {"report_links": _has_tag_library("moderation")}


# The list.


@require_GET
def text_list(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    texts = Text.objects.visible_to(access)
    kind = request.GET.get("kind", "")
    if kind in TextKind.values:
        texts = texts.filter(kind=kind)
    status = request.GET.get("status", "")
    if status in TextStatus.values:
        texts = texts.filter(status=status)
    texts = (
        texts.select_related("current_version", "scope_territory", "scope_group")
        .annotate(
            pending=count_of(Amendment.objects.filter(status=AmendmentStatus.PENDING), "text")
        )
        .order_by("-updated_at", "pk")
    )
    page = Paginator(texts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "texts/text_list.html",
        {
            "page": page,
            "kinds": TextKind.choices,
            "statuses": TextStatus.choices,
            "kind": kind,
            "status": status,
            "may_write": access.sees_member_content,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def text_new(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    if not access.sees_member_content:
        raise PermissionDenied
    form = TextForm(request.POST or None, request.FILES or None, access=access)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        text = Text(
            title=data["title"],
            kind=data["kind"],
            summary=data["summary"],
            scope=data["scope"],
            scope_territory=data["scope_territory"],
            scope_group=data["scope_group"],
            body=data["body"],
        )
        text.clean()
        try:
            text_create(
                text=text,
                markdown=form.text_markdown,
                by=_user(request),
                coauthors=data["coauthors"],
                request=request,
            )
        except ValidationError as error:
            form.add_error("markdown", error)
        else:
            messages.success(
                request,
                _("The text is online, in %(count)d paragraphs: members can now amend it.")
                % {"count": text.current_version.blocks.count()},
            )
            return redirect(text)
    return render(
        request, "texts/text_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def text_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    text = _managed(request, public_id)
    authors = text.authors.order_by("last_name", "first_name")
    form = TextEditForm(
        request.POST or None,
        authors=authors,
        initial={"title": text.title, "summary": text.summary, "body": text.body},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            text_update(
                text=text,
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                add=data["add_authors"],
                remove=list(data["remove_authors"]),
                by=_user(request),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The text's details are saved."))
            return redirect(text)
    return render(
        request,
        "texts/text_edit.html",
        {"text": text, "form": form},
        status=400 if form.errors else 200,
    )


# A text.


def _counts(text: Text) -> tuple[dict[int, dict[str, int]], dict[int, int]]:
    """Amendments (all, pending) and comments per paragraph, in two grouped queries."""
    amendments = {
        row["paragraph_id"]: row
        for row in Amendment.objects.filter(text=text)
        .values("paragraph_id")
        .annotate(total=Count("pk"), pending=Count("pk", filter=Q(status=AmendmentStatus.PENDING)))
    }
    comments = dict(
        ParagraphComment.objects.filter(text=text)
        .values("paragraph_id")
        .annotate(total=Count("pk"))
        .values_list("paragraph_id", "total")
    )
    return amendments, comments


@require_GET
def text_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    access = get_access(request)
    text = _readable(request, public_id)
    if text.status == TextStatus.FROZEN and text.vote and text.vote.results_published_at:
        # The vote closed since the last visit: record its outcome now, not in five minutes.
        text_record_outcome(text=text)
        text = _readable(request, public_id)
    may_contribute = text.is_open and _may_contribute(access, text)
    paragraphs, pending = _paragraphs_html(text, may_contribute)
    may_manage = _may_manage(access, text)
    context = {
        **_common(request),
        "text": text,
        "authors": list(text.authors.all()),
        "paragraphs": paragraphs,
        "pending": pending,
        "may_manage": may_manage,
        "may_contribute": may_contribute,
        "may_put_to_vote": text.status == TextStatus.FROZEN
        and text.vote is None
        and may_manage
        and access.is_staff,
        "outcome": vote_outcome(text.vote) if text.vote else None,
        "decisions_ready": text.status == TextStatus.ADOPTED and _decisions_ready(),
    }
    return render(request, "texts/text_detail.html", context)


def _stored_html(state: VersionParagraph) -> SafeString:
    """The paragraph's HTML, rendered and sanitised when its version was made."""
    if not state.html:
        return render_markdown(state.body)
    return mark_safe(state.html)  # noqa: S308 - written by render_markdown only


def _paragraphs_html(text: Text, may_contribute: bool) -> tuple[SafeString, int]:
    """The current version's paragraphs, each with the link to its amendments and comments
    (loaded under it by htmx, a page of its own without JavaScript) and, for members, to
    amend it; and the number of amendments waiting.

    Drawn here rather than in a template loop: a text of 200 paragraphs took most of its
    page's time in the template engine. Every value is escaped by ``format_html``; the
    paragraphs' HTML was sanitised when their version was made.
    """
    amendments, comments = _counts(text)
    text_url = text.get_absolute_url()
    amend = _("Amend")
    rows = VersionParagraph.objects.filter(version_id=text.current_version_id).order_by("position")
    parts = []
    pending = 0
    for number, (paragraph_id, pid, body, html) in enumerate(
        rows.values_list("paragraph_id", "paragraph__public_id", "body", "html"), start=1
    ):
        counts = amendments.get(paragraph_id, {})
        pending += counts.get("pending", 0)
        url = f"{text_url}paragraphs/{pid}/"
        label = _paragraph_label(
            number, counts.get("total", 0), counts.get("pending", 0), comments.get(paragraph_id, 0)
        )
        amend_link = (
            format_html(
                '<a href="{}amend/">{}<span class="visually-hidden"> § {}</span></a>',
                url,
                amend,
                number,
            )
            if may_contribute
            else ""
        )
        parts.append(
            format_html(
                '<div class="text-paragraph" id="p-{pid}">'
                '<div class="text-paragraph__body">{html}</div>'
                '<p class="text-paragraph__tools"><a href="{url}" hx-get="{url}" '
                'hx-target="#detail-{pid}" hx-swap="innerHTML">{label}</a> {amend}</p>'
                '<div id="detail-{pid}" class="text-paragraph__detail" aria-live="polite"></div>'
                "</div>\n",
                pid=pid,
                html=mark_safe(html) if html else render_markdown(body),  # noqa: S308
                url=url,
                label=label,
                amend=amend_link,
            )
        )
    return mark_safe("".join(parts)), pending  # noqa: S308 - each part built by format_html


def _paragraph_label(number: int, amendments: int, pending: int, comments: int) -> str:
    """ "§ 3: 2 amendments (1 waiting), 1 comment": the link to a paragraph's discussion."""
    label = ngettext(
        "§ %(number)d: %(count)d amendment",
        "§ %(number)d: %(count)d amendments",
        amendments,
    ) % {"number": number, "count": amendments}
    # The sign stays with its number (a no-break space, kept out of the message: xgettext
    # would store its escape rather than the character).
    label = label.replace("§ ", "§\u00a0", 1)
    if pending:
        label += " " + ngettext("(%(count)d waiting)", "(%(count)d waiting)", pending) % {
            "count": pending
        }
    return (
        label
        + ", "
        + ngettext("%(count)d comment", "%(count)d comments", comments) % {"count": comments}
    )


def _amendment_rows(amendments: list[Amendment]) -> list[dict[str, Any]]:
    return [
        {"amendment": amendment, "diff": _amendment_diff(amendment)} for amendment in amendments
    ]


def _amendment_diff(amendment: Amendment) -> Any:
    if amendment.kind == AmendmentKind.REPLACE:
        return inline_diff(amendment.base_body, amendment.proposed)
    if amendment.kind == AmendmentKind.DELETE:
        return inline_diff(amendment.base_body, "")
    return inline_diff("", amendment.proposed)


@vary_on_headers("HX-Request")
@require_GET
def paragraph_detail(request: HttpRequest, public_id: UUID, paragraph_id: UUID) -> HttpResponse:
    """A paragraph's amendments and comments: a fragment of the text's page for htmx, a
    page of its own otherwise."""
    access = get_access(request)
    text = _readable(request, public_id)
    paragraph = _paragraph(text, paragraph_id)
    context = {
        **_common(request),
        **_paragraph_context(text, paragraph, access),
        "comment_form": CommentForm(),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return render(request, "texts/_paragraph_detail.html", context)
    return render(request, "texts/paragraph.html", context)


def _paragraph_context(text: Text, paragraph: Paragraph, access: Access) -> dict[str, Any]:
    state = current_state(text, paragraph)
    amendments = list(
        paragraph.amendments.select_related(
            "author", "answered_by", "result_version", "base_version"
        ).order_by("created_at", "pk")
    )
    return {
        "text": text,
        "paragraph": paragraph,
        "state": state,
        "html": _stored_html(state) if state else "",
        "amendments": _amendment_rows(amendments),
        "comments": list(
            paragraph.comments.select_related("author", "version").order_by("created_at", "pk")
        ),
        "may_contribute": text.is_open and state is not None and _may_contribute(access, text),
        "may_manage": _may_manage(access, text),
    }


@login_required
@require_http_methods(["GET", "POST"])
def amend(request: HttpRequest, public_id: UUID, paragraph_id: UUID) -> HttpResponse:
    text = _contributed(request, public_id)
    paragraph = _paragraph(text, paragraph_id)
    if not text.is_open:
        messages.error(request, _("This text is no longer open to amendments."))
        return redirect(text)
    state = current_state(text, paragraph)
    if state is None:
        raise Http404("This paragraph was deleted.")
    form = AmendmentForm(
        request.POST or None,
        initial={"proposed": state.body, "base_version": text.current_version.number},
    )
    superseded = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        base = TextVersion.objects.filter(text=text, number=data["base_version"]).first()
        try:
            if base is None:
                raise ValidationError(
                    _("This version of the text does not exist: reload the page.")
                )
            amendment = amendment_propose(
                text=text,
                paragraph=paragraph,
                kind=data["kind"],
                proposed=data["proposed"],
                justification=data["justification"],
                base_version=base,
                by=_user(request),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
            if base is not None and base.pk != text.current_version_id:
                # Show what they amended against what it says now; keep what they wrote.
                superseded = _superseded(base, paragraph, state)
                form.data = form.data.copy()
                form.data["base_version"] = str(text.current_version.number)
        else:
            messages.success(request, _("Your amendment is sent: the authors will answer it."))
            return redirect(amendment)
    return render(
        request,
        "texts/amendment_form.html",
        {
            "text": text,
            "paragraph": paragraph,
            "state": state,
            "html": _stored_html(state),
            "form": form,
            "superseded": superseded,
        },
        status=400 if form.errors else 200,
    )


def _superseded(base: TextVersion, paragraph: Paragraph, state: VersionParagraph) -> dict:
    then = VersionParagraph.objects.filter(version=base, paragraph=paragraph).first()
    return {
        "base": base,
        "diff": inline_diff(then.body if then else "", state.body),
    }


@login_required
@require_POST
def comment(request: HttpRequest, public_id: UUID, paragraph_id: UUID) -> HttpResponse:
    access = get_access(request)
    text = _contributed(request, public_id)
    paragraph = _paragraph(text, paragraph_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment_add(
                text=text,
                paragraph=paragraph,
                body=form.cleaned_data["body"],
                by=_user(request),
                request=request,
            )
        except ValidationError as error:
            form.add_error("body" if hasattr(error, "error_dict") else None, error)
        else:
            messages.success(request, _("Your comment is posted."))
            return redirect(
                reverse("texts:paragraph", args=[text.public_id, paragraph.public_id]) + "#comments"
            )
    context = {
        **_common(request),
        **_paragraph_context(text, paragraph, access),
        "comment_form": form,
    }
    return render(request, "texts/paragraph.html", context, status=400)


# Amendments.


def _amendment(request: HttpRequest, public_id: UUID) -> Amendment:
    amendment = get_object_or_404(
        Amendment.objects.visible_to(get_access(request)).select_related(
            "text__current_version",
            "paragraph",
            "author",
            "answered_by",
            "base_version",
            "result_version",
        ),
        public_id=public_id,
    )
    return amendment


def _amendment_page(
    request: HttpRequest, amendment: Amendment, form: Form | None = None, status: int = 200
) -> HttpResponse:
    access = get_access(request)
    text = amendment.text
    may_manage = _may_manage(access, text)
    state = current_state(text, amendment.paragraph)
    pending = amendment.status == AmendmentStatus.PENDING
    if form is None and may_manage and pending and text.is_open:
        form = AnswerForm()
    return render(
        request,
        "texts/amendment.html",
        {
            **_common(request),
            "text": text,
            "amendment": amendment,
            "diff": _amendment_diff(amendment),
            "state": state,
            "outdated": pending and amendment_is_outdated(amendment, state),
            "form": form,
            "may_withdraw": amendment.status in (AmendmentStatus.PENDING, AmendmentStatus.OUTDATED)
            and amendment.author_id == access.user_id
            and access.user_id is not None,
            "may_rebase": amendment.status == AmendmentStatus.OUTDATED
            and amendment.author_id == access.user_id
            and text.is_open
            and state is not None,
        },
        status=status,
    )


@require_GET
def amendment_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _amendment_page(request, _amendment(request, public_id))


@login_required
@require_POST
def amendment_answer_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    amendment = _amendment(request, public_id)
    if not _may_manage(get_access(request), amendment.text):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            version = amendment_answer(
                amendment=amendment,
                accept=accept,
                answer=form.cleaned_data["answer"],
                by=_user(request),
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(amendment)
        if version is not None:
            messages.success(
                request,
                _("Amendment accepted: the text is now at version %(number)d.")
                % {"number": version.number},
            )
        else:
            messages.success(request, _("Amendment rejected; its author is told why."))
        return redirect(
            reverse(
                "texts:paragraph", args=[amendment.text.public_id, amendment.paragraph.public_id]
            )
        )
    return _amendment_page(request, amendment, form=form, status=400)


@login_required
@require_POST
def amendment_take_back(request: HttpRequest, public_id: UUID) -> HttpResponse:
    amendment = _amendment(request, public_id)
    if amendment.author_id != request.user.pk:
        raise PermissionDenied
    try:
        amendment_withdraw(amendment=amendment, by=_user(request), request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your amendment is withdrawn; it stays on record."))
    return redirect(amendment)


@login_required
@require_http_methods(["GET", "POST"])
def amendment_rewrite(request: HttpRequest, public_id: UUID) -> HttpResponse:
    amendment = _amendment(request, public_id)
    if amendment.author_id != request.user.pk:
        raise PermissionDenied
    text = amendment.text
    state = current_state(text, amendment.paragraph)
    if amendment.status != AmendmentStatus.OUTDATED or state is None or not text.is_open:
        messages.error(request, _("This amendment cannot be rewritten: it is not outdated."))
        return redirect(amendment)
    form = RebaseForm(
        request.POST or None,
        initial={"proposed": amendment.proposed, "justification": amendment.justification},
    )
    if request.method == "POST" and form.is_valid():
        try:
            amendment_rebase(
                amendment=amendment,
                proposed=form.cleaned_data["proposed"],
                justification=form.cleaned_data["justification"],
                by=_user(request),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your amendment is rewritten and waits for an answer."))
            return redirect(amendment)
    return render(
        request,
        "texts/amendment_rewrite.html",
        {
            "text": text,
            "amendment": amendment,
            "state": state,
            "changes": inline_diff(amendment.base_body, state.body),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


# Versions.


@require_GET
def version_list(request: HttpRequest, public_id: UUID) -> HttpResponse:
    text = _readable(request, public_id)
    versions = list(text.versions.select_related("created_by", "amendment__author"))
    numbers = [version.number for version in versions]
    form = CompareForm(
        numbers=numbers,
        initial={
            "older": numbers[-2] if len(numbers) > 1 else numbers[0],
            "newer": numbers[-1],
            "layout": "side",
        },
    )
    return render(
        request,
        "texts/version_list.html",
        {"text": text, "versions": reversed(versions), "form": form},
    )


@require_GET
def version_detail(request: HttpRequest, public_id: UUID, number: int) -> HttpResponse:
    text = _readable(request, public_id)
    version = get_object_or_404(
        TextVersion.objects.select_related("created_by"), text=text, number=number
    )
    paragraphs = [
        {"state": state, "html": _stored_html(state)} for state in version_blocks(version)
    ]
    if request.GET.get("format") == "md":
        response = HttpResponse(
            "\n\n".join(paragraph["state"].body for paragraph in paragraphs) + "\n",
            content_type="text/markdown; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="text-v{number}.md"'
        return response
    return render(
        request,
        "texts/version_detail.html",
        {"text": text, "version": version, "paragraphs": paragraphs},
    )


@require_GET
def compare(request: HttpRequest, public_id: UUID) -> HttpResponse:
    text = _readable(request, public_id)
    versions = {version.number: version for version in text.versions.all()}
    data = request.GET.copy() if request.GET else None
    if data is not None and not data.get("layout"):
        data["layout"] = "side"
    form = CompareForm(data, numbers=sorted(versions))
    context: dict[str, Any] = {"text": text, "form": form}
    if form.is_valid():
        older, newer = sorted([form.cleaned_data["older"], form.cleaned_data["newer"]])
        layout = form.cleaned_data.get("layout") or "side"
        rows = align(_bodies(versions[older]), _bodies(versions[newer]))
        unchanged = form.cleaned_data.get("unchanged")
        shown = []
        number = 0
        for row in rows:
            number += row.newer is not None
            if row.status == "same" and not unchanged:
                continue
            item: dict[str, Any] = {"row": row, "status": row.status, "number": number}
            if row.status == "same":
                item["left"] = item["right"] = item["inline"] = row.newer
            elif layout == "side":
                item["left"], item["right"] = side_by_side(row.older or "", row.newer or "")
            else:
                item["inline"] = inline_diff(row.older or "", row.newer or "")
            shown.append(item)
        context.update(
            {
                "older": versions[older],
                "newer": versions[newer],
                "layout": layout,
                "rows": shown,
                "changed": sum(1 for row in rows if row.status != "same"),
            }
        )
    return render(request, "texts/compare.html", context, status=400 if form.errors else 200)


def _bodies(version: TextVersion) -> list[tuple[int, str]]:
    return list(version.blocks.order_by("position").values_list("paragraph_id", "body"))


# The final version and its vote.


@login_required
@require_POST
def freeze(request: HttpRequest, public_id: UUID) -> HttpResponse:
    text = _managed(request, public_id)
    try:
        text_freeze(text=text, by=_user(request), request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Version %(number)d is the final version: staff can now put it to the vote.")
            % {"number": text.current_version.number},
        )
    return redirect(text)


@login_required
@require_POST
def reopen(request: HttpRequest, public_id: UUID) -> HttpResponse:
    text = _managed(request, public_id)
    try:
        text_reopen(text=text, by=_user(request), request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The text is open to amendments again."))
    return redirect(text)


@login_required
@require_http_methods(["GET", "POST"])
def put_to_vote(request: HttpRequest, public_id: UUID) -> HttpResponse:
    text = _managed(request, public_id)
    if not get_access(request).is_staff:
        raise PermissionDenied
    if text.status != TextStatus.FROZEN or text.vote_id:
        messages.error(
            request,
            _("Only a frozen text that has no vote yet is put to the vote.")
            if not text.vote_id
            else _("This text is already put to a vote."),
        )
        return redirect(text)
    version_url = request.build_absolute_uri(text.current_version.get_absolute_url())
    form = TextVoteForm(
        request.POST or None,
        instance=Vote(),
        initial={
            "description": _(
                # The address ends the sentence: no mark after it that a mail reader
                # could take into the link.
                "Do you adopt version %(number)d of “%(title)s”? It reads at %(url)s"
            )
            % {"number": text.current_version.number, "title": text.title, "url": version_url},
            "threshold": "two_thirds" if text.kind == TextKind.STATUTES else "simple",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            vote = text_put_to_vote(
                text=text, vote=form.save(commit=False), by=_user(request), request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The vote is published: the electorate is told."))
            return redirect(vote)
    return render(
        request,
        "texts/put_to_vote.html",
        {"text": text, "form": form},
        status=400 if form.errors else 200,
    )
