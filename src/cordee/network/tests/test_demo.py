"""The demo network: loaded once, the same everywhere, with its accounts in place."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from stdnum.fr import siren, siret

from cordee.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from cordee.accounts.models import Expertise, User
from cordee.network.access import Access
from cordee.network.demo import DEMO, load_demo
from cordee.network.models import (
    Affiliation,
    Commune,
    Membership,
    MembershipStatus,
    Organisation,
    RoleAssignment,
    SizeBand,
    Territory,
    WorkingGroup,
)

MODELS = (Territory, Commune, Organisation, Membership, Affiliation, User, Expertise, WorkingGroup)
THROUGH = (
    Organisation.activities.through,
    Organisation.certifications.through,
    User.expertise.through,
    WorkingGroup.members.through,
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The normal demo, loaded once for this file's tests and rolled back after them."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load_demo()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (*MODELS, *THROUGH)}


def access(key: str) -> Access:
    return Access.for_user(User.objects.get(email=f"{key}@example.org"))


def test_the_demo_has_about_320_companies_and_1200_people(demo, db):
    assert demo.created
    assert Organisation.objects.count() == DEMO.companies
    assert 1150 <= Affiliation.objects.count() <= 1250
    assert Territory.objects.count() == 5


def test_loading_the_demo_again_changes_nothing(demo, db):
    before = counts()
    again = load_demo()
    assert not again.created
    assert counts() == before


def test_every_demo_siret_is_valid_and_unique(demo, db):
    numbers = list(Organisation.objects.values_list("siren", "siret"))
    assert len({number for _, number in numbers}) == len(numbers)
    for siren_number, siret_number in numbers:
        assert siret.is_valid(siret_number), siret_number
        assert siren.is_valid(siren_number) and siret_number.startswith(siren_number)


def test_companies_are_mostly_in_the_arve_valley(demo, db):
    by_territory = Counter(Organisation.objects.values_list("territory__slug", flat=True))
    assert by_territory["arve"] > 0.75 * DEMO.companies
    assert by_territory["annecy"] and by_territory["chablais"]
    assert not Organisation.objects.exclude(territory=F("commune__territory")).exists()


def test_every_company_has_one_head(demo, db):
    heads = Counter(
        Affiliation.objects.filter(is_head=True).values_list("organisation_id", flat=True)
    )
    assert set(heads.values()) == {1}
    assert len(heads) == DEMO.companies


def test_size_bands_follow_headcounts(demo, db):
    for headcount, band in Organisation.objects.values_list("headcount", "size_band"):
        assert SizeBand.for_headcount(headcount) == band


def test_both_naf_nomenclatures_are_shown(demo, db):
    nomenclatures = Counter(Organisation.objects.values_list("naf_nomenclature", flat=True))
    assert nomenclatures["rev2"] > nomenclatures["naf2025"] > 0
    decolletage = Organisation.objects.filter(naf_code="25.62A").count()
    assert decolletage > DEMO.companies / 3


def test_this_years_memberships_are_in_every_status_most_paid(demo, db):
    year = timezone.localdate().year
    statuses = Counter(Membership.objects.filter(year=year).values_list("status", flat=True))
    assert set(statuses) == set(MembershipStatus.values)
    assert statuses[MembershipStatus.PAID] > DEMO.companies / 2
    assert Membership.objects.filter(year=year - 1).count() > DEMO.companies / 2


def test_about_half_the_companies_are_on_the_showcase(demo, db):
    shown = Organisation.objects.filter(showcase=True).count()
    assert 0.35 * DEMO.companies < shown < 0.65 * DEMO.companies


def test_only_the_demo_accounts_can_log_in(demo, db):
    for account in DEMO_ACCOUNTS:
        assert User.objects.get(email=account.email).check_password(DEMO_PASSWORD)
    usable = [user.email for user in User.objects.all() if user.has_usable_password()]
    assert sorted(usable) == sorted(account.email for account in DEMO_ACCOUNTS)


def test_the_administrator_administers_the_whole_network(demo, db):
    admin = access("admin")
    assert admin.is_admin and admin.is_staff_for(None)
    assert User.objects.get(email="admin@example.org").is_superuser


def test_the_coordinator_is_staff_of_the_arve_branch_only(demo, db):
    coordinator = access("coordinator")
    assert coordinator.is_staff_for(Territory.objects.get(slug="arve"))
    assert not coordinator.is_staff_for(Territory.objects.get(slug="annecy"))
    assert not coordinator.is_staff_for(None)


def test_the_staff_member_is_staff_of_the_whole_network(demo, db):
    staff = access("staff")
    assert staff.is_staff_for(None) and not staff.is_admin


def test_the_funder_observes_the_region_and_is_not_staff(demo, db):
    funder = access("funder")
    assert funder.is_funder and not funder.is_staff
    assert RoleAssignment.objects.get(person__email="funder@example.org").territory.kind == (
        Territory.Kind.REGION
    )


def test_the_head_runs_a_paid_up_member_company_in_cluses(demo, db):
    head = access("head")
    assert len(head.head_of_ids) == 1
    company = Organisation.objects.get(pk=next(iter(head.head_of_ids)))
    assert company.commune.name == "Cluses"
    assert head.is_member
    assert company.memberships.get(year=timezone.localdate().year).status == "paid"


def test_the_member_and_the_expert_work_for_other_paid_up_companies(demo, db):
    member, expert, head = access("member"), access("expert"), access("head")
    assert member.is_member and expert.is_member
    assert not member.head_of_ids and not expert.head_of_ids
    companies = [member.organisation_ids, expert.organisation_ids, head.organisation_ids]
    assert len(frozenset().union(*companies)) == 3
    expert_user = User.objects.get(email="expert@example.org")
    assert expert_user.job_title == "Responsable qualité"
    assert expert_user.expertise.filter(name="IATF 16949").exists()


def test_working_groups_have_members_and_the_demo_accounts(demo, db):
    for group in WorkingGroup.objects.all():
        assert group.members.count() >= 10, group
    assert access("head").group_ids and access("expert").group_ids


def test_people_have_french_names_titles_and_varied_visibility(demo, db):
    people = User.objects.exclude(email__endswith="@example.org")
    assert all(person.first_name and person.last_name and person.job_title for person in people)
    assert people.filter(email_visibility="nobody").exists()
    assert people.filter(email_visibility="members").exists()
    assert User.expertise.through.objects.count() > len(people)
