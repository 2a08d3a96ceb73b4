"""Asking for help: the form, who may see it, bad input, proposals and consent, the list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cordee.audit.models import AuditEvent
from cordee.mutualaid.models import Audience, HelpRequest, Solicitation
from cordee.network.models import Organisation, Territory

from .conftest import post
from .routes import PNG


def form_data(**fields):
    data = {
        "title": "Piqûres après nickelage chimique",
        "description": "Des piqûres apparaissent sur les pièces **après** nickelage.",
        "urgency": "normal",
        "audience": "network",
    }
    data.update(fields)
    return data


def test_a_member_asks_and_is_shown_whom_to_ask(client_as, head, expert, surface):
    response = client_as("head").post(
        reverse("mutualaid:ask"),
        form_data(skills=[surface.pk], attachments=[SimpleUploadedFile("piece.png", PNG)]),
    )
    help_request = HelpRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("mutualaid:proposals", args=[help_request.public_id])
    assert help_request.asker == head
    assert help_request.organisation.slug == "bouvier"
    assert help_request.territory.slug == "arve"
    assert help_request.attachments.get().content_type == "image/png"
    assert list(help_request.skills.all()) == [surface]
    # Nobody is told before the asker chooses.
    assert not Solicitation.objects.filter(notified_at__isnull=False).exists()
    assert AuditEvent.objects.filter(action="mutualaid.posted", actor=head).exists()


def test_the_description_is_markdown_rendered_safely(client_as, head):
    help_request = post(head, description="**gras** <script>alert(1)</script>")
    page = client_as("member").get(help_request.get_absolute_url()).content.decode()
    assert "<strong>gras</strong>" in page
    assert "<script>alert(1)</script>" not in page


def test_a_disguised_file_is_refused_with_a_message(client_as):
    response = client_as("head").post(
        reverse("mutualaid:ask"),
        form_data(attachments=[SimpleUploadedFile("plan.pdf", b"MZ not a pdf at all")]),
    )
    assert response.status_code == 200
    assert "does not hold a PDF document" in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_a_territory_outside_the_asker_rights_is_refused(client_as, network):
    response = client_as("head").post(
        reverse("mutualaid:ask"),
        form_data(audience="territory", audience_territory=network.annecy.pk),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not HelpRequest.objects.exists()
    # Their own valley, or the department above it, are accepted.
    for territory in (network.arve, network.department):
        client_as("head").post(
            reverse("mutualaid:ask"),
            form_data(audience="territory", audience_territory=territory.pk),
        )
    assert HelpRequest.objects.count() == 2


def test_an_organisation_outside_the_network_is_refused_with_its_name(client_as, head, network):
    from django.core.exceptions import ValidationError

    response = client_as("head").post(
        reverse("mutualaid:ask"),
        form_data(audience="organisations", audience_organisations=[network.dormant.pk]),
    )
    assert response.status_code == 200
    assert "not a member of the network in good standing" in response.content.decode()
    with pytest.raises(ValidationError, match="Mécanique Dormante"):
        post(head, audience=Audience.ORGANISATIONS, audience_organisations=[network.dormant])
    assert not HelpRequest.objects.exists()


def test_named_organisations_need_at_least_one(client_as):
    response = client_as("head").post(reverse("mutualaid:ask"), form_data(audience="organisations"))
    assert "Choose at least one organisation" in response.content.decode()


@pytest.mark.parametrize("persona", ["funder", "outsider"])
def test_people_outside_the_membership_cannot_ask(client_as, persona):
    assert client_as(persona).post(reverse("mutualaid:ask"), form_data()).status_code == 403
    assert not HelpRequest.objects.exists()


def test_a_territory_request_is_read_in_that_territory_only(client_as, head, network):
    help_request = post(head, audience=Audience.TERRITORY, audience_territory=network.arve)
    assert client_as("member").get(help_request.get_absolute_url()).status_code == 200
    assert client_as("expert").get(help_request.get_absolute_url()).status_code == 404


def test_the_asker_chooses_whom_to_notify_and_only_they_are(client_as, head, expert, member):
    help_request = post(head)
    for person, score in ((expert, 0.9), (member, 0.5)):
        Solicitation.objects.update_or_create(
            help_request=help_request,
            person=person,
            defaults={"score": score, "reasons": ["declared expert in deburring"]},
        )
    client = client_as("head")
    page = client.get(reverse("mutualaid:proposals", args=[help_request.public_id]))
    assert "declared expert in deburring" in page.content.decode()
    mail.outbox.clear()
    response = client.post(
        reverse("mutualaid:proposals", args=[help_request.public_id]), {"people": [expert.pk]}
    )
    assert response.status_code == 302
    notified = set(
        Solicitation.objects.filter(notified_at__isnull=False).values_list("person", flat=True)
    )
    assert notified == {expert.pk}
    assert [m.to for m in mail.outbox] == [[expert.email]]
    assert "Can you help?" in mail.outbox[0].subject


def test_a_crafted_choice_on_the_proposals_page_is_refused(client_as, head, outsider):
    help_request = post(head)
    response = client_as("head").post(
        reverse("mutualaid:proposals", args=[help_request.public_id]), {"people": [outsider.pk]}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Solicitation.objects.filter(person=outsider).exists()


def test_the_list_filters_by_theme_and_status(client_as, head, innovation):
    themed = post(head, title="Financer un robot de chargement", theme=innovation)
    other = post(head, title="Ébavurage des pièces en inox")
    HelpRequest.objects.filter(pk=other.pk).update(status="solved")
    client = client_as("member")
    page = client.get(reverse("mutualaid:list") + "?theme=innovation").content.decode()
    assert themed.title in page and other.title not in page
    page = client.get(reverse("mutualaid:list") + "?status=solved").content.decode()
    assert other.title in page and themed.title not in page
    page = client.get(reverse("mutualaid:list") + "?status=nonsense").content.decode()
    assert "Select a valid choice" in page


def test_the_list_counts_answers_not_comments_nor_hidden_ones(client_as, head, expert, member):
    from cordee.mutualaid.models import Answer

    answered = post(head, title="Ébavurage des pièces en inox")
    post(head, title="Financer un robot de chargement")
    first = Answer.objects.create(help_request=answered, author=expert, body="Ébavurage thermique.")
    Answer.objects.create(help_request=answered, author=member, body="Ou vibrant.")
    Answer.objects.create(help_request=answered, author=head, body="Merci !", parent=first)
    Answer.objects.create(
        help_request=answered, author=member, body="Pub", hidden_at=timezone.now()
    )
    page = client_as("member").get(reverse("mutualaid:list")).content.decode()
    assert page.count("2 answers") == 1
    assert page.count("0 answers") == 1


def test_the_list_makes_the_same_queries_whatever_the_number_of_requests(
    client_as, head, expert, surface
):
    from cordee.mutualaid.models import Answer

    client = client_as("member")

    def make(count, discreet):
        for index in range(count):
            help_request = HelpRequest.objects.create(
                title=f"Question {index}",
                description="…",
                asker=head,
                organisation=Organisation.objects.get(slug="bouvier"),
                territory=Territory.objects.get(slug="arve"),
                is_discreet=discreet,
            )
            help_request.skills.add(surface)
            Answer.objects.create(help_request=help_request, author=expert, body="Oui")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("mutualaid:list")).status_code == 200
        return len(captured)

    make(2, discreet=False)
    make(1, discreet=True)
    few = queries()
    make(15, discreet=False)
    make(3, discreet=True)
    assert queries() == few


def test_the_staff_see_requests_unanswered_for_48_hours(client_as, head):
    old = post(head, title="Question sans réponse")
    HelpRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=50))
    post(head, title="Question toute fraîche")
    page = client_as("coordinator").get(reverse("mutualaid:follow_up")).content.decode()
    assert "Question sans réponse" in page
    assert "Question toute fraîche" not in page
    listed = client_as("coordinator").get(reverse("mutualaid:list") + "?waiting=on")
    assert "Question sans réponse" in listed.content.decode()
    assert "Question toute fraîche" not in listed.content.decode()


def test_my_requests_lists_what_i_asked_and_was_asked(client_as, head, expert):
    mine = post(head, title="Ma question")
    Solicitation.objects.create(
        help_request=mine, person=expert, notified_at=timezone.now(), reasons=["x"]
    )
    assert "Ma question" in client_as("head").get(reverse("mutualaid:mine")).content.decode()
    assert "Ma question" in client_as("expert").get(reverse("mutualaid:mine")).content.decode()
    assert "Ma question" not in client_as("member").get(reverse("mutualaid:mine")).content.decode()
