from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cordee.consultations.models import (
    Comment,
    Contribution,
    ContributionRevision,
    ContributionStatus,
    Phase,
    Support,
)
from cordee.consultations.services import (
    comment_create,
    consultation_move,
    contribution_create,
    contributions_merge,
    support_toggle,
)
from cordee.consultations.tests.factories import make_consultation
from cordee.network.access import Access
from cordee.network.scopes import Scope
from cordee.notifications.models import Notification


def contribute(consultation, user, title="Mutualiser les régleurs", body="Entre entreprises."):
    return contribution_create(
        consultation=consultation,
        kind="proposal",
        title=title,
        body=body,
        by=user,
        access=Access.for_user(user),
    )


def test_member_contributes_and_it_counts_for_their_organisation(client_as, consultation, network):
    client = client_as("member")
    response = client.post(
        reverse("consultations:contribute", args=[consultation.public_id]),
        {"kind": "idea", "title": "Un club maintenance", "body": "Partager les pannes."},
    )
    contribution = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == contribution.get_absolute_url()
    assert contribution.organisation == network.arvis
    assert contribution.revisions.count() == 1
    page = client.get(consultation.get_absolute_url())
    assert "Un club maintenance" in page.content.decode()


def test_contribution_without_title_is_refused_and_keeps_the_text(client_as, consultation):
    response = client_as("member").post(
        reverse("consultations:contribute", args=[consultation.public_id]),
        {"kind": "idea", "title": "", "body": "Un texte qui ne doit pas se perdre."},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Some information needs fixing" in content
    assert "Un texte qui ne doit pas se perdre." in content
    assert not Contribution.objects.exists()


def test_unknown_kind_is_refused(client_as, consultation):
    response = client_as("member").post(
        reverse("consultations:contribute", args=[consultation.public_id]),
        {"kind": "rant", "title": "Titre", "body": "Texte"},
    )
    assert response.status_code == 400
    assert not Contribution.objects.exists()


def test_no_contribution_after_the_contributions_phase(client_as, consultation, staff):
    consultation_move(consultation=consultation, to=Phase.COCONSTRUCTION, by=staff)
    response = client_as("member").post(
        reverse("consultations:contribute", args=[consultation.public_id]),
        {"kind": "idea", "title": "Trop tard", "body": "Texte"},
    )
    assert response.status_code == 400
    assert "The contributions phase is over" in response.content.decode()
    assert not Contribution.objects.exists()


def test_funder_reads_a_public_consultation_but_cannot_contribute(client_as, network, staff):
    public = make_consultation(staff, scope=Scope.PUBLIC)
    client = client_as("funder")
    assert client.get(public.get_absolute_url()).status_code == 200
    response = client.post(
        reverse("consultations:contribute", args=[public.public_id]),
        {"kind": "idea", "title": "Titre", "body": "Texte"},
    )
    assert response.status_code == 403


def test_another_territorys_consultation_is_not_found(client_as, network, staff):
    annecy = make_consultation(staff, scope=Scope.TERRITORY, scope_territory=network.annecy)
    member = client_as("member")  # works in the Arve valley
    assert member.get(annecy.get_absolute_url()).status_code == 404
    response = member.post(
        reverse("consultations:contribute", args=[annecy.public_id]),
        {"kind": "idea", "title": "Titre", "body": "Texte"},
    )
    assert response.status_code == 404
    assert client_as("expert").get(annecy.get_absolute_url()).status_code == 200
    assert client_as("coordinator").get(annecy.get_absolute_url()).status_code == 404


def test_support_is_one_per_person_and_removable(client_as, consultation, member, head):
    contribution = contribute(consultation, head)
    url = reverse("consultations:support", args=[consultation.public_id, contribution.public_id])
    client = client_as("member")
    client.post(url)
    client.post(url)
    assert Support.objects.count() == 0
    client.post(url)
    assert Support.objects.filter(person=member).count() == 1
    page = client.get(contribution.get_absolute_url()).content.decode()
    assert "1 support" in page
    assert "Withdraw my support" in page


def test_comment_and_reply_notify_the_author(
    client_as, consultation, head, member, django_capture_on_commit_callbacks
):
    contribution = contribute(consultation, head)
    url = reverse("consultations:comment", args=[consultation.public_id, contribution.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        client_as("member").post(url, {"body": "Bonne idée, on en parle ?"})
    first = Comment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client_as("head").post(url, {"body": "Oui, jeudi.", "parent": str(first.public_id)})
    reply = Comment.objects.exclude(pk=first.pk).get()
    assert reply.parent == first
    assert Notification.objects.filter(recipient=head, kind="consultations.answered").exists()
    assert Notification.objects.filter(recipient=member, kind="consultations.answered").exists()
    page = client_as("expert").get(contribution.get_absolute_url()).content.decode()
    assert page.index("Bonne idée") < page.index("Oui, jeudi.")


def test_empty_comment_is_refused(client_as, consultation, head):
    contribution = contribute(consultation, head)
    url = reverse("consultations:comment", args=[consultation.public_id, contribution.public_id])
    response = client_as("member").post(url, {"body": "  "})
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_reply_to_a_comment_of_another_contribution_is_refused(consultation, head, member):
    one, other = contribute(consultation, head), contribute(consultation, head, title="Autre")
    comment = comment_create(
        contribution=one, body="x", parent=None, by=member, access=Access.for_user(member)
    )
    with pytest.raises(ValidationError):
        comment_create(
            contribution=other, body="y", parent=comment, by=member, access=Access.for_user(member)
        )


def test_author_revises_and_the_history_keeps_each_version(client_as, consultation, head):
    contribution = contribute(consultation, head)
    url = reverse("consultations:revise", args=[consultation.public_id, contribution.public_id])
    assert client_as("member").get(url).status_code == 403
    response = client_as("head").post(
        url,
        {
            "title": "Mutualiser deux régleurs",
            "body": "Entre Cluses et Marnaz.",
            "note": "plus précis",
        },
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.title == "Mutualiser deux régleurs"
    assert list(ContributionRevision.objects.values_list("title", flat=True)) == [
        "Mutualiser deux régleurs",
        "Mutualiser les régleurs",
    ]
    page = client_as("head").get(contribution.get_absolute_url()).content.decode()
    assert "History" in page and "plus précis" in page


def test_staff_merge_moves_supports_once_per_person(consultation, staff, head, member, expert):
    target = contribute(consultation, head, title="Club maintenance")
    other = contribute(consultation, expert, title="Atelier maintenance")
    for person, contribution in ((member, target), (member, other), (expert, other)):
        support_toggle(contribution=contribution, by=person, access=Access.for_user(person))
    with pytest.raises(ValidationError, match="co-construction"):
        contributions_merge(target=target, merged=[other], title="t", body="b", by=staff)
    consultation_move(consultation=consultation, to=Phase.COCONSTRUCTION, by=staff)
    target.consultation.refresh_from_db()
    contributions_merge(
        target=target, merged=[other], title="Maintenance partagée", body="Les deux.", by=staff
    )
    other.refresh_from_db()
    assert other.status == ContributionStatus.MERGED and other.merged_into == target
    assert set(target.supports.values_list("person", flat=True)) == {member.pk, expert.pk}
    assert target.revisions.first().note.startswith("Merged with")
    with pytest.raises(ValidationError, match="merged into another"):
        support_toggle(contribution=other, by=head, access=Access.for_user(head))


def test_hidden_contribution_shows_the_notice_not_the_text(client_as, consultation, head, staff):
    from django.utils import timezone

    contribution = contribute(consultation, head, body="Texte déplacé")
    Contribution.objects.filter(pk=contribution.pk).update(
        hidden_at=timezone.now(), hidden_reason="propos injurieux"
    )
    page = client_as("member").get(consultation.get_absolute_url()).content.decode()
    assert "Texte déplacé" not in page
    assert "propos injurieux" in page


def test_support_with_htmx_answers_the_button_only(client_as, consultation, head):
    contribution = contribute(consultation, head)
    url = reverse("consultations:support", args=[consultation.public_id, contribution.public_id])
    response = client_as("member").post(url, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "1 support" in content and 'aria-pressed="true"' in content


def test_most_supported_first(client_as, consultation, head, member, expert):
    popular = contribute(consultation, head, title="Achats groupés")
    contribute(consultation, head, title="Navette commune")
    for person in (member, expert):
        support_toggle(contribution=popular, by=person, access=Access.for_user(person))
    client = client_as("member")
    recent = client.get(consultation.get_absolute_url()).content.decode()
    assert recent.index("Navette commune") < recent.index("Achats groupés")
    supported = client.get(consultation.get_absolute_url() + "?sort=supported").content.decode()
    assert supported.index("Achats groupés") < supported.index("Navette commune")
    ideas = client.get(consultation.get_absolute_url() + "?kind=idea").content.decode()
    assert "Achats groupés" not in ideas  # both are proposals
