"""The roles × URLs permission matrix that every capability fills in.

Each app lists, in ``cordee/<app>/tests/routes.py``, a ``ROUTES`` list of
:class:`Route` (its URLs and the HTTP status each role must get) and, if its
URLs need objects, a ``prepare(objects)`` function that adds them to the
namespace the URL arguments are built from. ``project_url_names()`` lists
every URL the project's own views answer, so the matrix test fails when a new
URL has no route.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
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


def all_routes() -> list[Route]:
    """Every app's routes: the ``ROUTES`` list of its ``tests/routes.py`` module."""
    routes: list[Route] = []
    for module in _route_modules():
        routes.extend(module.ROUTES)
    return routes


def prepare_objects(objects: Any) -> None:
    """Let each app add what its routes need (``prepare(objects)`` in its routes module)."""
    for module in _route_modules():
        prepare = getattr(module, "prepare", None)
        if prepare is not None:
            before = dict(vars(objects))
            prepare(objects)
            replaced = [
                name for name, value in before.items() if vars(objects).get(name) is not value
            ]
            if replaced:
                raise AssertionError(
                    f"{module.__name__}.prepare replaced {replaced}, which another app's "
                    "routes use: give its objects names of their own."
                )


def _route_modules() -> list[Any]:
    modules = []
    for app in apps.get_app_configs():
        if not app.name.startswith("cordee."):
            continue
        try:
            modules.append(import_module(f"{app.name}.tests.routes"))
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.tests.routes":
                raise
    return modules


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
