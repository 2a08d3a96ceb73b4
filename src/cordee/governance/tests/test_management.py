"""Staff run the bodies: create and edit them, seat and end mandates, refused when wrong."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cordee.audit.models import AuditEvent
from cordee.core.testing.personas import make_person
from cordee.governance.models import Body, BodyKind, Mandate, MandateRole
from cordee.governance.services import mandate_add, mandate_end
from cordee.network.models import Affiliation, WorkingGroup
from cordee.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _affiliation(person):
    return Affiliation.objects.get(person=person)


def test_staff_seat_a_member_who_is_told_and_audited(
    client_as, bodies, head, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("staff").post(
            reverse("governance:mandate_create", args=[bodies.board.slug]),
            {
                "affiliation": _affiliation(head).pk,
                "role": "treasurer",
                "source": "appointed",
                "starts_on": "2025-06-20",
                "ends_on": "2028-06-19",
            },
        )
    assert response.status_code == 302
    mandate = Mandate.objects.get(body=bodies.board)
    assert (mandate.person, mandate.role, mandate.source) == (head, "treasurer", "appointed")
    assert mandate.organisation == Affiliation.objects.get(person=head).organisation
    assert AuditEvent.objects.filter(action="governance.mandate_added", actor=staff).exists()
    assert Notification.objects.filter(recipient=head, kind="governance.mandate").exists()


def test_a_mandate_cannot_end_before_it_starts(client_as, bodies, head):
    response = client_as("staff").post(
        reverse("governance:mandate_create", args=[bodies.board.slug]),
        {
            "affiliation": _affiliation(head).pk,
            "role": "member",
            "source": "elected",
            "starts_on": "2025-06-20",
            "ends_on": "2025-06-01",
        },
    )
    assert response.status_code == 400
    assert "A mandate cannot end before it starts" in response.content.decode()
    # What was right is kept.
    assert 'value="2025-06-20"' in response.content.decode()
    assert not Mandate.objects.exists()


def test_a_person_outside_the_network_is_refused(bodies, staff, outsider, network):
    # The outsider works for a lapsed member.
    with pytest.raises(ValidationError, match="only people of member organisations"):
        mandate_add(
            body=bodies.board,
            person=outsider,
            organisation=network.dormant,
            starts_on=date(2025, 1, 1),
            by=staff,
        )


def test_a_person_cannot_represent_an_organisation_they_do_not_work_for(
    bodies, staff, head, network
):
    with pytest.raises(ValidationError, match="does not work for Lacroix"):
        mandate_add(
            body=bodies.board,
            person=head,
            organisation=network.lacroix,
            starts_on=date(2025, 1, 1),
            by=staff,
        )


def test_a_branch_seats_only_people_of_its_territory(bodies, staff, expert, network):
    with pytest.raises(ValidationError, match="is not in Vallée de l'Arve"):
        mandate_add(
            body=bodies.branch,
            person=expert,
            organisation=network.lacroix,
            starts_on=date(2025, 1, 1),
            by=staff,
        )


def test_overlapping_identical_mandates_are_refused(bodies, staff, head, network, seat):
    seat(
        bodies.board, head, network.bouvier, starts_on=date(2024, 1, 1), ends_on=date(2026, 12, 31)
    )
    with pytest.raises(ValidationError, match="already holds this mandate"):
        mandate_add(
            body=bodies.board,
            person=head,
            organisation=network.bouvier,
            role=MandateRole.MEMBER,
            starts_on=date(2026, 6, 1),
            by=staff,
        )
    # Another role, or the same role after the first one ends: accepted.
    mandate_add(
        body=bodies.board,
        person=head,
        organisation=network.bouvier,
        role=MandateRole.TREASURER,
        starts_on=date(2026, 6, 1),
        by=staff,
    )
    mandate_add(
        body=bodies.board,
        person=head,
        organisation=network.bouvier,
        starts_on=date(2027, 1, 1),
        by=staff,
    )


def test_more_members_than_seats_is_refused(bodies, staff, network, seat):
    people = [make_person("member", network, email=f"s{i}@test.example.org") for i in range(4)]
    for person in people[:3]:
        seat(bodies.board, person, network.arvis)
    with pytest.raises(ValidationError, match="has 3 seats and they are all taken"):
        mandate_add(
            body=bodies.board,
            person=people[3],
            organisation=network.arvis,
            starts_on=date(2025, 1, 1),
            by=staff,
        )


def test_ending_a_mandate_before_its_start_is_refused_and_nothing_changes(
    client_as, bodies, head, network, seat
):
    mandate = seat(bodies.board, head, network.bouvier, starts_on=date(2025, 1, 1))
    url = reverse("governance:mandate_end", args=[mandate.public_id])
    response = client_as("staff").post(url, {"ends_on": "2024-12-31"})
    assert response.status_code == 400
    assert "cannot end before it starts" in response.content.decode()
    mandate.refresh_from_db()
    assert mandate.ends_on is None
    response = client_as("staff").post(url, {"ends_on": "2025-12-31"})
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.ends_on == date(2025, 12, 31)
    assert AuditEvent.objects.filter(action="governance.mandate_ended").exists()


def test_an_end_cannot_be_pushed_later(bodies, staff, head, network, seat):
    mandate = seat(bodies.board, head, network.bouvier, ends_on=date(2025, 6, 30))
    with pytest.raises(ValidationError, match="already ends on"):
        mandate_end(mandate=mandate, ends_on=date(2026, 1, 1), by=staff)


def test_staff_create_a_body_and_a_bad_one_is_refused(client_as, network):
    client = client_as("staff")
    url = reverse("governance:body_create")
    response = client.post(
        url, {"name": "Antenne Chablais", "slug": "antenne-chablais", "kind": "branch"}
    )
    assert response.status_code == 200
    assert "A territorial branch belongs to a territory" in response.content.decode()
    response = client.post(
        url,
        {
            "name": "Antenne Chablais",
            "slug": "antenne-chablais",
            "kind": "branch",
            "territory": network.chablais.pk,
            "seats": 1,
        },
    )
    assert response.status_code == 302
    assert Body.objects.get(slug="antenne-chablais").territory == network.chablais
    assert AuditEvent.objects.filter(action="governance.body_created").exists()
    response = client.post(url, {"name": "Nouveau", "slug": "new", "kind": "club"})
    assert "This short name is taken by a page" in response.content.decode()


def test_coordinator_creates_bodies_only_in_their_territory(client_as, network):
    client = client_as("coordinator")
    response = client.post(
        reverse("governance:body_create"),
        {"name": "Club", "slug": "club-chablais", "kind": "club", "territory": network.chablais.pk},
    )
    assert response.status_code == 200
    assert not Body.objects.filter(slug="club-chablais").exists()
    response = client.post(
        reverse("governance:body_create"), {"name": "Club", "slug": "club-x", "kind": "club"}
    )
    assert not Body.objects.filter(slug="club-x").exists()  # a network body: not theirs
    response = client.post(
        reverse("governance:body_create"),
        {"name": "Club", "slug": "club-arve", "kind": "club", "territory": network.arve.pk},
    )
    assert response.status_code == 302


def test_coordinator_cannot_change_a_network_body(client_as, bodies):
    url = reverse("governance:body_edit", args=[bodies.board.slug])
    response = client_as("coordinator").post(url, {"name": "X", "slug": "x", "kind": "board"})
    assert response.status_code == 403
    bodies.board.refresh_from_db()
    assert bodies.board.name == "Conseil d'administration"


def test_a_mandate_in_a_club_joins_its_group(bodies, staff, head, network):
    group = WorkingGroup.objects.create(name="Club RSE", slug="club-rse")
    club = Body.objects.create(
        name="Club RSE", slug="club-rse", kind=BodyKind.CLUB, working_group=group
    )
    mandate_add(
        body=club,
        person=head,
        organisation=network.bouvier,
        role=MandateRole.CHAIR,
        starts_on=date(2025, 1, 1),
        by=staff,
    )
    assert head in group.members.all()


def test_staff_of_one_territory_cannot_link_a_body_to_another_territorys_group(
    client_as, bodies, network
):
    """Seating someone in a club's body makes them a member of its group, who then reads
    the group's content: a group of the Annecy basin is not the Arve staff's to fill."""
    annecy_group = WorkingGroup.objects.create(
        name="Club lean Annecy", slug="club-lean-annecy", territory=network.annecy
    )
    arve_group = WorkingGroup.objects.create(
        name="Club lean Arve", slug="club-lean-arve", territory=network.arve
    )
    client = client_as("coordinator")
    form = {
        "name": "Club lean",
        "slug": "club-lean",
        "kind": "club",
        "territory": network.arve.pk,
        "working_group": annecy_group.pk,
        "seats": "",
        "description": "",
    }
    page = client.get(reverse("governance:body_create")).content.decode()
    assert "Club lean Arve" in page
    assert "Club lean Annecy" not in page
    response = client.post(reverse("governance:body_create"), form)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Body.objects.filter(slug="club-lean").exists()
    response = client.post(
        reverse("governance:body_create"), {**form, "working_group": arve_group.pk}
    )
    assert response.status_code == 302
    assert Body.objects.get(slug="club-lean").working_group == arve_group


def test_a_branch_sends_delegates_to_a_body_above_it_only(client_as, bodies, network):
    annecy_club = Body.objects.create(
        name="Club Annecy", slug="club-annecy", kind=BodyKind.CLUB, territory=network.annecy
    )
    client = client_as("coordinator")
    form = {
        "name": "Antenne Cluses",
        "slug": "antenne-cluses",
        "kind": "branch",
        "territory": network.arve.pk,
        "delegates_to": annecy_club.pk,
        "seats": "1",
        "description": "",
    }
    response = client.post(reverse("governance:body_create"), form)
    assert response.status_code == 200
    assert not Body.objects.filter(slug="antenne-cluses").exists()
    response = client.post(
        reverse("governance:body_create"), {**form, "delegates_to": bodies.board.pk}
    )
    assert response.status_code == 302
