"""The demo knowledge base: its articles load once, fast, with authors, themes
and skills that exist; the search evaluation set names real articles."""

from __future__ import annotations

import json
import re
import time
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone

from cordee.knowledge.demo import (
    EVAL_QUERIES,
    DemoArticleError,
    demo_articles,
    load_articles,
    parse,
)
from cordee.knowledge.models import Article, Revision, Tag, Theme
from cordee.knowledge.search_models import SearchDocument
from cordee.network.demo import load_demo
from cordee.network.models import Skill, Territory, WorkingGroup
from cordee.network.scopes import Scope

THROUGH = (
    Article.authors.through,
    Article.themes.through,
    Article.skills.through,
    Article.tags.through,
)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo network and its articles, loaded once for this file and rolled back after."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
            started = time.perf_counter()
            result = load_articles()
            result.seconds = time.perf_counter() - started
            yield result
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def counts() -> dict[str, int]:
    models = (Article, Revision, Tag, *THROUGH)
    return {model.__name__: model.objects.count() for model in models}


def test_about_150_articles_of_every_kind():
    articles = demo_articles()
    assert 140 <= len(articles) <= 200
    kinds = Counter(a.kind for a in articles)
    assert kinds["practice"] + kinds["lessons"] >= 125
    assert kinds["guide"] >= 3 and kinds["faq"] >= 3
    assert len({a.slug for a in articles}) == len(articles)


def test_articles_have_substance():
    for article in demo_articles():
        words = len(re.findall(r"\w+", article.body))
        assert 130 <= words <= 450, (article.slug, words)
        assert article.title and article.summary and article.authors, article.slug
        assert "lorem" not in article.body.lower()


def test_scopes_and_dates_are_spread():
    articles = demo_articles()
    scopes = Counter(a.scope for a in articles)
    assert scopes[Scope.NETWORK] > scopes[Scope.PUBLIC] >= 12
    assert scopes[Scope.TERRITORY] >= 2
    years = {a.published[:4] for a in articles}
    assert {"2019", "2020", "2021", "2022", "2023", "2024", "2025", "2026"} <= years
    assert max(a.published for a in articles) <= timezone.localdate().isoformat()


def test_a_malformed_file_is_named():
    with pytest.raises(DemoArticleError, match=r"bad\.md"):
        parse("no front matter", "bad.md")
    with pytest.raises(DemoArticleError, match="kind"):
        parse("---\nslug: x\nkind: poem\ntitle: t\nsummary: s\npublished: 2024-01-01\n---\nx", "x")


def test_every_article_is_published_with_one_revision(loaded, db):
    assert loaded.created == len(demo_articles())
    assert Article.objects.published().count() == loaded.created
    assert Revision.objects.count() == loaded.created
    assert not Article.objects.filter(revisions__number__gt=1).exists()


def test_loading_again_changes_nothing(loaded, db):
    before = counts()
    again = load_articles()
    assert again.created == 0
    assert counts() == before


def test_loading_is_fast(loaded, db):
    assert loaded.seconds < 5  # about 1 s on a quiet laptop, search index included


def test_themes_skills_territories_and_groups_exist(loaded, db):
    themes = set(Theme.objects.filter(is_pillar=True).values_list("slug", flat=True))
    skills = set(Skill.objects.values_list("slug", flat=True))
    territories = set(Territory.objects.values_list("slug", flat=True))
    groups = set(WorkingGroup.objects.values_list("slug", flat=True))
    for article in demo_articles():
        assert article.themes and set(article.themes) <= themes, article.slug
        assert article.skills and set(article.skills) <= skills, article.slug
        if article.scope == Scope.TERRITORY:
            assert article.territory in territories, article.slug
        if article.scope == Scope.GROUP:
            assert article.group in groups, article.slug
    for article in Article.objects.prefetch_related("themes", "skills"):
        assert article.themes.count() == len(
            next(a for a in demo_articles() if a.slug == article.slug).themes
        )


def test_every_article_has_its_authors_and_an_organisation(loaded, db):
    """Members write for their company; the network's staff write for the network."""
    by_slug = {a.slug: a for a in demo_articles()}
    network_staff = {"admin", "coordinator", "staff"}
    for article in Article.objects.prefetch_related("authors"):
        names = by_slug[article.slug].authors
        assert article.authors.count() == len(set(names)), article.slug
        if names[0] not in network_staff:
            assert article.organisation_id is not None, article.slug


def test_slugs_are_ascii():
    for article in demo_articles():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", article.slug), article.slug


def test_the_demo_expert_and_head_wrote_several(loaded, db):
    for key in ("expert", "head"):
        assert Article.objects.filter(authors__email=f"{key}@example.org").count() >= 4


def test_some_articles_are_possibly_stale(loaded, db):
    stale = Article.objects.stale().count()
    assert 4 <= stale <= 25


def test_territory_articles_are_in_the_arve_branch(loaded, db):
    scoped = Article.objects.filter(scope=Scope.TERRITORY)
    assert scoped.exists()
    assert not scoped.filter(scope_territory__isnull=True).exists()


def test_the_evaluation_set_names_real_articles():
    queries = json.loads(EVAL_QUERIES.read_text(encoding="utf-8"))
    slugs = {a.slug for a in demo_articles()}
    assert len(queries) >= 40
    texts = [q["query"] for q in queries]
    assert len(set(texts)) == len(texts)
    titles = {a.title.casefold() for a in demo_articles()}
    for query in queries:
        assert query["query"].casefold() not in titles
        # "relevant": the judged relevant slugs (what bench/search_eval.py reads);
        # "grades": 2 for an article that answers the query, 1 for a useful one.
        assert 1 <= len(query["relevant"]) <= 5, query["query"]
        assert set(query["relevant"]) <= slugs, query["query"]
        assert set(query["grades"]) == set(query["relevant"]), query["query"]
        assert set(query["grades"].values()) <= {1, 2}, query["query"]
        assert 2 in query["grades"].values(), query["query"]


def test_the_articles_are_in_the_search_index(loaded, db):
    assert loaded.reindexed
    indexed = SearchDocument.objects.filter(source="article").count()
    assert indexed >= Article.objects.count()
