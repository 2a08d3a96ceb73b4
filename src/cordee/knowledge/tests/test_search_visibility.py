"""Search decides who may read an article from facts copied onto its document: the
copies must say exactly what ``Article.objects.visible_to`` says, for everyone and
every scope and status, and follow every change to the article."""

from __future__ import annotations

from itertools import product

import pytest

from cordee.knowledge.models import Article, ArticleStatus
from cordee.knowledge.search import Filters, _condition, _visible, _visible_documents, index_article
from cordee.knowledge.search_models import SearchDocument
from cordee.knowledge.search_sources import ArticleSource
from cordee.network.access import Access
from cordee.network.models import WorkingGroup
from cordee.network.scopes import Scope

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "coordinator", "staff", "head", "member", "expert", "funder", "outsider"]


@pytest.fixture
def groups(network, person) -> dict[str, WorkingGroup]:
    made = {
        "arve": WorkingGroup.objects.create(name="Club Arve", slug="arve", territory=network.arve),
        "chablais": WorkingGroup.objects.create(
            name="Club Chablais", slug="chablais", territory=network.chablais
        ),
        "network": WorkingGroup.objects.create(name="Club réseau", slug="reseau"),
    }
    made["chablais"].members.add(person("member"))
    return made


@pytest.fixture
def articles(network, person, groups) -> list[Article]:
    """Every scope and status, in several territories and groups; some by the expert."""
    places = [
        (Scope.PUBLIC, None, None),
        (Scope.NETWORK, None, None),
        (Scope.PRIVATE, None, None),
        *[
            (Scope.TERRITORY, territory, None)
            for territory in (network.department, network.arve, network.annecy, network.chablais)
        ],
        *[(Scope.GROUP, None, group) for group in groups.values()],
    ]
    made = []
    for number, ((scope, territory, group), status) in enumerate(
        product(places, ArticleStatus.values)
    ):
        article = Article.objects.create(
            slug=f"article-{number}",
            title=f"Article {number}",
            scope=scope,
            scope_territory=territory,
            scope_group=group,
            status=status,
        )
        if number % 3 == 0:
            article.authors.add(person("expert"))
        index_article(article)
        made.append(article)
    return made


def accesses(person) -> dict[str, Access]:
    found = {"anonymous": Access.anonymous()}
    found.update({persona: Access.for_user(person(persona)) for persona in PERSONAS})
    return found


def searched(access: Access) -> set[int]:
    """The article ids search lets ``access`` see, through the SQL of every search."""
    documents = list(SearchDocument.objects.values_list("pk", flat=True))
    keys: dict[int, tuple[str, int]] = {}
    allowed = _visible_documents(documents, _visible(access, Filters()), keys, Filters())
    return {keys[document][1] for document in allowed if keys[document][0] == "article"}


def assert_search_sees_what_articles_allow(person) -> None:
    for persona, access in accesses(person).items():
        expected = set(Article.objects.visible_to(access).values_list("pk", flat=True))
        # The copies say the same (PostgreSQL reads them; SQLite reads object ids)...
        copies = SearchDocument.objects.filter(ArticleSource().visible_documents(access))
        assert set(copies.values_list("object_id", flat=True)) == expected, persona
        # ... and so does the SQL of every search.
        assert searched(access) == expected, persona


def test_search_sees_exactly_the_articles_each_person_may_read(person, groups, articles):
    assert_search_sees_what_articles_allow(person)
    # Not trivially: the member sees their club's article, the anonymous visitor less.
    club_article = Article.objects.get(scope_group=groups["chablais"], status="published")
    assert club_article in Article.objects.visible_to(Access.for_user(person("member")))
    assert club_article not in Article.objects.visible_to(Access.for_user(person("head")))
    assert Article.objects.visible_to(Access.anonymous()).count() < len(articles)


def test_the_copies_follow_a_save_an_update_and_a_bulk_update(person, network, groups, articles):
    # Saved without the service, which would have re-indexed it.
    first = articles[0]
    first.scope, first.scope_territory = Scope.TERRITORY, network.chablais
    first.save()
    Article.objects.filter(scope=Scope.NETWORK).update(status=ArticleStatus.DRAFT)
    Article.objects.filter(scope=Scope.PUBLIC, status=ArticleStatus.DRAFT).update(
        status=ArticleStatus.PUBLISHED
    )
    moved = list(Article.objects.filter(scope=Scope.GROUP))
    for article in moved:
        article.scope_group = groups["arve"]
    Article.objects.bulk_update(moved, ["scope_group"])
    assert_search_sees_what_articles_allow(person)


def test_a_deleted_article_leaves_the_index_however_it_goes(articles):
    Article.objects.filter(scope=Scope.PUBLIC).delete()
    assert not SearchDocument.objects.filter(scope=Scope.PUBLIC).exists()
    assert SearchDocument.objects.count() == Article.objects.count()


def test_a_visibility_filter_that_joins_another_table_is_refused(network):
    documents = SearchDocument.objects.filter(scope_territory__path__startswith="/")
    with pytest.raises(ValueError, match="joins"):
        _condition(documents.query, alias="d")


def test_a_document_without_its_article_is_seen_by_nobody(person, articles):
    # As if its article had been deleted by raw SQL, behind the index's back.
    orphan = SearchDocument.objects.create(source="article", object_id=10**9, title="Orphelin")
    for persona, access in accesses(person).items():
        assert orphan.object_id not in searched(access), persona
