import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from cordee.core.testing.personas import PASSWORD


def current_code(user) -> str:
    secret = Authenticator.objects.get(user=user, type="totp").wrap().instance.data["secret"]
    from allauth.mfa.utils import decrypt

    return format_hotp_value(hotp_value(decrypt(secret), int(time.time()) // 30))


@pytest.mark.django_db
def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, settings, person):
    settings.MFA_REQUIRED_FOR_STAFF = True
    user = person("staff")
    Authenticator.objects.filter(user=user).delete()
    client.force_login(user)
    response = client.get(reverse("audit:events"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    # Setting it up (after confirming the password) stays possible.
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))


@pytest.mark.django_db
def test_members_are_not_forced_to_use_a_second_factor(client_as):
    assert client_as("member").get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_login_with_totp_refuses_a_wrong_code_and_accepts_the_right_one(client, person):
    user = person("staff")
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(user)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
