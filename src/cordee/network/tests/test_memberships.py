"""Memberships and dues: the staff list, its actions, next year's memberships, reminders."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cordee.audit.models import AuditEvent
from cordee.core.scheduling import periodics
from cordee.network.access import Access
from cordee.network.identifiers import make_siret
from cordee.network.memberships import (
    memberships_lapse_overdue,
    memberships_remind,
    send_membership_reminders,
)
from cordee.network.models import Membership, MembershipTier, Organisation
from cordee.network.tests.importing import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

YEAR = timezone.localdate().year


def at(month: int, day: int, year: int = YEAR) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 9, 0))


def listing(client, **params):
    return client.get(reverse("network:memberships"), params)


def test_staff_see_the_years_memberships_with_totals_by_status(client_as, network):
    response = listing(client_as("staff"))
    assert response.status_code == 200
    names = [m.organisation.legal_name for m in response.context["page"].object_list]
    assert names == [
        "Arvis Usinage",
        "Décolletage Bouvier",
        "Lacroix Traitements",
        "Mécanique Dormante",
    ]
    totals = {line["status"]: line for line in response.context["totals"]["lines"]}
    assert totals["paid"]["count"] == 2 and totals["paid"]["total"] == Decimal("1200.00")
    assert totals["invoiced"]["count"] == 1
    assert response.context["totals"]["total"] == Decimal("2400.00")


def test_the_list_filters_by_status_territory_and_tier(client_as, network):
    client = client_as("staff")
    paid = listing(client, status="paid").context["page"].object_list
    assert {m.organisation.slug for m in paid} == {"bouvier", "lacroix"}
    arve = listing(client, territory="arve").context["page"].object_list
    assert {m.organisation.slug for m in arve} == {"bouvier", "arvis"}
    other_tier = MembershipTier.objects.create(name="ETI", amount=Decimal("1500"))
    assert not listing(client, tier=other_tier.name).context["page"].object_list
    # A totals line per status, whatever the status filter.
    assert listing(client, status="paid").context["totals"]["count"] == 4


def test_a_coordinator_sees_only_their_territory(client_as):
    page = listing(client_as("coordinator")).context["page"].object_list
    assert {m.organisation.slug for m in page} == {"bouvier", "arvis"}


def test_the_list_takes_a_constant_number_of_queries(
    client_as, network, django_assert_max_num_queries
):
    client = client_as("staff")

    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            organisation = Organisation.objects.create(
                slug=f"o-{n}",
                legal_name=f"Organisation {n}",
                siren=make_siret(76000000 + n)[:9],
                siret=make_siret(76000000 + n),
                size_band="small",
                commune=network.cluses,
            )
            Membership.objects.create(
                organisation=organisation,
                year=YEAR,
                tier=network.tier,
                amount=600,
                starts_on=date(YEAR, 1, 1),
                ends_on=date(YEAR, 12, 31),
            )

    listing(client)
    add(3, 0)
    with django_assert_max_num_queries(20) as few:
        listing(client)
    add(30, 100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = listing(client)
    assert len(response.context["page"].object_list) == 37


def test_staff_mark_memberships_paid_and_it_is_audit_logged(client_as, network):
    arvis = network.arvis.memberships.get()
    response = client_as("staff").post(
        reverse("network:memberships_status"),
        {
            "memberships": [arvis.public_id],
            "status": "paid",
            "on": "2026-03-02",
            "query": "year=2026",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("network:memberships") + "?year=2026"
    arvis.refresh_from_db()
    assert arvis.status == "paid" and str(arvis.paid_on) == "2026-03-02"
    event = AuditEvent.objects.get(action="membership.status_changed")
    assert event.details["from"] == "invoiced" and event.details["to"] == "paid"


def test_marking_invoiced_records_today_and_exempt_and_lapsed_work_too(client_as, network):
    client = client_as("staff")
    arvis = network.arvis.memberships.get()
    arvis.status = "pending"
    arvis.save()
    for status in ("invoiced", "lapsed", "exempt"):
        client.post(
            reverse("network:memberships_status"),
            {"memberships": [arvis.public_id], "status": status},
        )
        arvis.refresh_from_db()
        assert arvis.status == status
    assert arvis.invoiced_on == timezone.localdate()


def test_a_paid_membership_cannot_be_marked_lapsed_and_nothing_changes(client_as, network):
    client = client_as("staff")
    bouvier = network.bouvier.memberships.get()
    arvis = network.arvis.memberships.get()
    response = client.post(
        reverse("network:memberships_status"),
        {"memberships": [bouvier.public_id, arvis.public_id], "status": "lapsed"},
        follow=True,
    )
    assert "cannot be marked lapsed: Décolletage Bouvier (paid)" in response.content.decode()
    arvis.refresh_from_db()
    assert arvis.status == "invoiced"


def test_a_coordinator_cannot_change_a_membership_of_another_territory(client_as, network):
    lacroix = network.lacroix.memberships.get()
    client_as("coordinator").post(
        reverse("network:memberships_status"),
        {"memberships": [lacroix.public_id], "status": "exempt"},
    )
    lacroix.refresh_from_db()
    assert lacroix.status == "paid"


def test_next_years_memberships_are_created_from_this_years(client_as, network):
    network.tier.amount = Decimal("650.00")
    network.tier.save()
    client = client_as("staff")
    response = client.post(reverse("network:memberships_renew"), {"year": YEAR})
    assert response.url == reverse("network:memberships") + f"?year={YEAR + 1}"
    renewed = Membership.objects.filter(year=YEAR + 1)
    # The lapsed member is left out.
    assert {m.organisation.slug for m in renewed} == {"bouvier", "arvis", "lacroix"}
    first = renewed.first()
    assert first.status == "pending" and first.amount == Decimal("650.00")
    assert (first.starts_on, first.ends_on) == (date(YEAR + 1, 1, 1), date(YEAR + 1, 12, 31))
    # Again: nothing more.
    client.post(reverse("network:memberships_renew"), {"year": YEAR})
    assert Membership.objects.filter(year=YEAR + 1).count() == 3
    assert AuditEvent.objects.filter(action="membership.renewed").count() == 2


def test_a_coordinator_renews_only_their_territory(client_as):
    client_as("coordinator").post(reverse("network:memberships_renew"), {"year": YEAR})
    renewed = Membership.objects.filter(year=YEAR + 1)
    assert {m.organisation.slug for m in renewed} == {"bouvier", "arvis"}


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_the_list_downloads_with_its_filters(client_as, file_format):
    from cordee.network.spreadsheets import read_table

    response = client_as("staff").get(
        reverse("network:memberships_export"), {"status": "paid", "file_format": file_format}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{file_format}"')
    if file_format == "csv":
        assert response.content.startswith(b"\xef\xbb\xbf")
        text = response.content.decode("utf-8-sig")
        assert text.splitlines()[0].startswith("Raison sociale;SIRET;Territoire;Année")
        assert text.count("payée") == 2
    else:
        table = read_table(response.content)
        assert len(table.rows) == 2


# Lapsing and reminders.


def test_an_unpaid_membership_lapses_once_its_end_has_passed(network):
    assert memberships_lapse_overdue(today=date(YEAR + 1, 1, 5)) == 1
    statuses = dict(Membership.objects.values_list("organisation__slug", "status"))
    assert statuses == {
        "bouvier": "paid",
        "arvis": "lapsed",
        "lacroix": "paid",
        "dormant": "lapsed",
    }
    assert AuditEvent.objects.filter(action="membership.lapsed").count() == 1


def test_a_lapsed_organisations_people_keep_their_accounts_but_lose_member_rights(
    client_as, member, network
):
    assert Access.for_user(member).is_member
    memberships_lapse_overdue(today=date(YEAR + 1, 1, 5))
    member.refresh_from_db()
    assert member.is_active
    assert not Access.for_user(member).is_member
    try:
        people = reverse("network:people")
    except NoReverseMatch:
        people = None
    if people:
        assert client_as("member").get(people).status_code == 403


def test_heads_are_reminded_before_the_end_once_per_fortnight(head, member, network, coordinator):
    counts = memberships_remind(now=at(12, 10))
    # Bouvier (its head) is reminded; Arvis and Lacroix have no head; Dormant has lapsed
    # and has no head either.
    assert counts == {"reminded": 1, "emails": 1, "without_head": 3}
    [email] = mail.outbox
    assert email.to == [head.email]
    assert "Décolletage Bouvier" in email.subject
    assert "21 days" in email.body
    assert email.reply_to == [coordinator.email]
    assert memberships_remind(now=at(12, 10))["emails"] == 0
    assert memberships_remind(now=at(12, 20))["emails"] == 0  # 10 days later
    assert memberships_remind(now=at(12, 25))["emails"] == 1  # 15 days later
    assert len(mail.outbox) == 2


def test_no_reminder_long_before_the_end_or_once_renewed(head, network):
    assert memberships_remind(now=at(11, 1))["emails"] == 0
    Membership.objects.create(
        organisation=network.bouvier,
        year=YEAR + 1,
        tier=network.tier,
        amount=600,
        status="paid",
        starts_on=date(YEAR + 1, 1, 1),
        ends_on=date(YEAR + 1, 12, 31),
    )
    assert memberships_remind(now=at(12, 10))["emails"] == 0


def test_a_lapsed_member_is_reminded_after_the_end_then_left_alone(head, network):
    memberships = Membership.objects.filter(organisation=network.bouvier)
    memberships.update(status="invoiced")
    lapsed = memberships_lapse_overdue(today=date(YEAR + 1, 1, 5))
    assert lapsed == 2  # Bouvier and Arvis
    mail.outbox.clear()
    assert memberships_remind(now=at(1, 5, YEAR + 1))["emails"] == 1
    assert "has lapsed" in mail.outbox[0].subject
    # Three months after the end, no more reminders.
    memberships.update(reminded_at=None)
    assert memberships_remind(now=at(6, 1, YEAR + 1))["emails"] == 0


def test_the_daily_task_lapses_and_reminds(head, network):
    result = send_membership_reminders.enqueue()
    assert set(result.return_value) == {"lapsed", "reminded", "emails", "without_head"}


def test_the_daily_task_is_registered_with_the_scheduler():
    [periodic] = [p for p in periodics() if p.name == "network.membership_reminders"]
    assert periodic.task == send_membership_reminders
    assert periodic.at is not None
