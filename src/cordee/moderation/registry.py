"""Which kinds of content can be reported and hidden, and how to reach them.

An app makes its contributions moderated in two steps: its model inherits
:class:`cordee.moderation.models.Moderated`, and its ``AppConfig.ready()``
calls :func:`register`::

    register(
        Contribution,
        author=lambda contribution: contribution.author,
        visible=lambda access: Contribution.objects.visible_to(access),
        excerpt=lambda contribution: contribution.body,
    )

``visible(access)`` returns the QuerySet of that content a person may see:
nobody can report, and so learn of, content they cannot see. Templates show
a report link with ``{% load moderation %}{% report_link contribution %}``,
and show ``contribution.hidden_notice`` instead of the text once it is hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from cordee.network.access import Access


@dataclass(frozen=True)
class ModeratedKind:
    model: type[models.Model]
    author: Callable[[Any], Any]
    visible: Callable[[Access], models.QuerySet[Any]]
    excerpt: Callable[[Any], str] = str

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_KINDS: dict[str, ModeratedKind] = {}


def register(
    model: type[models.Model],
    *,
    author: Callable[[Any], Any],
    visible: Callable[[Access], models.QuerySet[Any]],
    excerpt: Callable[[Any], str] = str,
) -> None:
    """Make ``model`` reportable; ``excerpt(obj)`` is the text moderators read."""
    kind = ModeratedKind(model=model, author=author, visible=visible, excerpt=excerpt)
    _KINDS[kind.label] = kind


def kind_for(label: str) -> ModeratedKind | None:
    return _KINDS.get(label)


def kind_of(instance: models.Model) -> ModeratedKind | None:
    return _KINDS.get(instance._meta.label_lower)


def registered() -> list[ModeratedKind]:
    return list(_KINDS.values())
