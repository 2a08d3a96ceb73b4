"""Every URL of the project, every role: the status each must get.

The routes come from each app's ``tests/routes.py`` (see
``cordee.core.testing.matrix``).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from cordee.core.testing.matrix import (
    ROLES,
    all_routes,
    prepare_objects,
    project_url_names,
)
from cordee.core.testing.personas import PERSONAS

ROUTES = all_routes()


@pytest.fixture
def objects(person):
    objects = SimpleNamespace(**{name: person(name) for name in PERSONAS})
    prepare_objects(objects)
    return objects


def test_every_project_url_is_in_the_matrix():
    missing = project_url_names() - {route.name for route in ROUTES}
    assert not missing, f"Add these URLs to a tests/routes.py: {sorted(missing)}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_role_gets_expected_status(route, role, objects, client_as):
    url = reverse(route.name, args=route.args(objects))
    response = getattr(client_as(role), route.method)(url)
    assert response.status_code == route.expected[role], (
        f"{role} on {url}: got {response.status_code}, expected {route.expected[role]}"
    )
    if response.status_code == 302 and role == "visitor" and route.expected[role] == 302:
        assert response.url.startswith(reverse("account_login")) or "signup" in response.url
