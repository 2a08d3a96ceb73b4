"""Where a decision comes from: a meeting, a consultation, a co-written text or a vote.

Other apps link to ``decisions:create`` with ``?origin=<app_label>.<model_name>:<pk>``
(``meetings.meeting:12``). An origin is accepted only among those four kinds,
and only when the person may see it, through the model's own ``visible_to``.
"""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone

from cordee.decisions.models import ORIGIN_LABELS
from cordee.governance.models import Body
from cordee.network.access import Access
from cordee.voting.models import Vote

_ORIGIN = re.compile(r"^([a-z_]+\.[a-z_]+):([0-9]{1,18})$")


def origin_key(obj: models.Model) -> str:
    """The ``origin`` parameter that designates ``obj``."""
    return f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"


def visible_origin(access: Access, value: str) -> models.Model | None:
    """The object ``value`` designates, if it is of an accepted kind and the person may
    see it; ``None`` otherwise (whatever the reason: nothing tells what exists)."""
    match = _ORIGIN.match(value.strip())
    if match is None or match.group(1) not in ORIGIN_LABELS:
        return None
    try:
        model = apps.get_model(match.group(1))
    except (LookupError, ValueError):
        return None
    visible_to = getattr(model.objects, "visible_to", None)
    if visible_to is None:
        return None
    return visible_to(access).filter(pk=int(match.group(2))).first()


def may_see(access: Access, obj: models.Model | None) -> bool:
    """Whether the person may see ``obj`` (a decision's origin), by its own rules."""
    if obj is None:
        return False
    visible_to = getattr(type(obj).objects, "visible_to", None)
    return visible_to is not None and visible_to(access).filter(pk=obj.pk).exists()


def initial_from(origin: models.Model) -> dict[str, Any]:
    """What a decision taken from ``origin`` starts with: its title, body, vote and date."""
    initial: dict[str, Any] = {"title": str(origin)[:200]}
    body = getattr(origin, "body", None)
    if isinstance(body, Body):
        initial["body"] = body.pk
    vote = origin if isinstance(origin, Vote) else getattr(origin, "vote", None)
    if isinstance(vote, Vote):
        initial["vote"] = vote.pk
        if vote.is_closed:
            initial["decided_on"] = timezone.localtime(vote.ended_at).date()
    return initial
