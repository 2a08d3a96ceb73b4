import pytest
from django.core import mail
from django.urls import reverse

from cordee.accounts.models import Invitation, User
from cordee.notifications.models import EmailStatus, Notification
from cordee.notifications.services import INVITATION_ACCEPTED, digests_send


@pytest.mark.django_db
def test_the_inviter_is_told_when_their_invitation_is_accepted(staff, client, settings):
    settings.SIGNUP_MODE = "invitation"
    invitation = Invitation.objects.create(email="paul.mollard@example.org", invited_by=staff)
    client.get(reverse("accounts:invitation_accept", args=[invitation.token]))
    client.post(
        reverse("account_signup"),
        {
            "first_name": "Paul",
            "last_name": "Mollard",
            "email": "paul.mollard@example.org",
            "password1": "un-long-mot-de-passe-42",
            "password2": "un-long-mot-de-passe-42",
        },
    )
    paul = User.objects.get(email="paul.mollard@example.org")
    notification = Notification.objects.get(recipient=staff)
    assert notification.kind == INVITATION_ACCEPTED
    assert "Paul Mollard" in notification.title
    assert notification.url == reverse("accounts:person", args=[paul.public_id])
    # Accepted invitations wait for the daily digest unless staff choose otherwise.
    assert notification.email_status == EmailStatus.DAILY
    assert not [message for message in mail.outbox if staff.email in message.to]
    assert not Notification.objects.filter(recipient=paul).exists()

    digests_send(frequency="daily")
    assert "Paul Mollard" in mail.outbox[-1].body
    assert mail.outbox[-1].to == [staff.email]
