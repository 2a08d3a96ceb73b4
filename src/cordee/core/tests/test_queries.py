"""``count_of``: counts by correlated subquery, for list pages whose length must not
slow them down."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cordee.core.queries import count_of
from cordee.knowledge.models import Article, Reaction
from cordee.knowledge.tests.article_factory import make_article


def test_it_counts_each_row_and_zero_for_none(expert, member, head):
    none = make_article(expert, title="Sans lecteur")
    one = make_article(expert, title="Un lecteur")
    two = make_article(expert, title="Deux lecteurs")
    Reaction.objects.create(article=one, person=member)
    Reaction.objects.create(article=two, person=member)
    Reaction.objects.create(article=two, person=head)

    counted = Article.objects.annotate(useful=count_of(Reaction.objects.all(), "article"))
    assert dict(counted.values_list("title", "useful")) == {
        none.title: 0,
        one.title: 1,
        two.title: 2,
    }
    filtered = count_of(Reaction.objects.filter(person=head), "article")
    assert dict(Article.objects.annotate(n=filtered).values_list("title", "n"))[two.title] == 1


def test_a_page_of_a_long_list_neither_joins_nor_groups(expert):
    make_article(expert)
    page = Article.objects.annotate(useful=count_of(Reaction.objects.all(), "article"))
    with CaptureQueriesContext(connection) as captured:
        list(page.order_by("-published_at")[:20])
    (sql,) = [query["sql"].upper() for query in captured]
    after_the_count = sql.rsplit(")", 1)[1]
    assert "GROUP BY" not in after_the_count
    assert "JOIN" not in sql
