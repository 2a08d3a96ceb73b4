"""The people of an organisation, managed by its company heads and the staff over it."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from cordee.accounts.models import Invitation, User
from cordee.audit.models import AuditEvent
from cordee.network.models import Affiliation


@pytest.fixture(autouse=True)
def in_english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def people_page(slug: str = "bouvier") -> str:
    return reverse("network:organisation_people", args=[slug])


def change(person: User, slug: str = "bouvier") -> str:
    return reverse("network:affiliation_edit", args=[slug, person.public_id])


def leaves(person: User, slug: str = "bouvier") -> str:
    return reverse("network:affiliation_end", args=[slug, person.public_id])


@pytest.fixture
def colleague(network, person):
    """A machine setter at Bouvier, next to its head."""
    person("head")
    user = User.objects.create_user(
        "regleur@bouvier.example.org", "x", first_name="Luc", last_name="Pollet"
    )
    Affiliation.objects.create(person=user, organisation=network.bouvier, job_title="Régleur")
    return user


def affiliation_of(user: User, slug: str = "bouvier") -> Affiliation:
    return Affiliation.objects.get(person=user, organisation__slug=slug, ended_on__isnull=True)


def test_the_company_head_sees_the_people_of_the_company(client_as, colleague):
    response = client_as("head").get(people_page())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Pollet" in content and "Régleur" in content and "Bouvier" in content
    assert '<th scope="col">Job title</th>' in content
    assert change(colleague) in content and leaves(colleague) in content


def test_the_company_head_changes_a_job_title_and_names_another_head(client_as, colleague, head):
    response = client_as("head").post(
        change(colleague), {"job_title": "Responsable d'atelier", "is_head": "on"}
    )
    assert response.status_code == 302
    affiliation = affiliation_of(colleague)
    assert affiliation.job_title == "Responsable d'atelier"
    assert affiliation.is_head
    event = AuditEvent.objects.get(action="affiliation.updated")
    assert event.actor == head
    assert sorted(event.details["fields"]) == ["is_head", "job_title"]


def test_the_last_company_head_cannot_be_removed(client_as, colleague, head):
    response = client_as("head").post(change(head), {"job_title": "Dirigeant"})
    assert response.status_code == 200
    assert "the only company head of Décolletage Bouvier" in str(
        response.context["form"].non_field_errors()
    )
    assert affiliation_of(head).is_head


def test_a_head_can_step_down_once_another_is_named(client_as, colleague, head):
    client_as("head").post(change(colleague), {"job_title": "Régleur", "is_head": "on"})
    response = client_as("head").post(change(head), {"job_title": "Fondateur"})
    assert response.status_code == 302
    assert not affiliation_of(head).is_head


def test_a_person_who_leaves_the_company_keeps_the_account(client_as, colleague):
    assert client_as("head").get(leaves(colleague)).status_code == 200
    response = client_as("head").post(leaves(colleague))
    assert response.status_code == 302
    affiliation = Affiliation.objects.get(person=colleague)
    assert affiliation.ended_on == timezone.localdate()
    colleague.refresh_from_db()
    assert colleague.is_active
    assert AuditEvent.objects.filter(action="affiliation.ended").exists()
    assert "Pollet" not in client_as("head").get(people_page()).content.decode()


def test_the_last_company_head_cannot_leave_while_colleagues_remain(client_as, colleague, head):
    response = client_as("staff").post(leaves(head))
    assert response.status_code == 200
    assert "make a colleague company head first" in response.context["error"]
    assert affiliation_of(head).ended_on is None


def test_the_last_person_of_a_company_may_leave(client_as, network, head):
    response = client_as("coordinator").post(leaves(head))
    assert response.status_code == 302
    assert not Affiliation.objects.current().filter(organisation=network.bouvier).exists()


def test_a_colleague_who_has_an_account_is_added_at_once_without_a_message(
    client_as, colleague, person
):
    expert = person("expert")
    response = client_as("head").post(
        people_page(), {"email": expert.email.upper(), "job_title": "Consultante"}
    )
    assert response.status_code == 302
    affiliation = affiliation_of(expert)
    assert affiliation.job_title == "Consultante"
    assert not affiliation.is_head
    assert mail.outbox == []
    assert AuditEvent.objects.filter(action="affiliation.added").exists()


def test_adding_someone_who_already_works_there_is_refused(client_as, colleague):
    response = client_as("head").post(people_page(), {"email": colleague.email})
    assert response.status_code == 200
    assert "already one of the people of Décolletage Bouvier" in str(
        response.context["form"].errors["email"]
    )


def test_a_colleague_without_account_is_invited_and_joins_on_signing_up(
    client_as, client, colleague, settings
):
    settings.SIGNUP_MODE = "invitation"
    response = client_as("head").post(
        people_page(),
        {"email": "nouvelle@bouvier.example.org", "job_title": "Acheteuse", "message": "Bienvenue"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="nouvelle@bouvier.example.org")
    assert invitation.organisation.slug == "bouvier"
    assert invitation.job_title == "Acheteuse"
    assert AuditEvent.objects.filter(action="colleague.invited").exists()
    assert "Décolletage Bouvier" in mail.outbox[-1].body
    assert "nouvelle@bouvier.example.org" in client_as("head").get(people_page()).content.decode()

    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)
    client.get(link)
    client.post(
        reverse("account_signup"),
        {
            "first_name": "Inès",
            "last_name": "Carrier",
            "email": "nouvelle@bouvier.example.org",
            "password1": "un-long-mot-de-passe-42",
            "password2": "un-long-mot-de-passe-42",
        },
    )
    user = User.objects.get(email="nouvelle@bouvier.example.org")
    affiliation = affiliation_of(user)
    assert affiliation.job_title == "Acheteuse"
    assert not affiliation.is_head


def test_a_closed_account_cannot_be_added(client_as, colleague, person):
    expert = person("expert")
    expert.is_active = False
    expert.save()
    response = client_as("head").post(people_page(), {"email": expert.email})
    assert "is closed" in str(response.context["form"].errors["email"])


def test_a_member_of_the_company_who_is_not_its_head_cannot_manage_its_people(
    client_as, colleague, person, network
):
    # The member works for Arvis; give Bouvier a second, ordinary employee's view too.
    Affiliation.objects.create(person=person("member"), organisation=network.bouvier)
    member = client_as("member")
    assert member.get(people_page()).status_code == 403
    assert member.post(change(colleague), {"job_title": "X", "is_head": "on"}).status_code == 403
    assert member.post(leaves(colleague)).status_code == 403
    assert not affiliation_of(colleague).is_head


def test_a_head_cannot_manage_the_people_of_another_company(client_as, colleague, person):
    member = person("member")
    head = client_as("head")
    assert head.get(people_page("arvis")).status_code == 403
    assert head.post(leaves(member, "arvis")).status_code == 403
    assert affiliation_of(member, "arvis").ended_on is None


def test_a_person_of_another_company_is_not_found_among_these_people(client_as, colleague, person):
    # Bouvier's head asks for Arvis's member through Bouvier's address.
    assert client_as("head").get(change(person("member"))).status_code == 404
    assert client_as("head").post(leaves(person("member"))).status_code == 404


def test_people_of_a_lapsed_member_cannot_reach_another_companys_people(client_as, colleague):
    outsider = client_as("outsider")
    assert outsider.get(people_page()).status_code == 404
    assert outsider.post(people_page(), {"email": "x@example.org"}).status_code == 404
    assert not Invitation.objects.exists()


def test_a_head_who_leaves_is_sent_home_since_the_page_may_no_longer_be_theirs(
    client_as, colleague, head
):
    head_client = client_as("head")
    head_client.post(change(colleague), {"job_title": "Régleur", "is_head": "on"})
    response = head_client.post(leaves(head))
    assert response.status_code == 302
    assert response.url == reverse("home")
    # No longer a member through Bouvier, they no longer see its page at all.
    assert head_client.get(reverse("network:organisation", args=["bouvier"])).status_code == 404
