"""Pages of the knowledge base: the list, an article, writing, revisions, who knows what."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from cordee.core.queries import count_of
from cordee.knowledge.attachments import attachment_add, attachment_remove
from cordee.knowledge.experts import (
    expert_organisations,
    expert_people,
    organisations_evidence,
    people_evidence,
)
from cordee.knowledge.forms import (
    ArticleFilterForm,
    ArticleForm,
    AttachmentForm,
    CommentForm,
    ExpertFilterForm,
    HideCommentForm,
)
from cordee.knowledge.markdown import diff_html, render_markdown
from cordee.knowledge.models import Article, ArticleStatus, Attachment, Comment, Reaction
from cordee.knowledge.services import (
    article_confirm_accurate,
    article_count_view,
    article_create,
    article_update,
    comment_add,
    comment_hide,
    reaction_toggle,
    revision_restore,
)
from cordee.network.access import Access, get_access
from cordee.network.views import _partial, _query_without_page, _valid_filters

PAGE_SIZE = 20


def _readable(request: HttpRequest, slug: str) -> Article:
    """The article if the person may read it; 404 otherwise, as if it did not exist."""
    return get_object_or_404(Article.objects.visible_to(get_access(request)), slug=slug)


def _editable(request: HttpRequest, slug: str) -> Article:
    """The article if the person may edit it: 404 if they cannot read it, 403 if they only can."""
    article = _readable(request, slug)
    if not Article.objects.editable_by(get_access(request)).filter(pk=article.pk).exists():
        raise PermissionDenied
    return article


def _may_write(access: Access) -> bool:
    return access.sees_member_content


# The list


@vary_on_headers("HX-Request")
def articles(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    form = ArticleFilterForm(request.GET or None)
    filters = _valid_filters(form)
    found = Article.objects.visible_to(access)
    if filters.get("mine") and access.user_id:
        found = found.filter(authors=access.user_id)
    elif filters.get("waiting") and access.is_staff:
        found = found.filter(status=ArticleStatus.REVIEW)
    else:
        found = found.published()
    if kind := filters.get("kind"):
        found = found.filter(kind=kind)
    if theme := filters.get("theme"):
        found = found.filter(themes=theme)
    if skill := filters.get("skill"):
        found = found.filter(skills=skill)
    if tag := filters.get("tag"):
        found = found.filter(
            pk__in=Article.tags.through.objects.filter(
                Q(tag__slug=slugify(tag)) | Q(tag__name__iexact=tag)
            ).values("article_id")
        )
    if territory := filters.get("territory"):
        found = found.filter(
            Q(scope_territory__path__startswith=territory.path)
            | Q(organisation__territory__path__startswith=territory.path)
        )
    found = (
        found.select_related("organisation")
        .prefetch_related("authors", "themes", "tags")
        .annotate(useful=count_of(Reaction.objects.all(), "article"))
        .order_by("-published_at", "-updated_at", "pk")
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "active_filters": sum(1 for name in form.fields if request.GET.get(name)),
        "may_write": _may_write(access),
    }
    if _partial(request):
        return render(request, "knowledge/_article_results.html", context)
    return render(request, "knowledge/articles.html", context)


# An article


def _full_article(access: Access, pk: int) -> Article:
    """The article with everything its page shows, in a fixed number of queries."""
    return (
        Article.objects.filter(pk=pk)
        .select_related("organisation", "scope_territory", "scope_group")
        .prefetch_related(
            "authors",
            "themes",
            "skills",
            "tags",
            "attachments",
            Prefetch(
                "related",
                queryset=Article.objects.visible_to(access).published().order_by("title"),
                to_attr="readable_related",
            ),
            Prefetch(
                "comments",
                queryset=Comment.objects.select_related("author"),
                to_attr="all_comments",
            ),
        )
        .get()
    )


def article(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_access(request)
    found = _full_article(access, _readable(request, slug).pk)
    if access.user_id:
        # Visitors are not counted: each would need a session row of their own.
        article_count_view(article=found, request=request)
    return render(request, "knowledge/article.html", _article_context(request, found))


def _article_context(request: HttpRequest, article: Article, **extra: Any) -> dict[str, Any]:
    access = get_access(request)
    is_author = any(author.pk == access.user_id for author in article.authors.all())
    return {
        "article": article,
        "body": render_markdown(article.body),
        "is_author": is_author,
        "may_edit": is_author or Article.objects.editable_by(access).filter(pk=article.pk).exists(),
        "may_comment": _may_comment(access, article),
        # Comments name people of the network: its members and staff read them, not visitors.
        "show_comments": access.sees_member_content or is_author,
        "is_staff": access.is_staff,
        "comment_form": extra.pop("comment_form", None) or CommentForm(),
        **_useful_context(request, article),
        **extra,
    }


def _may_comment(access: Access, article: Article) -> bool:
    return access.sees_member_content and article.status == ArticleStatus.PUBLISHED


def _useful_context(request: HttpRequest, article: Article) -> dict[str, Any]:
    access = get_access(request)
    reactions = Reaction.objects.filter(article=article)
    return {
        "useful_count": reactions.count(),
        "found_useful": bool(access.user_id)
        and reactions.filter(person_id=access.user_id).exists(),
    }


@require_POST
@login_required
def article_useful(request: HttpRequest, slug: str) -> HttpResponse:
    article = _readable(request, slug)
    reaction_toggle(article=article, by=request.user)  # type: ignore[arg-type]
    if request.htmx:  # type: ignore[attr-defined]
        context = {"article": article, **_useful_context(request, article)}
        return render(request, "knowledge/_useful.html", context)
    return redirect(article)


@require_POST
@login_required
def article_reviewed(request: HttpRequest, slug: str) -> HttpResponse:
    article = _readable(request, slug)
    try:
        article_confirm_accurate(article=article, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        raise PermissionDenied(error.messages[0]) from None
    messages.success(request, _("Thank you: the article is marked as still accurate."))
    return redirect(article)


@require_POST
@login_required
def comment_create(request: HttpRequest, slug: str) -> HttpResponse:
    article = _readable(request, slug)
    if not _may_comment(get_access(request), article):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment_add(article=article, by=request.user, body=form.cleaned_data["body"])  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your comment is published."))
            return redirect(article.get_absolute_url() + "#comments")
    article = _full_article(get_access(request), article.pk)
    context = _article_context(request, article, comment_form=form)
    return render(request, "knowledge/article.html", context, status=400)


@login_required
def comment_hide_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    access = get_access(request)
    if not access.is_staff:
        raise PermissionDenied
    comment = get_object_or_404(
        Comment.objects.select_related("article", "author").filter(
            article__in=Article.objects.visible_to(access)
        ),
        public_id=public_id,
    )
    form = HideCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            comment_hide(
                comment=comment,
                by=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The comment is hidden and its author was told why."))
            return redirect(comment.article.get_absolute_url() + "#comments")
    return render(request, "knowledge/comment_hide.html", {"comment": comment, "form": form})


# Writing


@login_required
def article_create_view(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    if not _may_write(access):
        raise PermissionDenied
    initial: dict[str, Any] = {
        "authors": [request.user],
        "status": ArticleStatus.DRAFT,
        "scope": "network",
    }
    if len(access.organisation_ids) == 1:
        initial["organisation"] = next(iter(access.organisation_ids))
    form = ArticleForm(request.POST or None, access=access, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = article_create(
                data=form.to_data(),
                by=request.user,  # type: ignore[arg-type]
                access=access,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The article is saved."))
            return redirect(created)
    return render(request, "knowledge/article_form.html", {"form": form, "article": None})


@login_required
def article_edit(request: HttpRequest, slug: str) -> HttpResponse:
    article = _editable(request, slug)
    access = get_access(request)
    form = ArticleForm(request.POST or None, access=access, article=article)
    if request.method == "POST" and form.is_valid():
        try:
            article_update(
                article=article,
                data=form.to_data(),
                by=request.user,  # type: ignore[arg-type]
                access=access,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            article.refresh_from_db()
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved as a new revision."))
            return redirect(article)
    return render(request, "knowledge/article_form.html", {"form": form, "article": article})


@login_required
def article_attachments(request: HttpRequest, slug: str) -> HttpResponse:
    article = _editable(request, slug)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and (remove := request.POST.get("remove")):
        try:
            attachment = article.attachments.get(public_id=UUID(remove))
        except (ValueError, Attachment.DoesNotExist):
            raise Http404 from None
        attachment_remove(attachment=attachment)
        messages.success(request, _("The file is removed."))
        return redirect("knowledge:article_attachments", article.slug)
    if request.method == "POST" and form.is_valid():
        try:
            attachment_add(article=article, upload=form.cleaned_data["file"], by=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The file is attached."))
            return redirect("knowledge:article_attachments", article.slug)
    context = {"article": article, "form": form, "attachments": article.attachments.all()}
    return render(
        request,
        "knowledge/article_attachments.html",
        context,
        status=400 if form.errors else 200,
    )


def attachment_download(request: HttpRequest, public_id: UUID) -> FileResponse:
    access = get_access(request)
    attachment = get_object_or_404(
        Attachment.objects.filter(article__in=Article.objects.visible_to(access)),
        public_id=public_id,
    )
    try:
        file = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        file,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    # Never shown inline nor guessed by the browser: a file is only ever downloaded.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Revisions


@login_required
def revisions(request: HttpRequest, slug: str) -> HttpResponse:
    article = _editable(request, slug)
    found = list(article.revisions.select_related("author"))
    return render(request, "knowledge/revisions.html", {"article": article, "revisions": found})


@login_required
def revision_compare(request: HttpRequest, slug: str) -> HttpResponse:
    article = _editable(request, slug)
    numbers: list[int | None] = []
    for name in ("a", "b"):
        try:
            numbers.append(int(request.GET.get(name, "")))
        except ValueError:
            numbers.append(None)
    found = {revision.number: revision for revision in article.revisions.select_related("author")}
    latest = max(found) if found else None
    older_number = numbers[0] if numbers[0] in found else (latest - 1 if latest else None)
    newer_number = numbers[1] if numbers[1] in found else latest
    if older_number not in found or newer_number not in found:
        messages.info(request, _("Choose two revisions to compare."))
        return redirect("knowledge:revisions", article.slug)
    older, newer = sorted((found[older_number], found[newer_number]), key=lambda r: r.number)
    context = {
        "article": article,
        "older": older,
        "newer": newer,
        "title_diff": diff_html(older.title, newer.title),
        "summary_diff": diff_html(older.summary, newer.summary),
        "body_diff": diff_html(older.body, newer.body),
    }
    return render(request, "knowledge/revision_compare.html", context)


@login_required
def revision_restore_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    article = _editable(request, slug)
    revision = get_object_or_404(article.revisions.select_related("author"), number=number)
    if request.method == "POST":
        restored = revision_restore(
            article=article,
            revision=revision,
            by=request.user,  # type: ignore[arg-type]
            request=request,
        )
        messages.success(
            request,
            _("Revision %(old)s is restored as revision %(new)s.")
            % {"old": revision.number, "new": restored.number},
        )
        return redirect(article)
    return render(
        request, "knowledge/revision_restore.html", {"article": article, "revision": revision}
    )


# Who knows what


@login_required
@vary_on_headers("HX-Request")
def experts(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    if not access.sees_member_content:
        raise PermissionDenied
    form = ExpertFilterForm(request.GET or None)
    filters = _valid_filters(form)
    territory, theme, skill = (filters.get(name) for name in ("territory", "theme", "skill"))
    show = "organisations" if request.GET.get("show") == "organisations" else "people"
    number = request.GET.get("page")
    if show == "organisations":
        organisations = expert_organisations(
            access=access, territory=territory, theme=theme, skill=skill
        )
        page: Page[Any] = Paginator(organisations, PAGE_SIZE).get_page(number)
        results = organisations_evidence(list(page.object_list), access=access)
    else:
        people = expert_people(access=access, territory=territory, theme=theme, skill=skill)
        page = Paginator(people, PAGE_SIZE).get_page(number)
        results = people_evidence(list(page.object_list), access=access)
    context = {
        "form": form,
        "page": page,
        "results": results,
        "show": show,
        "query": _query_without_page(request),
        "active_filters": sum(
            1 for name in ("theme", "skill", "territory") if request.GET.get(name)
        ),
    }
    if _partial(request):
        return render(request, "knowledge/_expert_results.html", context)
    return render(request, "knowledge/experts.html", context)
