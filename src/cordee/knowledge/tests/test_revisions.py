"""Revisions: every save is kept; two can be compared; an older one can be restored."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from cordee.audit.models import AuditEvent
from cordee.knowledge.markdown import diff_html
from cordee.knowledge.services import ArticleData, article_update, revision_restore
from cordee.knowledge.tests.article_factory import make_article
from cordee.network.access import Access

pytestmark = pytest.mark.django_db


def _edit(article, person, body, note=""):
    data = ArticleData(
        title=article.title,
        kind=article.kind,
        body=body,
        scope=article.scope,
        status=article.status,
        authors=list(article.authors.all()),
    )
    return article_update(
        article=article, data=data, by=person, access=Access.for_user(person), note=note
    )


def test_every_save_is_a_revision_with_its_author_and_note(expert, staff):
    article = make_article(expert, body="v1")
    _edit(article, staff, "v2", note="chiffres 2025")
    numbers = list(article.revisions.values_list("number", "author__email", "note", "body"))
    assert numbers[0] == (2, staff.email, "chiffres 2025", "v2")
    assert numbers[1][:2] == (1, expert.email)


def test_the_diff_marks_words_added_and_removed_in_words_too():
    with translation.override("en"):
        html = diff_html("le laiton s'use vite", "le laiton <b> s'use lentement")
    assert '<del><span class="visually-hidden">[removed:] </span>vite</del>' in html
    assert "[added:]" in html and "lentement" in html
    assert "&lt;b&gt;" in html  # the text is escaped


def test_the_compare_page_shows_both_revisions(expert, client_as):
    article = make_article(expert, body="Première version")
    _edit(article, expert, "Deuxième version")
    response = client_as("expert").get(
        reverse("knowledge:revision_compare", args=[article.slug]), {"a": 1, "b": 2}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<del>" in page and "Première" in page
    assert "<ins>" in page and "Deuxième" in page


def test_comparing_unknown_revisions_goes_back_to_the_list(expert, client_as):
    article = make_article(expert)
    response = client_as("expert").get(
        reverse("knowledge:revision_compare", args=[article.slug]), {"a": "x", "b": 9}
    )
    assert response.status_code == 302


def test_restoring_adds_a_revision_and_keeps_history(expert, client_as):
    article = make_article(expert, body="Bonne version")
    _edit(article, expert, "Mauvaise version")
    response = client_as("expert").post(
        reverse("knowledge:revision_restore", args=[article.slug, 1])
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Bonne version"
    assert list(article.revisions.values_list("number", flat=True)) == [3, 2, 1]
    assert article.revisions.get(number=2).body == "Mauvaise version"
    event = AuditEvent.objects.get(action="knowledge.revision_restored")
    assert event.details == {"revision": 1, "new_revision": 3}


def test_a_revision_of_another_article_cannot_be_restored(expert):
    first = make_article(expert, title="Un")
    second = make_article(expert, title="Deux")
    with pytest.raises(Exception, match="another article"):
        revision_restore(article=first, revision=second.revisions.get(), by=expert)


def test_a_member_who_only_reads_sees_no_revisions(expert, client_as):
    article = make_article(expert)
    assert (
        client_as("member").get(reverse("knowledge:revisions", args=[article.slug])).status_code
        == 403
    )
    restore = reverse("knowledge:revision_restore", args=[article.slug, 1])
    assert client_as("member").post(restore).status_code == 403
