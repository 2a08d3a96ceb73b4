"""Answering, offers to talk, solving and closing, following, the 48-hour alert."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cordee.mutualaid.models import Answer, HelpOffer, HelpRequest, Solicitation
from cordee.mutualaid.solicitations import unanswered_alert
from cordee.notifications.models import Notification

from .conftest import post


@pytest.fixture
def help_request(head):
    return post(head)


def test_an_answer_tells_the_followers_and_dates_the_first_answer(
    client_as, head, member, help_request
):
    mail.outbox.clear()
    response = client_as("expert").post(
        reverse("mutualaid:answer", args=[help_request.public_id]),
        {"body": "Un ébavurage thermique."},
    )
    assert response.status_code == 302
    help_request.refresh_from_db()
    assert help_request.first_answer_at is not None
    assert [m.to for m in mail.outbox] == [[head.email]]
    # The author now follows: the next answer tells them too.
    client_as("member").post(
        reverse("mutualaid:answer", args=[help_request.public_id]), {"body": "Ou vibrant."}
    )
    assert Notification.objects.filter(kind="mutualaid.answered").count() == 3


def test_an_empty_answer_is_refused_and_htmx_gets_the_form_back(client_as, help_request):
    client = client_as("expert")
    url = reverse("mutualaid:answer", args=[help_request.public_id])
    assert client.post(url, {"body": "  "}).status_code == 400
    partial = client.post(url, {"body": ""}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()
    assert "This field is required" in partial.content.decode()
    assert not Answer.objects.exists()


def test_an_answer_by_htmx_returns_the_answers(client_as, help_request):
    response = client_as("expert").post(
        reverse("mutualaid:answer", args=[help_request.public_id]),
        {"body": "Essayez le tribofinition."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Essayez le tribofinition." in response.content.decode()
    assert 'id="answers"' in response.content.decode()


def test_a_comment_goes_under_its_answer(client_as, expert, help_request):
    answer = Answer.objects.create(help_request=help_request, author=expert, body="Réponse")
    client_as("member").post(
        reverse("mutualaid:answer", args=[help_request.public_id]),
        {"body": "Merci, et sur inox ?", "parent": str(answer.public_id)},
    )
    comment = Answer.objects.get(parent=answer)
    assert comment.body == "Merci, et sur inox ?"
    help_request.refresh_from_db()
    # A comment is not an answer: nobody answered the question yet.
    assert help_request.first_answer_at is None


def test_only_the_asker_marks_the_solution_then_closes_with_an_outcome(
    client_as, expert, help_request
):
    answer = Answer.objects.create(help_request=help_request, author=expert, body="Réponse")
    url = reverse("mutualaid:solution", args=[help_request.public_id, answer.public_id])
    assert client_as("member").post(url).status_code == 403
    assert client_as("head").post(url).status_code == 302
    help_request.refresh_from_db()
    answer.refresh_from_db()
    assert answer.is_solution and help_request.status == "solved"
    close = reverse("mutualaid:close", args=[help_request.public_id])
    refused = client_as("head").post(close, {"solved": "yes", "outcome": ""})
    assert "This field is required" in refused.content.decode()
    client_as("head").post(close, {"solved": "yes", "outcome": "Plus de bavures depuis."})
    help_request.refresh_from_db()
    assert help_request.outcome == "Plus de bavures depuis." and help_request.closed_at


def test_contact_details_are_shared_only_once_the_asker_accepts(
    client_as, head, expert, help_request
):
    head.phone = "04 50 00 00 01"
    head.save()
    expert.phone = "04 50 00 00 02"
    expert.save()
    client_as("expert").post(
        reverse("mutualaid:offer", args=[help_request.public_id]), {"message": "Appelez-moi"}
    )
    offer = HelpOffer.objects.get()
    expert_page = client_as("expert").get(help_request.get_absolute_url()).content.decode()
    assert head.phone not in expert_page and head.email not in expert_page
    asker_page = client_as("head").get(help_request.get_absolute_url()).content.decode()
    assert expert.phone not in asker_page
    # Nobody but the asker answers an offer.
    reply = reverse("mutualaid:offer_reply", args=[help_request.public_id, offer.public_id])
    assert client_as("member").post(reply, {"accept": "yes"}).status_code == 403
    client_as("head").post(reply, {"accept": "yes"})
    expert_page = client_as("expert").get(help_request.get_absolute_url()).content.decode()
    assert head.phone in expert_page and head.email in expert_page
    asker_page = client_as("head").get(help_request.get_absolute_url()).content.decode()
    assert expert.phone in asker_page and expert.email in asker_page
    # A third member sees neither.
    other = client_as("member").get(help_request.get_absolute_url()).content.decode()
    assert head.phone not in other and expert.phone not in other


def test_one_cannot_offer_twice_nor_on_ones_own_request(head, expert, help_request):
    from cordee.mutualaid.services import offer_make
    from cordee.network.access import Access

    offer_make(help_request=help_request, by=expert, access=Access.for_user(expert), message="")
    with pytest.raises(ValidationError):
        offer_make(help_request=help_request, by=expert, access=Access.for_user(expert), message="")
    with pytest.raises(ValidationError):
        offer_make(help_request=help_request, by=head, access=Access.for_user(head), message="")


def test_following_is_toggled(client_as, member, help_request):
    client = client_as("member")
    url = reverse("mutualaid:follow", args=[help_request.public_id])
    client.post(url)
    assert help_request.followers.filter(pk=member.pk).exists()
    partial = client.post(url, HTTP_HX_REQUEST="true")
    assert "Follow this request" in partial.content.decode()
    assert not help_request.followers.filter(pk=member.pk).exists()


def test_the_territory_staff_are_told_once_of_a_request_unanswered_for_48_hours(
    head, coordinator, staff, admin, help_request
):
    assert unanswered_alert() == 0
    later = timezone.now() + timedelta(hours=49)
    assert unanswered_alert(now=later) == 1
    assert unanswered_alert(now=later + timedelta(hours=1)) == 0
    told = set(
        Notification.objects.filter(kind="mutualaid.unanswered").values_list("recipient", flat=True)
    )
    assert told == {coordinator.pk, staff.pk, admin.pk}


def test_an_answered_request_is_not_alerted(head, expert, coordinator, help_request):
    from cordee.mutualaid.services import answer_post
    from cordee.network.access import Access

    answer_post(help_request=help_request, by=expert, access=Access.for_user(expert), body="Oui")
    assert unanswered_alert(now=timezone.now() + timedelta(hours=49)) == 0


def test_the_staff_ask_someone_directly(client_as, member, help_request):
    url = reverse("mutualaid:ask_people", args=[help_request.public_id])
    unknown = client_as("coordinator").post(url, {"email": "nobody@example.org"})
    assert "Nobody of the network has this address" in unknown.content.decode()
    response = client_as("coordinator").post(url, {"email": member.email})
    assert response.status_code == 302
    solicitation = Solicitation.objects.get(person=member)
    assert (
        solicitation.notified_at and solicitation.asked_by.email == "coordinator@test.example.org"
    )
    again = client_as("coordinator").post(url, {"email": member.email})
    assert "already asked" in again.content.decode()


def test_a_closed_request_takes_no_more_answers(client_as, help_request):
    HelpRequest.objects.filter(pk=help_request.pk).update(status="closed")
    client_as("expert").post(
        reverse("mutualaid:answer", args=[help_request.public_id]), {"body": "Trop tard"}
    )
    assert not Answer.objects.exists()


def test_the_asker_cannot_choose_their_own_comment_as_the_solution(client_as, head, help_request):
    """The button is not offered; a crafted form is refused too (the practice sheet would
    otherwise be made from the asker's words, crediting nobody)."""
    own = Answer.objects.create(help_request=help_request, author=head, body="Précision")
    url = reverse("mutualaid:solution", args=[help_request.public_id, own.public_id])
    assert client_as("head").post(url).status_code == 403
    own.refresh_from_db()
    help_request.refresh_from_db()
    assert not own.is_solution and help_request.status == "open"
