"""The demo knowledge base: about 150 practice sheets, lessons learned, guides
and FAQs written by the people of the demo network.

Each article is a Markdown file under ``demo_data/articles/`` with a small
front matter::

    ---
    slug: usure-outils-laiton
    kind: practice                      # practice, lessons, guide, template, faq
    title: ...
    summary: ...
    themes: innovation, pilotage-strategique   # pillar slugs
    skills: decolletage, ebavurage            # slugs of network.Skill
    tags: laiton, outils coupants
    scope: network                      # public, network, territory, group
    territory: arve                     # with scope: territory
    group: club-rse                     # with scope: group
    authors: expert, bilan carbone      # a demo account key, or an expertise name
    published: 2023-05-12
    reviewed: 2025-09-01                # optional: last review (else the publication)
    ---

An author named by an expertise is a person of the demo network who declares
it, chosen from the article's slug so that the demo is the same everywhere.
``load_articles()`` creates the articles that are missing (all of them the
first time) with ``bulk_create``; run again, it changes nothing.

The file ``demo_data/eval_queries.json`` holds French queries with the
articles judged relevant to each: the evaluation set of the search.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from datetime import time as dtime
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from cordee.accounts.models import User
from cordee.knowledge.models import Article, ArticleKind, ArticleStatus, Revision, Tag, Theme
from cordee.network.models import Affiliation, Skill, Territory, WorkingGroup
from cordee.network.scopes import Scope

DATA = Path(__file__).parent / "demo_data"
ARTICLES = DATA / "articles"
EVAL_QUERIES = DATA / "eval_queries.json"
BATCH = 500
DEMO_KEYS = ("admin", "coordinator", "staff", "head", "member", "expert", "funder")
LIST_FIELDS = ("themes", "skills", "tags", "authors")


@dataclass
class DemoArticle:
    """One article of the demo as read from its file."""

    slug: str
    kind: str
    title: str
    summary: str
    body: str
    published: str
    reviewed: str = ""
    scope: str = Scope.NETWORK
    territory: str = ""
    group: str = ""
    views: int = 0
    themes: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    path: str = ""


@dataclass
class ArticlesResult:
    created: int = 0
    seconds: float = 0.0
    reindexed: bool = False


class DemoArticleError(ValueError):
    """A demo article's file is malformed."""


def parse(text: str, path: str = "") -> DemoArticle:
    """Read one article file: front matter between ``---`` lines, then Markdown."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise DemoArticleError(f"{path}: no front matter")
    try:
        end = lines.index("---", 1)
    except ValueError:
        raise DemoArticleError(f"{path}: front matter not closed") from None
    values: dict[str, object] = {}
    for line in lines[1:end]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise DemoArticleError(f"{path}: “{line}” is not “key: value”")
        key, value = key.strip(), value.strip()
        if key in LIST_FIELDS:
            values[key] = [item.strip() for item in value.split(",") if item.strip()]
        elif key == "views":
            values[key] = int(value)
        else:
            if len(value) > 1 and value[0] == value[-1] == '"':
                value = value[1:-1]
            values[key] = value
    values["body"] = "\n".join(lines[end + 1 :]).strip() + "\n"
    values["path"] = path
    try:
        article = DemoArticle(**values)  # type: ignore[arg-type]
    except TypeError as error:
        raise DemoArticleError(f"{path}: {error}") from None
    if article.kind not in ArticleKind.values:
        raise DemoArticleError(f"{path}: unknown kind “{article.kind}”")
    if article.scope not in (Scope.PUBLIC, Scope.NETWORK, Scope.TERRITORY, Scope.GROUP):
        raise DemoArticleError(f"{path}: unknown scope “{article.scope}”")
    return article


def demo_articles() -> list[DemoArticle]:
    """Every article of the demo, in the order of their files."""
    return [
        parse(path.read_text(encoding="utf-8"), path.name) for path in sorted(ARTICLES.glob("*.md"))
    ]


def _moment(day: str, slug: str) -> datetime:
    """A date of the front matter at a working hour drawn from the slug."""
    minutes = zlib.crc32(slug.encode()) % (9 * 60)
    hour, minute = 8 + minutes // 60, minutes % 60
    return timezone.make_aware(
        datetime.combine(datetime.fromisoformat(day).date(), dtime(hour, minute))
    )


class _Authors:
    """Finds the people who wrote the demo articles."""

    def __init__(self) -> None:
        accounts = {
            user.email.split("@")[0]: user
            for user in User.objects.filter(email__in=[f"{k}@example.org" for k in DEMO_KEYS])
        }
        self.accounts = accounts
        demo_ids = {user.pk for user in accounts.values()}
        by_expertise: dict[str, list[int]] = {}
        for user_id, name in User.expertise.through.objects.values_list(
            "user_id", "expertise__name"
        ).order_by("user_id"):
            if user_id not in demo_ids:
                by_expertise.setdefault(name.casefold(), []).append(user_id)
        self.by_expertise = by_expertise
        # the current organisation of each person (the latest when several)
        self.organisation_of = dict(
            Affiliation.objects.filter(ended_on__isnull=True)
            .order_by("started_on", "pk")
            .values_list("person_id", "organisation_id")
        )

    def resolve(self, name: str, slug: str) -> int | None:
        if name in self.accounts:
            return self.accounts[name].pk
        people = self.by_expertise.get(name.casefold())
        if not people:
            return None
        return people[zlib.crc32(f"{slug}/{name}".encode()) % len(people)]


def load_articles() -> ArticlesResult:
    """Create the demo articles that are missing; the existing ones are left alone."""
    started = time.perf_counter()
    articles = demo_articles()
    existing = set(
        Article.objects.filter(slug__in=[a.slug for a in articles]).values_list("slug", flat=True)
    )
    missing = [a for a in articles if a.slug not in existing]
    if not missing:
        return ArticlesResult(seconds=time.perf_counter() - started)
    with transaction.atomic():
        created = _create(missing)
    result = ArticlesResult(created=len(created), seconds=0.0)
    result.reindexed = _reindex(created)
    result.seconds = time.perf_counter() - started
    return result


def _create(items: list[DemoArticle]) -> list[Article]:
    themes = dict(Theme.objects.values_list("slug", "pk"))
    skills = dict(Skill.objects.values_list("slug", "pk"))
    territories = dict(Territory.objects.values_list("slug", "pk"))
    groups = dict(WorkingGroup.objects.values_list("slug", "pk"))
    authors = _Authors()
    tag_ids = _tags(sorted({name for item in items for name in item.tags}))

    rows = []
    people: dict[str, list[int]] = {}
    for item in items:
        ids = [pk for name in item.authors if (pk := authors.resolve(name, item.slug))]
        people[item.slug] = list(dict.fromkeys(ids))
        published = _moment(item.published, item.slug)
        reviewed = _moment(item.reviewed, item.slug) if item.reviewed else published
        first = people[item.slug][0] if people[item.slug] else None
        rows.append(
            Article(
                slug=item.slug,
                kind=item.kind,
                title=item.title,
                summary=item.summary,
                body=item.body,
                status=ArticleStatus.PUBLISHED,
                scope=item.scope,
                scope_territory_id=territories.get(item.territory) if item.territory else None,
                scope_group_id=groups.get(item.group) if item.group else None,
                organisation_id=authors.organisation_of.get(first) if first else None,
                created_by_id=first,
                published_at=published,
                reviewed_at=reviewed,
                view_count=item.views or 12 + zlib.crc32(item.slug.encode()) % 240,
            )
        )
    created = Article.objects.bulk_create(rows, batch_size=BATCH)
    if any(a.pk is None for a in created):  # a database that returns no ids
        pks = dict(
            Article.objects.filter(slug__in=[a.slug for a in created]).values_list("slug", "pk")
        )
        for article in created:
            article.pk = pks[article.slug]
    # auto_now_add and auto_now stamped today: date them from the front matter
    Article.objects.filter(pk__in=[a.pk for a in created]).update(
        created_at=F("published_at"), updated_at=F("reviewed_at")
    )
    by_slug = {item.slug: item for item in items}
    Revision.objects.bulk_create(
        [
            Revision(
                article_id=article.pk,
                number=1,
                title=article.title,
                summary=article.summary,
                body=article.body,
                author_id=article.created_by_id,
                created_at=article.published_at,
                note="Première publication",
            )
            for article in created
        ],
        batch_size=BATCH,
    )
    _link(Article.authors.through, "user_id", created, lambda a: people[a.slug])
    _link(
        Article.themes.through,
        "theme_id",
        created,
        lambda a: [themes[s] for s in by_slug[a.slug].themes if s in themes],
    )
    _link(
        Article.skills.through,
        "skill_id",
        created,
        lambda a: [skills[s] for s in by_slug[a.slug].skills if s in skills],
    )
    _link(
        Article.tags.through,
        "tag_id",
        created,
        lambda a: list(dict.fromkeys(tag_ids[n] for n in by_slug[a.slug].tags)),
    )
    return created


def _tags(names: list[str]) -> dict[str, int]:
    """The ids of the tags by name, creating the missing ones."""
    existing = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
    taken = set(Tag.objects.values_list("slug", flat=True))
    new = []
    for name in names:
        if name in existing:
            continue
        base = slug = slugify(name)[:90] or "tag"
        number = 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        new.append(Tag(name=name, slug=slug))
    Tag.objects.bulk_create(new, batch_size=BATCH)
    return dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))


def _link(through, column: str, articles: list[Article], ids) -> None:
    """Fill a many-to-many table of the articles in one go."""
    through.objects.bulk_create(
        [
            through(article_id=article.pk, **{column: pk})
            for article in articles
            for pk in ids(article)
        ],
        batch_size=BATCH,
    )


def _reindex(articles: list[Article]) -> bool:
    """Rebuild the search index so that the new articles can be found at once.

    The whole index is rebuilt (in one pass, with bulk inserts), which is as
    fast as indexing the demo's articles one by one; embeddings, when an
    embedder is configured, are computed by the worker afterwards.
    """
    if not articles:
        return False
    from cordee.knowledge import search  # the search imports the models: import late

    search.reindex()
    return True
