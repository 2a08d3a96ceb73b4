"""Authentication events go to the audit log.

Signals are the only hook Django and allauth offer for these events; the
receivers only record, they change nothing.
"""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals

from cordee.audit.services import audit_record


def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(action="auth.login", request=request, actor=user, target=user)


def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action="auth.logout", request=request, actor=user, target=user)


def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # The attempted address is kept (it tells an attack from a typo); never the password.
    audit_record(
        action="auth.login_failed",
        request=request,
        details={"email": str(credentials.get("email") or credentials.get("username") or "")[:254]},
    )


def _simple(action: str) -> Any:
    def receiver(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        audit_record(action=action, request=request, actor=user, target=user)

    return receiver


def _authenticator(action: str) -> Any:
    def receiver(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
        audit_record(
            action=action,
            request=request,
            actor=user,
            target=user,
            details={"type": authenticator.type},
        )

    return receiver


_RECEIVERS: list[tuple[Any, Any]] = [
    (auth_signals.user_logged_in, _logged_in),
    (auth_signals.user_logged_out, _logged_out),
    (auth_signals.user_login_failed, _login_failed),
    (account_signals.password_changed, _simple("auth.password_changed")),
    (account_signals.password_set, _simple("auth.password_set")),
    (account_signals.password_reset, _simple("auth.password_reset")),
    (mfa_signals.authenticator_added, _authenticator("auth.mfa_added")),
    (mfa_signals.authenticator_removed, _authenticator("auth.mfa_removed")),
    (mfa_signals.authenticator_reset, _authenticator("auth.mfa_reset")),
]


def connect() -> None:
    for signal, receiver in _RECEIVERS:
        signal.connect(receiver, dispatch_uid=f"cordee.audit.{signal!r}.{id(receiver)}")
