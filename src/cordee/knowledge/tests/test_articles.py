"""Articles: reading, writing, publishing, reactions, views, comments, staleness."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from cordee.accounts.services import user_erase
from cordee.knowledge.markdown import render_markdown
from cordee.knowledge.models import Article, ArticleStatus, Reaction, Tag, Theme
from cordee.knowledge.services import (
    STALE_ARTICLE,
    ArticleData,
    article_update,
    ask_stale_article_reviews,
)
from cordee.knowledge.tests.article_factory import make_article
from cordee.network.access import Access
from cordee.network.scopes import Scope
from cordee.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "title": "Réglage des multibroches",
        "kind": "practice",
        "summary": "Les bases.",
        "body": "## Étapes\n\n1. Couper\n2. Mesurer",
        "scope": "network",
        "status": "published",
        "tags": "multibroche, réglage, Réglage",
        "note": "",
    }
    data.update(overrides)
    return data


# Markdown


class _Elements(HTMLParser):
    """The tags and attributes of a piece of HTML, as a browser would see them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs


def test_a_script_in_markdown_is_neutralised():
    html = render_markdown(
        "<script>alert('x')</script>\n\n[clic](javascript:alert(1))\n\n"
        '<img src=x onerror="alert(1)">\n\n<a href="https://x.fr" onclick="steal()">lien</a>'
        "\n\n[ok](JaVaScRiPt:alert(1)) <style>body{}</style>"
    )
    elements = _Elements(html)
    assert not {"script", "img", "style"} & set(elements.tags)
    assert not [name for name, _value in elements.attributes if name.startswith("on")]
    assert not [
        value for name, value in elements.attributes if name == "href" and "script" in value.lower()
    ]
    # What was written stays readable, as text.
    assert "&lt;script&gt;" in html


def test_markdown_keeps_tables_lists_and_safe_links():
    html = render_markdown("- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n[site](https://a.fr)")
    assert "<ul>" in html and "<table>" in html
    assert 'rel="noopener nofollow"' in html


# Reading


def test_a_member_reads_a_network_article_with_its_rendered_body(expert, client_as):
    article = make_article(expert, body="**Gras** et texte")
    response = client_as("member").get(article.get_absolute_url())
    assert response.status_code == 200
    assert "<strong>Gras</strong>" in response.content.decode()
    assert "Nadia Benali" in response.content.decode()


def test_an_outsider_never_sees_a_network_only_article(expert, outsider, client_as):
    article = make_article(expert, title="Secret du réseau")
    client = client_as("outsider")
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Secret du réseau" not in client.get(reverse("knowledge:articles")).content.decode()


def test_another_territorys_article_is_a_404_for_an_outsider(network, expert, member, client_as):
    article = make_article(
        expert, title="Entre Annéciens", scope=Scope.TERRITORY, scope_territory=network.annecy
    )
    assert client_as("outsider").get(article.get_absolute_url()).status_code == 404
    # The member works in the Arve valley, not around Annecy.
    assert client_as("member").get(article.get_absolute_url()).status_code == 404
    assert client_as("expert").get(article.get_absolute_url()).status_code == 200


def test_a_private_draft_is_seen_by_its_authors_only(expert, client_as):
    article = make_article(
        expert, title="Brouillon", scope=Scope.PRIVATE, status=ArticleStatus.DRAFT
    )
    assert client_as("expert").get(article.get_absolute_url()).status_code == 200
    assert client_as("staff").get(article.get_absolute_url()).status_code == 404
    assert client_as("member").get(article.get_absolute_url()).status_code == 404


def test_an_erased_author_is_shown_as_former_member(expert, client_as):
    article = make_article(expert)
    user_erase(user=expert)
    with translation.override("en"):
        response = client_as("member").get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "Nadia" not in response.content.decode()
    assert Article.objects.filter(pk=article.pk).exists()


def test_the_list_filters_by_kind_theme_and_tag(expert, client_as):
    theme = Theme.objects.get(slug="innovation")
    tagged = make_article(expert, title="Avec thème", themes=[theme], tags=["laiton"])
    make_article(expert, title="Une FAQ", kind="faq")
    client = client_as("member")
    url = reverse("knowledge:articles")
    assert "Avec thème" in client.get(url, {"theme": "innovation"}).content.decode()
    assert "Une FAQ" not in client.get(url, {"theme": "innovation"}).content.decode()
    assert "Une FAQ" in client.get(url, {"kind": "faq"}).content.decode()
    tag = Tag.objects.get(name="laiton")
    page = client.get(url, {"tag": tag.slug}).content.decode()
    assert tagged.title in page and "Une FAQ" not in page


def test_staff_find_the_articles_waiting_for_review(expert, client_as):
    make_article(expert, title="À relire", status=ArticleStatus.REVIEW)
    url = reverse("knowledge:articles")
    assert "À relire" in client_as("staff").get(url, {"waiting": "on"}).content.decode()
    assert "À relire" not in client_as("member").get(url, {"waiting": "on"}).content.decode()


def test_the_list_costs_the_same_queries_whatever_its_length(
    expert, client_as, django_assert_max_num_queries
):
    client = client_as("member")
    make_article(expert, title="Première")
    client.get(reverse("knowledge:articles"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("knowledge:articles"))
    for number in range(12):
        make_article(expert, title=f"Fiche {number}", tags=[f"tag{number}"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("knowledge:articles"))
    assert "Fiche 11" in response.content.decode()


# Writing and publishing


def test_a_member_writes_and_publishes_an_article_for_the_network(member, client_as):
    response = client_as("member").post(
        reverse("knowledge:article_create"), _form(authors=[member.pk])
    )
    article = Article.objects.get(title="Réglage des multibroches")
    assert response.status_code == 302
    assert article.status == ArticleStatus.PUBLISHED
    assert article.reviewed_at is not None and article.published_at is not None
    assert sorted(article.tags.values_list("name", flat=True)) == ["multibroche", "réglage"]
    assert article.revisions.count() == 1


def test_a_member_cannot_publish_for_the_public(member, client_as):
    with translation.override("en"):
        response = client_as("member").post(
            reverse("knowledge:article_create"),
            _form(authors=[member.pk], scope="public"),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert "Only the network&#x27;s staff publish for the public" in response.content.decode()
    assert not Article.objects.exists()


def test_staff_publish_for_the_public(staff, expert, client_as):
    response = client_as("staff").post(
        reverse("knowledge:article_create"), _form(authors=[expert.pk], scope="public")
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.scope == Scope.PUBLIC
    assert client_as("visitor").get(article.get_absolute_url()).status_code == 200


def test_authors_keep_a_public_article_up_to_date_but_cannot_make_one_public(
    expert, staff, client_as
):
    public = make_article(expert, title="Publique", scope=Scope.PUBLIC, staff=staff)
    response = client_as("expert").post(
        reverse("knowledge:article_edit", args=[public.slug]),
        _form(title="Publique, revue", scope="public", authors=[expert.pk]),
    )
    assert response.status_code == 302
    network_only = make_article(expert, title="Réseau")
    response = client_as("expert").post(
        reverse("knowledge:article_edit", args=[network_only.slug]),
        _form(title="Réseau", scope="public", authors=[expert.pk]),
    )
    assert response.status_code == 200
    network_only.refresh_from_db()
    assert network_only.scope == Scope.NETWORK


def test_a_private_article_cannot_be_published(member):
    with pytest.raises(ValidationError, match="private"):
        make_article(member, scope=Scope.PRIVATE)


def test_a_territory_article_needs_its_territory(member, client_as):
    with translation.override("en"):
        response = client_as("member").post(
            reverse("knowledge:article_create"),
            _form(authors=[member.pk], scope="territory"),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert "Choose the territory that may see it." in response.content.decode()


def test_editing_someone_elses_article_is_refused(expert, client_as):
    article = make_article(expert)
    url = reverse("knowledge:article_edit", args=[article.slug])
    assert client_as("member").post(url, _form(authors=[expert.pk])).status_code == 403
    assert client_as("outsider").post(url, _form(authors=[expert.pk])).status_code == 404
    article.refresh_from_db()
    assert article.title == "Usure des outils sur le laiton"


def test_a_co_author_edits_the_article(expert, member, client_as):
    article = make_article(expert, authors=[expert, member])
    response = client_as("member").post(
        reverse("knowledge:article_edit", args=[article.slug]),
        _form(title="Titre revu", authors=[expert.pk, member.pk], note="titre"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Titre revu"
    assert article.revisions.first().note == "titre"


def test_an_archived_article_can_be_published_again_but_not_sent_for_review(expert):
    article = make_article(expert)
    access = Access.for_user(expert)
    data = ArticleData(title=article.title, kind=article.kind, status="archived", authors=[expert])
    article_update(article=article, data=data, by=expert, access=access)
    data.status = "review"
    with pytest.raises(ValidationError):
        article_update(article=article, data=data, by=expert, access=access)
    data.status = "published"
    article_update(article=article, data=data, by=expert, access=access)


# Reactions, views, comments


def test_useful_toggles_and_htmx_gets_the_new_count(expert, member, client_as):
    article = make_article(expert)
    client = client_as("member")
    url = reverse("knowledge:article_useful", args=[article.slug])
    with translation.override("en"):
        response = client.post(url, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "1 person found it useful" in response.content.decode()
    assert Reaction.objects.filter(article=article, person=member).count() == 1
    assert client.post(url).status_code == 302
    assert not Reaction.objects.exists()


def test_a_view_is_counted_once_per_person_and_session(expert, client_as):
    article = make_article(expert)
    client = client_as("member")
    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())
    client_as("head").get(article.get_absolute_url())
    article.refresh_from_db()
    assert article.view_count == 2


def test_members_comment_and_staff_hide_a_comment_telling_its_author(expert, member, client_as):
    article = make_article(expert)
    client_as("member").post(
        reverse("knowledge:comment_create", args=[article.slug]), {"body": "Très utile"}
    )
    comment = article.comments.get()
    assert comment.author == member
    response = client_as("staff").post(
        reverse("knowledge:comment_hide", args=[comment.public_id]), {"reason": "Hors sujet"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.hidden_at is not None and comment.hidden_reason == "Hors sujet"
    notification = Notification.objects.get(recipient=member)
    assert "Hors sujet" in notification.body
    page = client_as("head").get(article.get_absolute_url()).content.decode()
    assert "Très utile" not in page


def test_visitors_of_a_public_article_do_not_see_who_commented(expert, staff, member, client_as):
    article = make_article(expert, scope=Scope.PUBLIC, staff=staff)
    article.comments.create(author=member, body="Remarque interne")
    assert (
        "Remarque interne"
        not in client_as("visitor").get(article.get_absolute_url()).content.decode()
    )
    assert "Remarque interne" in client_as("head").get(article.get_absolute_url()).content.decode()


def test_a_funder_cannot_comment(expert, staff, client_as):
    article = make_article(expert, scope=Scope.PUBLIC, staff=staff)
    response = client_as("funder").post(
        reverse("knowledge:comment_create", args=[article.slug]), {"body": "Bonjour"}
    )
    assert response.status_code == 403


# Staleness


def _make_stale(article):
    Article.objects.filter(pk=article.pk).update(reviewed_at=timezone.now() - timedelta(days=600))


def test_a_stale_article_shows_a_notice_and_its_author_confirms_it(expert, client_as):
    article = make_article(expert)
    _make_stale(article)
    with translation.override("en"):
        page = client_as("member").get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "Possibly out of date" in page.content.decode()
    client_as("expert").post(reverse("knowledge:article_reviewed", args=[article.slug]))
    article.refresh_from_db()
    assert not article.is_stale


def test_only_an_author_may_say_an_article_is_still_accurate(expert, client_as):
    article = make_article(expert)
    url = reverse("knowledge:article_reviewed", args=[article.slug])
    assert client_as("member").post(url).status_code == 403


def test_authors_of_stale_articles_are_asked_at_most_once_a_month(expert, member):
    stale = make_article(expert, authors=[expert, member])
    make_article(expert, title="Fraîche")
    _make_stale(stale)
    assert ask_stale_article_reviews.call() == 1
    assert Notification.objects.filter(kind=STALE_ARTICLE).count() == 2
    assert ask_stale_article_reviews.call() == 0
    Notification.objects.update(created_at=timezone.now() - timedelta(days=31))
    assert ask_stale_article_reviews.call() == 1
