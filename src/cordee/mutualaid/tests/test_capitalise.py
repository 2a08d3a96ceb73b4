"""Back into knowledge, peer sessions, availability, personal data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cordee.accounts.personal_data import erasers, exporters
from cordee.knowledge.models import Article
from cordee.mutualaid.capitalise import answered_counts, help_request_capitalise
from cordee.mutualaid.models import (
    Answer,
    HelperAvailability,
    HelpOffer,
    HelpRequest,
    PeerSession,
    Solicitation,
)
from cordee.mutualaid.services import answer_mark_solution, answer_post
from cordee.network.access import Access
from cordee.notifications.models import Notification

from .conftest import post


def solved(asker, helper, **fields):
    help_request = post(asker, **fields)
    answer = answer_post(
        help_request=help_request,
        by=helper,
        access=Access.for_user(helper),
        body="Passez au **tribofinition** avec des médias céramiques.",
    )
    answer_mark_solution(answer=answer, by=asker, access=Access.for_user(asker))
    help_request.refresh_from_db()
    return help_request


def test_staff_turn_a_solved_request_into_a_draft_crediting_helpers(
    client_as, head, expert, member, surface
):
    help_request = solved(head, expert, skills=[surface])
    answer_post(help_request=help_request, by=member, access=Access.for_user(member), body="+1")
    response = client_as("coordinator").post(
        reverse("mutualaid:capitalise", args=[help_request.public_id])
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("knowledge:article_edit", args=[article.slug])
    assert article.status == "draft" and article.kind == "practice"
    # Those who helped, the solution's author first; the asker too (not discreet).
    assert set(article.authors.all()) == {expert, member, head}
    assert article.organisation.slug == "bouvier"
    assert "tribofinition" in article.body and help_request.description in article.body
    assert list(article.skills.all()) == [surface]
    assert article.revisions.count() == 1
    help_request.refresh_from_db()
    assert help_request.capitalised_as == article
    # Once only.
    with pytest.raises(ValidationError):
        help_request_capitalise(help_request=help_request, by=head, access=Access.for_user(head))


def test_an_open_request_is_not_capitalised_nor_by_another_member(client_as, head, expert):
    help_request = post(head)
    url = reverse("mutualaid:capitalise", args=[help_request.public_id])
    assert client_as("coordinator").post(url).status_code == 403
    done = solved(head, expert, title="Autre question")
    url = reverse("mutualaid:capitalise", args=[done.public_id])
    assert client_as("member").post(url).status_code == 403
    assert client_as("expert").post(url).status_code == 403
    assert not Article.objects.exists()


def test_staff_list_the_solved_requests_not_yet_capitalised(client_as, head, expert):
    waiting = solved(head, expert, title="Résolue, pas encore fiche")
    done = solved(head, expert, title="Déjà une fiche")
    help_request_capitalise(help_request=done, by=head, access=Access.for_user(head))
    page = client_as("coordinator").get(reverse("mutualaid:follow_up")).content.decode()
    assert waiting.title in page
    assert "Déjà une fiche" not in page


def test_a_published_practice_sheet_is_found_by_search(client_as, head, expert, staff):
    from cordee.knowledge.services import ArticleData, article_update

    help_request = solved(head, expert, title="Bavures sur laiton: la tribofinition")
    article = help_request_capitalise(
        help_request=help_request, by=staff, access=Access.for_user(staff)
    )
    article_update(
        article=article,
        data=ArticleData(
            title=article.title,
            kind=article.kind,
            summary=article.summary,
            body=article.body,
            status="published",
            authors=list(article.authors.all()),
        ),
        by=staff,
        access=Access.for_user(staff),
    )
    page = client_as("member").get(reverse("search") + "?q=tribofinition").content.decode()
    assert article.get_absolute_url() in page


def test_answered_counts_are_earned_expertise_by_theme_and_skill(
    head, expert, member, surface, innovation
):
    solved(head, expert, skills=[surface], theme=innovation)
    other = post(head, skills=[surface], title="Deuxième")
    answer_post(help_request=other, by=expert, access=Access.for_user(expert), body="Oui")
    # A comment and an answer to one's own request do not count.
    answer_post(help_request=other, by=head, access=Access.for_user(head), body="Précision")
    counts = answered_counts([expert.pk, member.pk, head.pk])
    assert counts == {expert.pk: {surface.name: 2, innovation.name: 1}}
    assert answered_counts([expert.pk], solutions_only=True) == {
        expert.pk: {surface.name: 1, innovation.name: 1}
    }


def test_a_peer_session_invites_people_who_took_part(client_as, head, expert, member):
    help_request = solved(head, expert)
    page = client_as("head").get(reverse("mutualaid:session_plan", args=[help_request.public_id]))
    assert "Décolletage Bouvier" in page.content.decode()  # the plant, pre-filled
    starts = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    url = reverse("mutualaid:session_plan", args=[help_request.public_id])
    refused = client_as("head").post(url, {"starts_at": past, "place": "Cluses", "invited": []})
    assert "Choose a date in the future" in refused.content.decode()
    # Only people who took part can be invited: a crafted id is refused.
    crafted = client_as("head").post(
        url, {"starts_at": starts, "place": "Cluses", "invited": [member.pk]}
    )
    assert "Select a valid choice" in crafted.content.decode()
    client_as("head").post(url, {"starts_at": starts, "place": "Cluses", "invited": [expert.pk]})
    session = PeerSession.objects.get()
    assert list(session.invited.all()) == [expert]
    assert Notification.objects.filter(recipient=expert, kind="mutualaid.session_invited").exists()
    session_url = session.get_absolute_url()
    assert client_as("expert").get(session_url).status_code == 200
    assert client_as("member").get(session_url).status_code == 404
    assert client_as("expert").post(session_url, {"notes": "x"}).status_code == 403
    client_as("head").post(session_url, {"notes": "On a changé de média."})
    session.refresh_from_db()
    assert session.notes == "On a changé de média."


def test_staff_do_not_plan_a_session_on_a_discreet_request(client_as, head):
    help_request = post(head, discreet=True)
    url = reverse("mutualaid:session_plan", args=[help_request.public_id])
    assert client_as("coordinator").get(url).status_code == 403
    assert client_as("head").get(url).status_code == 200


def test_a_person_sets_their_availability(client_as, expert):
    client = client_as("expert")
    url = reverse("mutualaid:availability")
    past = (timezone.localdate() - timedelta(days=3)).isoformat()
    refused = client.post(url, {"accepts_requests": "on", "away_until": past})
    assert "This date is past" in refused.content.decode()
    away = (timezone.localdate() + timedelta(days=20)).isoformat()
    client.post(url, {"away_until": away})
    availability = HelperAvailability.objects.get(person=expert)
    assert availability.accepts_requests is False
    assert availability.away_until.isoformat() == away


def test_personal_data_is_exported_and_erased(head, expert):
    help_request = solved(head, expert)
    HelpOffer.objects.create(help_request=help_request, helper=expert)
    Solicitation.objects.create(
        help_request=help_request, person=expert, notified_at=timezone.now(), reasons=["r"]
    )
    HelperAvailability.objects.create(person=expert, accepts_requests=False)
    exported = exporters()["mutual_aid"](expert)
    assert exported["answers"][0]["request"] == help_request.title
    assert exported["asked_to_help_on"][0]["reasons"] == ["r"]
    assert exporters()["mutual_aid"](head)["help_requests"][0]["title"] == help_request.title
    erasers()["mutual_aid"](expert)
    assert not HelpOffer.objects.exists()
    assert not Solicitation.objects.exists()
    assert not HelperAvailability.objects.exists()
    # The answer stays, as a contribution.
    assert Answer.objects.filter(help_request=help_request).exists()
    assert HelpRequest.objects.filter(pk=help_request.pk).exists()
