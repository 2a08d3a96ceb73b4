"""The public page of the bodies: every body, its composition, names as the directory allows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cordee.core.testing.personas import make_person
from cordee.governance.models import Body, BodyKind, MandateRole

pytestmark = pytest.mark.django_db


def test_visitor_sees_every_body_and_who_sits_in_it(client_as, bodies, seat, head, network):
    seat(bodies.board, head, network.bouvier, role=MandateRole.CHAIR)
    response = client_as("visitor").get(reverse("governance:bodies"))
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("Conseil d&#x27;administration", "Antenne Vallée de l&#x27;Arve", "Marc Bouvier"):
        assert name in page
    assert "Chair" in page
    assert "1 of 3 seats filled" in page


def test_a_person_out_of_the_directory_is_shown_by_their_organisation(
    client_as, bodies, seat, head, network
):
    head.listed_in_directory = False
    head.save()
    seat(bodies.board, head, network.bouvier)
    for role in ("visitor", "member"):
        page = client_as(role).get(bodies.board.get_absolute_url()).content.decode()
        assert "Marc Bouvier" not in page, role
        assert "a member of Décolletage Bouvier" in page, role
    # Themselves, and the staff who manage the body, see the name.
    for role in ("head", "staff"):
        page = client_as(role).get(bodies.board.get_absolute_url()).content.decode()
        assert "Marc Bouvier" in page, role


def test_an_erased_person_is_never_named(client_as, bodies, seat, head, network):
    seat(bodies.board, head, network.bouvier, ends_on=date(2024, 6, 30))
    head.erased_at = timezone.now()
    head.save()
    page = client_as("visitor").get(bodies.board.get_absolute_url()).content.decode()
    assert "Marc Bouvier" not in page
    assert "a member of Décolletage Bouvier" in page


def test_body_page_splits_current_upcoming_and_past_mandates(
    client_as, bodies, seat, head, member, network
):
    today = timezone.localdate()
    seat(bodies.board, head, network.bouvier, ends_on=today - timedelta(days=1))
    seat(bodies.board, member, network.arvis, starts_on=today + timedelta(days=10))
    response = client_as("visitor").get(bodies.board.get_absolute_url())
    composition = response.context["composition"]
    assert [s.mandate.person for s in composition.past] == [head]
    assert [s.mandate.person for s in composition.upcoming] == [member]
    assert composition.current == []
    assert "Nobody sits in it for now." in response.content.decode()


def test_branch_page_lists_its_delegates_to_the_board(client_as, bodies, seat, head, network):
    seat(bodies.board, head, network.bouvier, role=MandateRole.DELEGATE, branch=bodies.branch)
    response = client_as("visitor").get(bodies.branch.get_absolute_url())
    assert [s.name for s in response.context["composition"].delegates] == ["Marc Bouvier"]
    assert "1 of 1 delegate in office" in response.content.decode()


def test_organisation_is_linked_only_where_the_reader_may_see_it(
    client_as, bodies, seat, head, network
):
    seat(bodies.board, head, network.bouvier)
    url = network.bouvier.get_absolute_url()
    assert url not in client_as("visitor").get(bodies.board.get_absolute_url()).content.decode()
    assert url in client_as("member").get(bodies.board.get_absolute_url()).content.decode()


def test_unknown_body_is_404(client_as, network):
    assert client_as("visitor").get(reverse("governance:body", args=["nope"])).status_code == 404


def _populate(network, start: int, count: int) -> None:
    """``count`` more clubs, each with two mandates of new people (one out of the directory)."""
    for index in range(start, start + count):
        body = Body.objects.create(name=f"Club {index}", slug=f"club-{index}", kind=BodyKind.CLUB)
        for n in range(2):
            person = make_person(
                "member",
                network,
                email=f"p{index}-{n}@test.example.org",
                listed_in_directory=bool(n),
            )
            body.mandates.create(
                person=person, organisation=network.arvis, starts_on=date(2024, 1, 1)
            )


@pytest.mark.parametrize("role", ["visitor", "member", "staff"])
def test_public_page_queries_do_not_grow_with_bodies_and_mandates(client_as, network, bodies, role):
    client = client_as(role)
    url = reverse("governance:bodies")
    _populate(network, 0, 2)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _populate(network, 2, 10)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.content.decode().count("<tr>") > 20
    assert len(large.captured_queries) == len(small.captured_queries)


def test_body_page_queries_do_not_grow_with_mandates(client_as, network, bodies, seat):
    client = client_as("staff")
    url = bodies.board.get_absolute_url()
    people = [make_person("member", network, email=f"b{i}@test.example.org") for i in range(8)]
    for person in people[:2]:
        seat(bodies.board, person, network.arvis)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for person in people[2:]:
        seat(bodies.board, person, network.arvis, ends_on=date(2024, 12, 31))
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
