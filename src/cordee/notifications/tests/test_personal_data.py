import json

import pytest
from django.urls import reverse

from cordee.accounts.services import user_erase
from cordee.notifications.models import Notification, NotificationPreference
from cordee.notifications.services import ANNOUNCEMENT, notify

pytestmark = pytest.mark.django_db


def test_my_notifications_and_choices_are_in_my_data(member, client_as, prefers):
    prefers(member, ANNOUNCEMENT, "weekly")
    notify(recipients=[member], kind=ANNOUNCEMENT, title="Assemblée générale", url="/")
    data = json.loads(client_as("member").get(reverse("accounts:data_export")).content)
    assert data["notifications"]["preferences"] == {ANNOUNCEMENT: "weekly"}
    [notification] = data["notifications"]["notifications"]
    assert notification["title"] == "Assemblée générale"
    assert notification["email"] == "weekly"


def test_erasing_an_account_deletes_its_notifications_and_choices(member, expert, prefers):
    prefers(member, ANNOUNCEMENT, "never")
    notify(recipients=[member, expert], kind=ANNOUNCEMENT, title="Bonjour")
    user_erase(user=member)
    assert not Notification.objects.filter(recipient=member).exists()
    assert not NotificationPreference.objects.filter(user=member).exists()
    assert Notification.objects.filter(recipient=expert).exists()
