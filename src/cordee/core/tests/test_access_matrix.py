"""Every URL of the project, every role: the status each must get."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cordee.accounts.models import Invitation
from cordee.core.testing.matrix import (
    ROLES,
    Route,
    everyone,
    logged_in,
    project_url_names,
    staff_only,
)
from cordee.core.testing.photos import tiny_png

MATRIX = [
    Route("home", everyone(200)),
    Route("health", everyone(200)),
    Route("accounts:profile", logged_in(200)),
    Route("accounts:data_export", logged_in(200)),
    Route("accounts:erase", logged_in(200)),
    Route("accounts:person", logged_in(200), args=lambda o: [o.expert.public_id]),
    Route("accounts:photo", logged_in(200), args=lambda o: [o.expert.public_id]),
    Route("accounts:invitations", staff_only(200)),
    # A valid invitation sends visitors to sign up and logged-in people home.
    Route(
        "accounts:invitation_accept",
        everyone(302),
        args=lambda o: [o.invitation.token],
    ),
    Route("audit:events", staff_only(200)),
]


@pytest.fixture
def objects(expert, staff):
    expert.photo = SimpleUploadedFile("p.png", tiny_png(), content_type="image/png")
    expert.save()
    invitation = Invitation.objects.create(email="new@test.example.org", invited_by=staff)
    return SimpleNamespace(expert=expert, invitation=invitation)


def test_every_project_url_is_in_the_matrix():
    missing = project_url_names() - {route.name for route in MATRIX}
    assert not missing, f"Add these URLs to the access matrix: {sorted(missing)}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", MATRIX, ids=lambda route: route.name)
def test_role_gets_expected_status(route, role, objects, client_as):
    url = reverse(route.name, args=route.args(objects))
    response = getattr(client_as(role), route.method)(url)
    assert response.status_code == route.expected[role], (
        f"{role} on {url}: got {response.status_code}, expected {route.expected[role]}"
    )
    if response.status_code == 302 and role == "visitor" and route.expected[role] == 302:
        assert response.url.startswith(reverse("account_login")) or "signup" in response.url
