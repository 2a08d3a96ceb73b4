import pytest
from django.core import mail
from django.urls import reverse

from cordee.notifications.models import Notification
from cordee.notifications.services import ANNOUNCEMENT

pytestmark = pytest.mark.django_db


def test_staff_announce_something_to_everyone_but_themselves(staff, member, expert, client_as):
    response = client_as("staff").post(
        reverse("notifications:announce"),
        {"title": "Visite de l'usine de Marnaz", "body": "Jeudi 14 h.", "url": "/"},
    )
    assert response.status_code == 302
    told = set(Notification.objects.filter(kind=ANNOUNCEMENT).values_list("recipient", flat=True))
    assert told == {member.pk, expert.pk}
    assert sorted(message.to[0] for message in mail.outbox) == sorted([member.email, expert.email])


def test_an_announcement_linking_to_another_site_is_explained(staff, member, client_as):
    response = client_as("staff").post(
        reverse("notifications:announce"),
        {"title": "Visite", "url": "https://example.com/"},
    )
    assert response.status_code == 200
    assert "url" in response.context["form"].errors
    assert not Notification.objects.exists()


def test_members_cannot_announce(member, client_as):
    response = client_as("member").post(reverse("notifications:announce"), {"title": "Spam"})
    assert response.status_code == 403
    assert not Notification.objects.exists()


def test_only_staff_are_offered_to_announce(client_as):
    announce = reverse("notifications:announce")
    assert announce in client_as("staff").get(reverse("notifications:list")).content.decode()
    assert announce not in client_as("member").get(reverse("notifications:list")).content.decode()
