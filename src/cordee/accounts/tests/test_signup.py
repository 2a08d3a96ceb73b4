import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from cordee.accounts.models import User

SIGNUP = {
    "first_name": "Léa",
    "last_name": "Gaillard",
    "email": "lea.gaillard@example.org",
    "password1": "un-long-mot-de-passe-42",
    "password2": "un-long-mot-de-passe-42",
}


@pytest.fixture
def open_signup(settings):
    settings.SIGNUP_MODE = "open"


def confirmation_link() -> str:
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0)


@pytest.mark.django_db
def test_sign_up_asks_to_confirm_the_email_before_logging_in(client, open_signup):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="lea.gaillard@example.org")
    assert (user.first_name, user.last_name) == ("Léa", "Gaillard")
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session

    link = confirmation_link()
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_an_email_already_used_is_refused_with_a_message(client, open_signup, member):
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": member.email})
    # allauth does not reveal that the address exists: it mails its owner instead.
    assert User.objects.filter(email=member.email).count() == 1
    assert response.status_code == 302
    assert mail.outbox[-1].to == [member.email]


@pytest.mark.django_db
def test_sign_up_is_closed_without_an_invitation(client, settings):
    settings.SIGNUP_MODE = "invitation"
    response = client.post(reverse("account_signup"), SIGNUP)
    assert not User.objects.filter(email=SIGNUP["email"]).exists()
    assert response.status_code == 200
    assert "account/signup_closed" in next(t.name for t in response.templates)


@pytest.mark.django_db
def test_an_expired_reset_link_says_what_to_do(client, member):
    response = client.get("/accounts/password/reset/key/zz-set-password/")
    assert response.status_code == 200
    assert response.context["token_fail"]


@pytest.mark.django_db
def test_password_reset_sends_a_link(client, member):
    client.post(reverse("account_reset_password"), {"email": member.email})
    assert mail.outbox[-1].to == [member.email]
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body


@pytest.mark.django_db
def test_emails_name_the_platform_not_the_server(client, member):
    client.post(reverse("account_reset_password"), {"email": member.email})
    assert "Cordée" in mail.outbox[-1].body
    assert "testserver !" not in mail.outbox[-1].body
