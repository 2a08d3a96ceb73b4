import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from cordee.audit.models import AuditEvent
from cordee.audit.services import audit_record, client_ip
from cordee.core.testing.personas import PASSWORD


@pytest.mark.django_db
def test_a_login_is_recorded_with_the_address(client, member):
    client.post(
        reverse("account_login"),
        {"login": member.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
    )
    event = AuditEvent.objects.get(action="auth.login")
    assert (event.actor, event.ip) == (member, "203.0.113.7")


@pytest.mark.django_db
def test_a_failed_login_is_recorded_without_the_password(client, member):
    client.post(reverse("account_login"), {"login": member.email, "password": "wrong-password"})
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.details == {"email": member.email}
    assert "wrong-password" not in str(event.details)


@pytest.mark.django_db
def test_every_write_by_staff_is_recorded_without_its_data(client_as):
    client_as("staff").post(reverse("accounts:invitations"), {"email": "new@example.org"})
    event = AuditEvent.objects.get(action="staff.write")
    assert event.details["view"] == "accounts:invitations"
    assert event.details["status"] == 302
    assert "new@example.org" not in str(event.details)


@pytest.mark.django_db
def test_writes_by_members_are_not_staff_writes(client_as):
    client_as("member").post(reverse("accounts:profile"), {})
    assert not AuditEvent.objects.filter(action="staff.write").exists()


@pytest.mark.django_db
def test_staff_filter_the_log(client_as, member, staff):
    audit_record(action="test.one", actor=member)
    audit_record(action="test.two", actor=staff)
    response = client_as("staff").get(reverse("audit:events"), {"action": "test.one"})
    events = list(response.context["page"].object_list)
    assert [event.action for event in events] == ["test.one"]
    response = client_as("staff").get(reverse("audit:events"), {"who": "member@"})
    assert {event.action for event in response.context["page"].object_list} == {"test.one"}


@pytest.mark.django_db
def test_filtering_with_htmx_returns_only_the_table(client_as):
    response = client_as("staff").get(reverse("audit:events"), HTTP_HX_REQUEST="true")
    assert response.templates[0].name == "audit/_events.html"


@pytest.mark.django_db
def test_dates_in_the_wrong_order_are_explained(client_as):
    response = client_as("staff").get(
        reverse("audit:events"), {"since": "2026-05-02", "until": "2026-05-01"}
    )
    assert response.context["form"].non_field_errors()


@pytest.mark.django_db
def test_the_log_page_does_a_constant_number_of_queries(
    client_as, member, django_assert_max_num_queries
):
    client = client_as("staff")
    for index in range(120):
        audit_record(action=f"test.{index % 7}", actor=member)
    client.get(reverse("audit:events"))  # warm the session
    with django_assert_max_num_queries(12):
        client.get(reverse("audit:events"))


@pytest.mark.django_db
def test_nobody_can_change_the_log_in_the_admin(admin):
    model_admin = site._registry[AuditEvent]
    request = RequestFactory().get("/")
    request.user = admin
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_forwarded_address_is_trusted_only_behind_a_configured_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.9"
