"""Recording decisions and following up their actions.

Other apps record the decisions their meetings, consultations and texts lead
to with :func:`decision_record`. Who may record or change what is checked by
the views (``Decision.objects.managed_by``); these functions check that what
is recorded makes sense, and keep the audit log, the search index and the
people concerned up to date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cordee.accounts.models import User
from cordee.audit.models import ACTION_LABELS
from cordee.audit.services import audit_record
from cordee.decisions.models import (
    DECISION_SCOPES,
    ORIGIN_LABELS,
    Action,
    ActionStatus,
    Decision,
)
from cordee.governance.models import Body
from cordee.knowledge.search import index_object
from cordee.network.access import Access
from cordee.network.models import Territory
from cordee.network.scopes import Scope
from cordee.notifications.services import notify
from cordee.voting.models import Vote

ACTION_LABELS.update(
    {
        "decision.recorded": gettext_lazy("Recorded a decision"),
        "decision.updated": gettext_lazy("Changed a decision"),
        "decision.action_added": gettext_lazy("Added a follow-up action to a decision"),
        "decision.action_changed": gettext_lazy("Changed a follow-up action"),
        "decision.action_progress": gettext_lazy("Recorded the progress of an action"),
        "decision.action_removed": gettext_lazy("Removed a follow-up action"),
    }
)

ACTION_ASSIGNED = "decisions.action_assigned"
ACTION_OVERDUE = "decisions.action_overdue"
SEARCH_SOURCE = "decision"


@dataclass(frozen=True)
class ActionDraft:
    """An action to add with a new decision."""

    title: str
    owner: User | None = None
    due_on: date | None = None


def origin_label(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def decision_record(
    *,
    title: str,
    text: str,
    decided_on: date,
    by: User,
    rationale: str = "",
    body: Body | None = None,
    vote: Vote | None = None,
    origin: models.Model | None = None,
    owner: User | None = None,
    scope: str = Scope.NETWORK,
    scope_territory: Territory | None = None,
    actions: Sequence[ActionDraft] = (),
    request: HttpRequest | None = None,
) -> Decision:
    """Record a decision (and its first follow-up actions), index it for search, tell
    the owners of the actions.

    ``origin`` is the meeting, consultation, co-written text or vote it comes
    from; a vote given as origin is also the decision's vote. Raises
    ``ValidationError`` when something does not make sense.
    """
    if origin is not None and origin_label(origin) not in ORIGIN_LABELS:
        raise ValidationError(
            _("A decision can come from a meeting, a consultation, a text or a vote only.")
        )
    if vote is None and isinstance(origin, Vote):
        vote = origin
    decision = Decision(
        title=title.strip(),
        text=text.strip(),
        rationale=rationale.strip(),
        decided_on=decided_on,
        body=body,
        vote=vote,
        owner=owner,
        scope=scope,
        scope_territory=scope_territory if scope == Scope.TERRITORY else None,
        created_by=by,
    )
    if origin is not None:
        decision.origin = origin
    _check_decision(decision)
    for draft in actions:
        action_check(decision, title=draft.title, owner=draft.owner, due_on=draft.due_on)
    with transaction.atomic():
        decision.save()
        audit_record(action="decision.recorded", request=request, actor=by, target=decision)
        for draft in actions:
            _action_create(decision, draft, by=by, request=request)
        index_object(SEARCH_SOURCE, decision)
    return decision


def decision_update(
    *, decision: Decision, by: User, request: HttpRequest | None = None
) -> Decision:
    """Save the changes made to ``decision`` (by its form)."""
    if decision.scope != Scope.TERRITORY:
        decision.scope_territory = None
    _check_decision(decision)
    with transaction.atomic():
        decision.save()
        # Who made a members-only decision public (or the reverse) stays on record.
        audit_record(
            action="decision.updated",
            request=request,
            actor=by,
            target=decision,
            details={"scope": decision.scope},
        )
        index_object(SEARCH_SOURCE, decision)
    return decision


def _check_decision(decision: Decision) -> None:
    errors: dict[str, str] = {}
    if not decision.title:
        errors["title"] = _("Give the decision a title.")
    if not decision.text:
        errors["text"] = _("Write what was decided.")
    if decision.scope not in DECISION_SCOPES:
        errors["scope"] = _(
            "A decision is public, or for the members of the network or of one territory."
        )
    elif decision.scope == Scope.TERRITORY and decision.scope_territory_id is None:
        errors["scope_territory"] = _("Choose the territory whose members may see it.")
    if decision.decided_on and decision.decided_on > timezone.localdate():
        errors["decided_on"] = _(
            "A decision is recorded once taken: its date cannot be in the future."
        )
    if decision.pk and decision.decided_on:
        earliest = decision.actions.filter(due_on__isnull=False).order_by("due_on").first()
        if earliest and earliest.due_on < decision.decided_on:
            errors["decided_on"] = _(
                "The action “%(action)s” is due before this date: change its due date first."
            ) % {"action": earliest.title}
    if decision.owner is not None and not _may_follow(decision.owner, decision):
        errors["owner"] = _(
            "This person is not a member or staff of the network who can see the decision: "
            "choose someone who can."
        )
    if errors:
        raise ValidationError(errors)


def _may_follow(person: User, decision: Decision) -> bool:
    """Whether ``person`` can be responsible for ``decision`` or one of its actions:
    a member or staff of the network, in the decision's scope."""
    if not person.is_active:
        return False
    access = Access.for_user(person)
    if not access.sees_member_content:
        return False
    territory = decision.scope_territory
    if decision.scope == Scope.TERRITORY and territory is not None:
        # Members of the territory or of one under it, as ``Access.territory_q`` says.
        return access.is_staff_for(territory) or any(
            path.startswith(territory.path) for path in access.member_territory_paths
        )
    return True


# Actions.


def action_check(
    decision: Decision, *, title: str, owner: User | None, due_on: date | None
) -> None:
    """Raise ``ValidationError`` if such an action makes no sense for ``decision``
    (which may not be saved yet)."""
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Say what is to be done.")
    if due_on and decision.decided_on and due_on < decision.decided_on:
        errors["due_on"] = _(
            "The due date is before the decision (%(date)s): choose a later one."
        ) % {"date": decision.decided_on.strftime("%d/%m/%Y")}
    if owner is not None and not _may_follow(owner, decision):
        errors["owner"] = _(
            "%(person)s is not a member or staff of the network who can see the decision: "
            "choose someone who can."
        ) % {"person": owner}
    if errors:
        raise ValidationError(errors)


def _action_create(
    decision: Decision, draft: ActionDraft, *, by: User, request: HttpRequest | None
) -> Action:
    action = Action.objects.create(
        decision=decision, title=draft.title.strip(), owner=draft.owner, due_on=draft.due_on
    )
    audit_record(
        action="decision.action_added",
        request=request,
        actor=by,
        target=decision,
        details={"action": action.title},
    )
    if action.owner_id and action.owner_id != by.pk:
        transaction.on_commit(lambda: notify_assigned(action))
    return action


def action_add(
    *,
    decision: Decision,
    title: str,
    by: User,
    owner: User | None = None,
    due_on: date | None = None,
    request: HttpRequest | None = None,
) -> Action:
    """Add a follow-up action to ``decision``; its owner is told."""
    action_check(decision, title=title, owner=owner, due_on=due_on)
    with transaction.atomic():
        return _action_create(
            decision, ActionDraft(title=title, owner=owner, due_on=due_on), by=by, request=request
        )


def action_change(
    *,
    action: Action,
    by: User,
    title: str,
    owner: User | None,
    due_on: date | None,
    request: HttpRequest | None = None,
) -> Action:
    """Change what an action is, who does it and by when (the decision's managers)."""
    action_check(action.decision, title=title, owner=owner, due_on=due_on)
    new_owner = owner is not None and owner.pk != action.owner_id
    if due_on != action.due_on:
        action.overdue_notified_on = None
    action.title, action.owner, action.due_on = title.strip(), owner, due_on
    with transaction.atomic():
        action.save()
        audit_record(
            action="decision.action_changed",
            request=request,
            actor=by,
            target=action.decision,
            details={"action": action.title},
        )
        if owner is not None and new_owner and owner.pk != by.pk:
            transaction.on_commit(lambda: notify_assigned(action))
    return action


def action_progress(
    *,
    action: Action,
    by: User,
    status: str,
    progress_note: str = "",
    request: HttpRequest | None = None,
) -> Action:
    """Record where an action stands (its owner or the decision's managers)."""
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses offered.")})
    previous = action.status
    action.status = status
    action.progress_note = progress_note.strip()
    if status == ActionStatus.DONE and previous != ActionStatus.DONE:
        action.done_on = timezone.localdate()
    elif status != ActionStatus.DONE:
        action.done_on = None
    with transaction.atomic():
        action.save()
        audit_record(
            action="decision.action_progress",
            request=request,
            actor=by,
            target=action.decision,
            details={"action": action.title, "from": previous, "to": status},
        )
    return action


def action_remove(*, action: Action, by: User, request: HttpRequest | None = None) -> None:
    """Remove an action added by mistake (the decision's managers)."""
    with transaction.atomic():
        audit_record(
            action="decision.action_removed",
            request=request,
            actor=by,
            target=action.decision,
            details={"action": action.title},
        )
        action.delete()


# Telling people.


def notify_assigned(action: Action) -> None:
    if action.owner is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        due = (
            _("Due on %(date)s.") % {"date": action.due_on.strftime("%d/%m/%Y")}
            if action.due_on
            else ""
        )
        notify(
            recipients=[action.owner],
            kind=ACTION_ASSIGNED,
            title=_("Action for you: %(title)s") % {"title": action.title},
            body=_("Decision: %(decision)s. %(due)s")
            % {"decision": action.decision.title, "due": due},
            url=action.get_absolute_url(),
        )


def actions_notify_overdue(*, on: date | None = None) -> int:
    """Tell the owners of actions past their due date, once per action (the scheduler runs
    it daily). Returns how many actions were reported."""
    on = on or timezone.localdate()
    overdue = list(
        Action.objects.overdue(on)
        .filter(owner__isnull=False, overdue_notified_on__isnull=True)
        .select_related("decision", "owner")
        .order_by("pk")
    )
    with translation.override(settings.LANGUAGE_CODE):
        for action in overdue:
            with transaction.atomic():
                updated = Action.objects.filter(
                    pk=action.pk, overdue_notified_on__isnull=True
                ).update(overdue_notified_on=on)
                if not updated:
                    continue
                notify(
                    recipients=[action.owner],
                    kind=ACTION_OVERDUE,
                    title=_("Overdue: %(title)s") % {"title": action.title},
                    body=_(
                        "This action of the decision “%(decision)s” was due on %(date)s. "
                        "Say where it stands."
                    )
                    % {
                        "decision": action.decision.title,
                        "date": action.due_on.strftime("%d/%m/%Y"),
                    },
                    url=action.get_absolute_url(),
                )
    return len(overdue)


# Personal data.


def export_decisions(user: User) -> dict[str, Any]:
    return {
        "decisions_recorded": [
            {"title": title, "decided_on": decided_on.isoformat()}
            for title, decided_on in Decision.objects.filter(created_by=user).values_list(
                "title", "decided_on"
            )
        ],
        "decisions_followed": [
            {"title": title, "decided_on": decided_on.isoformat()}
            for title, decided_on in Decision.objects.filter(owner=user).values_list(
                "title", "decided_on"
            )
        ],
        "actions": [
            {
                "action": action.title,
                "decision": action.decision.title,
                "status": action.status,
                "due_on": action.due_on.isoformat() if action.due_on else None,
                "progress_note": action.progress_note,
            }
            for action in Action.objects.filter(owner=user).select_related("decision")
        ],
    }


def erase_decisions(user: User) -> None:
    """The decisions and actions stay, for the record; who recorded or owns them is forgotten."""
    Decision.objects.filter(created_by=user).update(created_by=None)
    Decision.objects.filter(owner=user).update(owner=None)
    Action.objects.filter(owner=user).update(owner=None)
