import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.urls import reverse

from cordee.accounts import personal_data
from cordee.accounts.models import User
from cordee.accounts.services import user_erase
from cordee.audit.models import AuditEvent
from cordee.core.testing.personas import PASSWORD


@pytest.mark.django_db
def test_a_person_downloads_all_their_data_without_secrets(client_as, staff):
    response = client_as("staff").get(reverse("accounts:data_export"))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == staff.email
    assert data["account"]["second_factors"][0]["type"] == "totp"
    assert "secret" not in response.content.decode()
    assert PASSWORD not in response.content.decode()
    assert any(event["action"] == "account.data_exported" for event in data["audit_log"]) or (
        AuditEvent.objects.filter(action="account.data_exported", actor=staff).exists()
    )


@pytest.mark.django_db
def test_erasing_an_account_keeps_contributions_as_former_member(client_as, client, expert):
    AuditEvent.objects.create(actor=expert, actor_label=expert.email, action="test.contribution")
    response = client_as("expert").post(
        reverse("accounts:erase"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.erased_at is not None
    assert str(expert) in {"Former member", "Ancien membre"}
    assert not expert.is_active
    assert expert.first_name == "" and "expert" not in expert.email
    assert not EmailAddress.objects.filter(user=expert).exists()
    event = AuditEvent.objects.get(action="test.contribution")
    assert event.actor == expert
    assert event.actor_label in {"Former member", "Ancien membre"}
    login = client.post(
        reverse("account_login"), {"login": "expert@test.example.org", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert login.status_code == 200


@pytest.mark.django_db
def test_erasure_needs_the_password(client_as, expert):
    response = client_as("expert").post(
        reverse("accounts:erase"), {"password": "wrong", "confirm": "on"}
    )
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    expert.refresh_from_db()
    assert expert.erased_at is None


@pytest.mark.django_db
def test_a_failing_eraser_leaves_the_account_untouched(staff, monkeypatch):
    def broken(user: User) -> None:
        user.first_name = "half"
        user.save()
        raise RuntimeError("disk full")

    monkeypatch.setitem(personal_data._erasers, "broken", broken)
    with pytest.raises(RuntimeError):
        user_erase(user=staff)
    staff.refresh_from_db()
    assert staff.first_name == "Sophie"
    assert staff.erased_at is None
    assert Authenticator.objects.filter(user=staff).exists()
