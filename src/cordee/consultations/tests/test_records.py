"""What the consultations keep about people, and how the other capabilities see them:
personal data, moderation, decisions."""

from __future__ import annotations

from django.utils import timezone

from cordee.accounts.personal_data import erasers, exporters
from cordee.consultations.models import Comment, Phase, Support
from cordee.consultations.services import (
    comment_create,
    consultation_move,
    contribution_create,
    support_toggle,
)
from cordee.moderation.registry import kind_of
from cordee.network.access import Access


def test_a_person_exports_and_erases_what_they_wrote(consultation, head, member):
    contribution = contribution_create(
        consultation=consultation,
        kind="idea",
        title="Achats groupés de laiton",
        body="Peser face aux fonderies.",
        by=head,
        access=Access.for_user(head),
    )
    support_toggle(contribution=contribution, by=member, access=Access.for_user(member))
    comment_create(
        contribution=contribution,
        body="Oui !",
        parent=None,
        by=member,
        access=Access.for_user(member),
    )
    exported = exporters()["consultations"](member)
    assert exported["comments"][0]["text"] == "Oui !"
    assert exported["supports"][0]["contribution"] == "Achats groupés de laiton"
    assert exporters()["consultations"](head)["contributions"][0]["title"] == (
        "Achats groupés de laiton"
    )
    erasers()["consultations"](member)
    assert not Support.objects.filter(person=member).exists()
    assert Comment.objects.filter(author=member).exists()  # the record stays


def test_contributions_and_comments_are_moderated(client_as, consultation, head, member, expert):
    contribution = contribution_create(
        consultation=consultation,
        kind="idea",
        title="Un club maintenance",
        body="Texte",
        by=head,
        access=Access.for_user(head),
    )
    comment = comment_create(
        contribution=contribution,
        body="Commentaire",
        parent=None,
        by=member,
        access=Access.for_user(member),
    )
    for obj in (contribution, comment):
        kind = kind_of(obj)
        assert kind is not None and kind.author(obj) == obj.author
        assert kind.visible(Access.for_user(expert)).filter(pk=obj.pk).exists()
        assert not kind.visible(Access.anonymous()).filter(pk=obj.pk).exists()
    page = client_as("expert").get(contribution.get_absolute_url()).content.decode()
    assert page.count('class="report-link"') == 2
    Comment.objects.filter(pk=comment.pk).update(
        hidden_at=timezone.now(), hidden_reason="hors sujet"
    )
    page = client_as("expert").get(contribution.get_absolute_url()).content.decode()
    assert "hors sujet" in page and "Commentaire" not in page


def test_decided_consultation_shows_its_decisions(client_as, consultation, staff):
    consultation_move(consultation=consultation, to=Phase.DECISION, by=staff)
    page = client_as("staff").get(consultation.get_absolute_url()).content.decode()
    assert "Decisions taken" in page
    assert f"origin=consultations.consultation%3A{consultation.pk}" in page or (
        f"origin=consultations.consultation:{consultation.pk}" in page
    )
