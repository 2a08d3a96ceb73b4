"""Which kinds of content can be reported and hidden, and how to reach them.

An app makes its contributions moderated in two steps: its model inherits
:class:`cordee.moderation.models.Moderated`, and its ``AppConfig.ready()``
calls :func:`register`::

    register(
        Contribution,
        author=lambda contribution: contribution.author,
        visible=lambda access: Contribution.objects.visible_to(access),
        managed=lambda access: Contribution.objects.managed_by(access),
        excerpt=lambda contribution: contribution.body,
    )

``visible(access)`` returns the QuerySet of that content a person may see:
nobody can report, and so learn of, content they cannot see. ``managed(access)``
returns the content a staff member moderates: that of their territories, so
that the staff of one territory neither review nor hide another's. Without it,
staff moderate all the content they see. Templates show
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
    managed: Callable[[Access], models.QuerySet[Any]] | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def moderated_by(self, access: Access) -> models.QuerySet[Any]:
        """The content of this kind that ``access`` moderates: nothing unless staff."""
        if not access.is_staff:
            return self.model._default_manager.none()
        visible = self.visible(access)
        if self.managed is None:
            return visible
        return visible.filter(pk__in=self.managed(access).values("pk"))


_KINDS: dict[str, ModeratedKind] = {}


def register(
    model: type[models.Model],
    *,
    author: Callable[[Any], Any],
    visible: Callable[[Access], models.QuerySet[Any]],
    excerpt: Callable[[Any], str] = str,
    managed: Callable[[Access], models.QuerySet[Any]] | None = None,
) -> None:
    """Make ``model`` reportable; ``excerpt(obj)`` is the text moderators read,
    ``managed(access)`` the content a staff member moderates (see above)."""
    kind = ModeratedKind(
        model=model, author=author, visible=visible, excerpt=excerpt, managed=managed
    )
    _KINDS[kind.label] = kind


def kind_for(label: str) -> ModeratedKind | None:
    return _KINDS.get(label)


def kind_of(instance: models.Model) -> ModeratedKind | None:
    return _KINDS.get(instance._meta.label_lower)


def registered() -> list[ModeratedKind]:
    return list(_KINDS.values())
