"""Personal data of the knowledge base: exported, and erased without losing contributions."""

from __future__ import annotations

import pytest

from cordee.accounts.personal_data import erasers, exporters
from cordee.accounts.services import user_erase
from cordee.knowledge.models import Article, ArticleStatus, Comment, Reaction
from cordee.knowledge.services import reaction_toggle
from cordee.knowledge.tests.article_factory import make_article
from cordee.network.scopes import Scope

pytestmark = pytest.mark.django_db


def test_the_export_holds_articles_comments_and_reactions(expert, member):
    article = make_article(expert, title="Anodisation")
    Comment.objects.create(article=article, author=member, body="Bravo")
    reaction_toggle(article=article, by=member)
    data = exporters()["knowledge"](member)
    assert data["comments"][0]["body"] == "Bravo"
    assert data["found_useful"] == ["Anodisation"]
    assert exporters()["knowledge"](expert)["articles_authored"][0]["title"] == "Anodisation"


def test_erasing_an_account_keeps_its_articles_comments_and_reactions(expert, member):
    article = make_article(expert, authors=[expert, member])
    draft = make_article(member, title="Mes notes", scope=Scope.PRIVATE, status=ArticleStatus.DRAFT)
    Comment.objects.create(article=article, author=member, body="Bravo")
    reaction_toggle(article=article, by=member)
    assert "knowledge" in erasers()
    user_erase(user=member)
    assert Article.objects.filter(pk=article.pk).exists()
    # A private draft nobody else could see goes with the account.
    assert not Article.objects.filter(pk=draft.pk).exists()
    comment = Comment.objects.get()
    assert comment.author.display_name != "Thomas Revillard"
    assert Reaction.objects.count() == 1


def test_related_articles_show_only_those_the_reader_may_see(network, expert, client_as):
    hidden = make_article(
        expert, title="Réservé à Annecy", scope=Scope.TERRITORY, scope_territory=network.annecy
    )
    article = make_article(expert, title="Pour tous", related=[hidden])
    page = client_as("member").get(article.get_absolute_url()).content.decode()
    assert "Réservé à Annecy" not in page
    assert (
        "Réservé à Annecy" in client_as("expert").get(article.get_absolute_url()).content.decode()
    )
