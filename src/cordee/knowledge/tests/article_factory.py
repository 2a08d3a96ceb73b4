"""Articles for tests, written through the services as a person would."""

from __future__ import annotations

from typing import Any

from cordee.accounts.models import User
from cordee.knowledge.models import Article, ArticleStatus
from cordee.knowledge.services import ArticleData, article_create
from cordee.network.access import Access
from cordee.network.scopes import Scope


def make_article(
    author: User,
    *,
    title: str = "Usure des outils sur le laiton",
    status: str = ArticleStatus.PUBLISHED,
    scope: str = Scope.NETWORK,
    staff: User | None = None,
    **fields: Any,
) -> Article:
    """An article by ``author`` (published for the network unless told otherwise).

    Public articles need a staff member to publish them: pass ``staff``.
    """
    data = ArticleData(
        title=title,
        kind=fields.pop("kind", "practice"),
        summary=fields.pop("summary", "Ce qu'il faut savoir."),
        body=fields.pop("body", "Première ligne.\n\nDeuxième ligne."),
        scope=scope,
        status=status,
        authors=fields.pop("authors", [author]),
        **fields,
    )
    return article_create(data=data, by=author, access=Access.for_user(staff or author))
