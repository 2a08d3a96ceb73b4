"""The roles × URLs permission matrix that every capability fills in.

A capability adds, for each of its URLs, the HTTP status each role must get.
``project_url_names()`` lists every URL the project's own views answer, so a
test can fail when a new URL has no line in the matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = (
    "visitor",
    "outsider",
    "member",
    "head",
    "expert",
    "funder",
    "staff",
    "coordinator",
    "admin",
)
STAFF_ROLES = {"staff", "coordinator", "admin"}
LOGIN_REDIRECT = 302


def everyone(status: int = 200) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def logged_in(status: int = 200) -> dict[str, int]:
    """Any account; visitors are sent to the log-in page."""
    return {role: LOGIN_REDIRECT if role == "visitor" else status for role in ROLES}


def staff_only(status: int = 200) -> dict[str, int]:
    """Network staff; other accounts get 403, visitors the log-in page."""
    return {
        role: LOGIN_REDIRECT if role == "visitor" else status if role in STAFF_ROLES else 403
        for role in ROLES
    }


@dataclass(frozen=True)
class Route:
    """One URL of the matrix: its name, how to build its arguments, what each role gets."""

    name: str
    expected: dict[str, int]
    args: Callable[[Any], list[Any]] = field(default=lambda objects: [])
    method: str = "get"


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern


def project_url_names() -> set[str]:
    """Names of every URL whose view is Cordée's own code (not Django's or a library's)."""
    names = set()
    for name, pattern in _walk(get_resolver().url_patterns):
        module = getattr(pattern.callback, "__module__", "")
        if module.startswith("cordee."):
            names.add(name)
    return names
