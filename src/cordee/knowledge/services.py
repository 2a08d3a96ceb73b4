"""Workflows of the knowledge base: writing, publishing, revising, reacting, commenting."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task

from cordee.audit.services import audit_record
from cordee.knowledge.models import (
    Article,
    ArticleStatus,
    Comment,
    Reaction,
    Revision,
    Tag,
)
from cordee.knowledge.search import index_article, unindex_article
from cordee.network.access import Access
from cordee.network.scopes import Scope
from cordee.notifications.emails import recipient_language
from cordee.notifications.services import notify

if TYPE_CHECKING:
    from cordee.accounts.models import User
    from cordee.network.models import Organisation, Skill, Territory, WorkingGroup

STALE_ARTICLE = "knowledge.stale_article"
COMMENT_HIDDEN = "knowledge.comment_hidden"
# Authors of a stale article are asked again at most this often.
STALE_REMINDER_EVERY = timedelta(days=30)

# Where an article may go from each status. Archived articles can come back.
TRANSITIONS: dict[str, set[str]] = {
    ArticleStatus.DRAFT: {ArticleStatus.DRAFT, ArticleStatus.REVIEW, ArticleStatus.PUBLISHED},
    ArticleStatus.REVIEW: {ArticleStatus.REVIEW, ArticleStatus.DRAFT, ArticleStatus.PUBLISHED},
    ArticleStatus.PUBLISHED: {
        ArticleStatus.PUBLISHED,
        ArticleStatus.ARCHIVED,
        ArticleStatus.DRAFT,
    },
    ArticleStatus.ARCHIVED: {ArticleStatus.ARCHIVED, ArticleStatus.PUBLISHED, ArticleStatus.DRAFT},
}
# Words of the site's addresses that an article's slug must not take.
RESERVED_SLUGS = {"new", "experts", "files", "comments", "archive"}
SESSION_VIEWED = "knowledge_viewed"


@dataclass
class ArticleData:
    """What the article form gives: the fields and relations of an article."""

    title: str
    kind: str
    summary: str = ""
    body: str = ""
    scope: str = Scope.NETWORK
    scope_territory: Territory | None = None
    scope_group: WorkingGroup | None = None
    status: str = ArticleStatus.DRAFT
    organisation: Organisation | None = None
    authors: list[User] = field(default_factory=list)
    themes: list[Any] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    related: list[Article] = field(default_factory=list)


def parse_tags(text: str) -> list[str]:
    """Comma-separated tags, cleaned, without duplicates (whatever their case)."""
    seen: dict[str, str] = {}
    for raw in text.split(","):
        name = " ".join(raw.split())[:80]
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return list(seen.values())


def check_publishing(
    *, data: ArticleData, access: Access, current: str | None, already_public: bool = False
) -> None:
    """Raise ``ValidationError`` if ``access`` may not give the article this scope and status.

    ``already_public``: the staff published it for the public already; its authors keep
    it up to date without asking them again (every change is a revision).
    """
    if current is not None and data.status not in TRANSITIONS[current]:
        raise ValidationError(
            {"status": _("An article cannot go from this status to the one chosen.")}
        )
    group = data.scope_group if data.scope == Scope.GROUP else None
    if group is not None and group.pk not in access.group_ids and not access.is_staff:
        raise ValidationError({"scope_group": _("Choose a working group you belong to.")})
    if data.status != ArticleStatus.PUBLISHED:
        return
    if data.scope == Scope.PRIVATE:
        raise ValidationError(
            {
                "scope": _(
                    "A private article is a draft for its authors only: choose who may read "
                    "it before publishing it."
                )
            }
        )
    if data.scope == Scope.PUBLIC and not access.is_staff and not already_public:
        raise ValidationError(
            {
                "scope": _(
                    "Only the network's staff publish for the public, since public pages "
                    "speak for the network. Publish it for the network, or send it for "
                    "review and ask the staff."
                )
            }
        )


def _unique_slug(title: str, *, exclude: int | None = None) -> str:
    base = slugify(title)[:100] or "article"
    if base in RESERVED_SLUGS:
        base = f"{base}-article"
    candidates = Article.objects.filter(slug__startswith=base)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude)
    taken = set(candidates.values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _apply(article: Article, data: ArticleData, *, access: Access) -> None:
    saved = None if article.pk is None else Article.objects.get(pk=article.pk)
    current = saved.status if saved is not None else None
    already_public = (
        saved is not None
        and saved.scope == Scope.PUBLIC
        and saved.status == ArticleStatus.PUBLISHED
    )
    check_publishing(data=data, access=access, current=current, already_public=already_public)
    for name in (
        "title",
        "kind",
        "summary",
        "body",
        "scope",
        "scope_territory",
        "scope_group",
        "status",
        "organisation",
    ):
        setattr(article, name, getattr(data, name))
    article.full_clean(exclude=["slug"])
    now = timezone.now()
    if data.status == ArticleStatus.PUBLISHED and current != ArticleStatus.PUBLISHED:
        article.published_at = article.published_at or now
        article.reviewed_at = now


def _set_relations(article: Article, data: ArticleData) -> None:
    if not data.authors:
        raise ValidationError({"authors": _("An article needs at least one author.")})
    article.authors.set(data.authors)
    article.themes.set(data.themes)
    article.skills.set(data.skills)
    tags = []
    for name in data.tags:
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = Tag.objects.create(name=name, slug=_tag_slug(name))
        tags.append(tag)
    article.tags.set(tags)
    article.related.set([other for other in data.related if other.pk != article.pk])


def _tag_slug(name: str) -> str:
    base = slugify(name)[:90] or "tag"
    slug, number = base, 2
    while Tag.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _add_revision(article: Article, *, by: User, note: str) -> Revision:
    last = article.revisions.aggregate(last=Max("number"))["last"] or 0
    return Revision.objects.create(
        article=article,
        number=last + 1,
        title=article.title,
        summary=article.summary,
        body=article.body,
        author=by,
        note=note[:200],
    )


def article_create(*, data: ArticleData, by: User, access: Access, note: str = "") -> Article:
    """Write a new article; its first revision is kept."""
    with transaction.atomic():
        article = Article(created_by=by)
        _apply(article, data, access=access)
        article.slug = _unique_slug(data.title)
        article.save()
        _set_relations(article, data)
        _add_revision(article, by=by, note=note or _("First version"))
        index_article(article)
    return article


def article_update(
    *, article: Article, data: ArticleData, by: User, access: Access, note: str = ""
) -> Article:
    """Save an edit; every save is kept as a new revision, with who made it and when."""
    with transaction.atomic():
        _apply(article, data, access=access)
        article.save()
        _set_relations(article, data)
        _add_revision(article, by=by, note=note)
        index_article(article)
    return article


def revision_restore(
    *, article: Article, revision: Revision, by: User, request: HttpRequest | None = None
) -> Revision:
    """Bring back the text of an older revision, as a new revision: history is never rewritten."""
    if revision.article_id != article.pk:
        raise ValidationError(_("This revision belongs to another article."))
    with transaction.atomic():
        article.title = revision.title
        article.summary = revision.summary
        article.body = revision.body
        article.save(update_fields=["title", "summary", "body", "updated_at"])
        restored = _add_revision(
            article, by=by, note=_("Restored revision %(number)s") % {"number": revision.number}
        )
        index_article(article)
        audit_record(
            action="knowledge.revision_restored",
            request=request,
            actor=by,
            target=article,
            details={"revision": revision.number, "new_revision": restored.number},
        )
    return restored


def article_confirm_accurate(*, article: Article, by: User) -> None:
    """An author confirms the article is still right: it is no longer flagged as stale."""
    if not article.authors.filter(pk=by.pk).exists():
        raise ValidationError(_("Only the article's authors can confirm it is still accurate."))
    Article.objects.filter(pk=article.pk).update(reviewed_at=timezone.now())


def article_count_view(*, article: Article, request: HttpRequest) -> None:
    """Count one view per person and session, with one UPDATE: no write on every reload."""
    viewed = request.session.get(SESSION_VIEWED, [])
    if article.pk in viewed:
        return
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)
    # The last few hundred are enough to stop a reload from counting twice.
    request.session[SESSION_VIEWED] = [*viewed, article.pk][-500:]


def reaction_toggle(*, article: Article, by: User) -> bool:
    """Mark the article useful, or take that back; returns whether it is now marked."""
    with transaction.atomic():
        deleted, _details = Reaction.objects.filter(article=article, person=by).delete()
        if deleted:
            return False
        Reaction.objects.get_or_create(article=article, person=by)
    return True


def comment_add(*, article: Article, by: User, body: str) -> Comment:
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write your comment before sending it.")})
    if article.status != ArticleStatus.PUBLISHED:
        raise ValidationError(_("Comments open once the article is published."))
    return Comment.objects.create(article=article, author=by, body=body[:5000])


def comment_hide(
    *, comment: Comment, by: User, reason: str, request: HttpRequest | None = None
) -> None:
    """Staff hide a comment and say why; its author is told."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Say why the comment is hidden: its author is told.")})
    with transaction.atomic():
        comment.hidden_at = timezone.now()
        comment.hidden_reason = reason[:300]
        comment.save(update_fields=["hidden_at", "hidden_reason"])
        audit_record(
            action="knowledge.comment_hidden",
            request=request,
            actor=by,
            target=comment.article,
            details={"reason": comment.hidden_reason},
        )
        if comment.author is not None:
            with translation.override(recipient_language(comment.author)):
                notify(
                    recipients=comment.author,
                    kind=COMMENT_HIDDEN,
                    title=_("Your comment on “%(title)s” was hidden")
                    % {"title": comment.article.title},
                    body=_("The network's staff gave this reason: %(reason)s")
                    % {"reason": comment.hidden_reason},
                    url=comment.article.get_absolute_url(),
                )


@task()
def ask_stale_article_reviews() -> int:
    """Ask the authors of articles not reviewed for 18 months to confirm or update them.

    Each article is asked about at most once in ``STALE_REMINDER_EVERY``: the
    notifications already sent say when it last was.
    """
    from cordee.notifications.models import Notification

    since = timezone.now() - STALE_REMINDER_EVERY
    recently = set(
        Notification.objects.filter(kind=STALE_ARTICLE, created_at__gte=since).values_list(
            "url", flat=True
        )
    )
    asked = 0
    for article in Article.objects.stale().prefetch_related("authors").iterator(chunk_size=200):
        url = article.get_absolute_url()
        if url in recently:
            continue
        for author in article.authors.all():
            with translation.override(recipient_language(author)):
                notify(
                    recipients=author,
                    kind=STALE_ARTICLE,
                    title=_("Is “%(title)s” still accurate?") % {"title": article.title},
                    body=_(
                        "Nobody has reviewed this article for 18 months. Open it, then "
                        "confirm it is still accurate or update it."
                    ),
                    url=url,
                )
        asked += 1
    return asked


def revision_compare_url(article: Article, older: int, newer: int) -> str:
    return reverse("knowledge:revision_compare", args=[article.slug]) + f"?a={older}&b={newer}"


# Personal data (GDPR)


def export_knowledge(user: User) -> dict[str, Any]:
    """What a person wrote and did in the knowledge base, for their data export."""
    return {
        "articles_authored": [
            {
                "title": article.title,
                "url": article.get_absolute_url(),
                "status": article.status,
                "created_at": article.created_at.isoformat(),
            }
            for article in Article.objects.filter(authors=user).order_by("created_at")
        ],
        "revisions_saved": [
            {
                "article": revision.article.title,
                "number": revision.number,
                "saved_at": revision.created_at.isoformat(),
                "note": revision.note,
            }
            for revision in Revision.objects.filter(author=user).select_related("article")
        ],
        "comments": [
            {
                "article": comment.article.title,
                "body": comment.body,
                "created_at": comment.created_at.isoformat(),
                "hidden_reason": comment.hidden_reason,
            }
            for comment in Comment.objects.filter(author=user).select_related("article")
        ],
        "found_useful": [
            reaction.article.title
            for reaction in Reaction.objects.filter(person=user).select_related("article")
        ],
    }


def erase_knowledge(user: User) -> None:
    """Articles, revisions and comments stay, as contributions to the network: they name
    the erased account, shown as "Former member". Reactions stay too, for the counts; the
    account they point to no longer says who it was. Drafts nobody else can see are the
    person's alone: they go."""
    solo_private = (
        Article.objects.filter(authors=user, scope=Scope.PRIVATE)
        .exclude(status=ArticleStatus.PUBLISHED)
        .annotate(author_count=Count("authors"))
        .filter(author_count=1)
    )
    gone = list(solo_private.values_list("pk", flat=True))
    Article.objects.filter(pk__in=gone).delete()
    for article_id in gone:
        unindex_article(article_id)
