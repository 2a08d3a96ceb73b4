"""Staff import a member list, fix nothing but import its valid rows, then follow dues."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import make_person
from cordee.network.models import Membership, Organisation
from cordee.network.tests.importing import OTHER_SIRET, company, csv_bytes


def log_in(page: Page, user: object) -> None:
    # Staff log in with a second factor; the journey starts once that is done.
    client = Client()
    client.force_login(user)
    page.goto("/health/")
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": page.url.removesuffix("health/"),
            }
        ]
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_import_the_valid_rows_then_mark_a_membership_paid(
    page: Page, check_accessibility: Callable[[Page], None], tmp_path
) -> None:
    network = build_test_network()
    staff = make_person("staff", network)
    log_in(page, staff)
    main = page.get_by_role("main")

    # 1. From the menu to the import page; the file has one good row and one bad one.
    page.goto("/")
    page.get_by_role("banner").get_by_role(
        "link", name=re.compile("^(Members|Adhérents|Membres)$")
    ).click()
    expect(page).to_have_url(re.compile(r"/staff/memberships/$"))
    check_accessibility(page)
    main.get_by_role("link", name=re.compile("Import")).first.click()
    expect(page).to_have_url(re.compile(r"/staff/import/$"))
    check_accessibility(page)
    members = tmp_path / "adherents.csv"
    members.write_bytes(
        csv_bytes(
            [
                company(),
                company(SIRET=OTHER_SIRET, Commune="Clusse", **{"E-mail": "b@example.org"}),
            ],
            encoding="cp1252",
        )
    )
    main.locator("input[type=file]").set_input_files(members)
    main.get_by_role("button", name=re.compile("Check the file|Vérifier")).click()

    # 2. The preview names the row, the column and the fix; nothing is written yet.
    expect(main.get_by_text(re.compile("Clusse.*Cluses")).first).to_be_visible()
    check_accessibility(page)
    assert not Organisation.objects.filter(siret__in=[OTHER_SIRET]).exists()

    # 3. Import only the valid row: the worker runs it, the page says what was written.
    main.get_by_role("button", name=re.compile("1")).click()
    expect(main.get_by_role("status")).to_contain_text(re.compile("1"))
    assert Organisation.objects.filter(legal_name="Décolletage Nouveau").exists()
    assert not Organisation.objects.filter(siret=OTHER_SIRET).exists()

    # 4. Back to the memberships: tick Arvis, mark it paid.
    page.goto("/staff/memberships/")
    main.get_by_label("Arvis Usinage").check()
    main.locator("select[name=status]").last.select_option("paid")
    main.get_by_role("button", name=re.compile("Mark them|Changer leur état")).click()
    expect(page.locator(".message--success")).to_be_visible()
    assert Membership.objects.get(organisation=network.arvis).status == "paid"
