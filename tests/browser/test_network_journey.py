"""The network issue's journey, each person logging in through the log-in page:
a coordinator imports a member list with mistakes, reads the errors, fixes the
file and imports it; a company head edits the company page and invites a
colleague; a member searches the directory; a visitor sees only the public
showcase; the funder sees no personal data beyond the public pages."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import PASSWORD, make_person
from cordee.network.identifiers import make_siret
from cordee.network.models import Organisation
from cordee.network.tests.importing import company, csv_bytes
from tests.browser.steps import follow

GOOD_SIRET = make_siret(74100011)
SECOND_SIRET = make_siret(74100012)
# The same number with its last digit changed: the Luhn check fails.
TYPO_SIRET = SECOND_SIRET[:-1] + str((int(SECOND_SIRET[-1]) + 1) % 10)


def open_as(browser: Browser, base_url: str, user: object | None) -> Page:
    """A new browser (cookies of its own), in English, logged in through the form."""
    context = browser.new_context(base_url=base_url, locale="en-GB")
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "django_language", "value": "en", "url": base_url}])
    page = context.new_page()
    if user is None:
        return page
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign In").click()
    authenticator = Authenticator.objects.filter(user=user, type="totp").first()
    if authenticator is not None:
        secret = decrypt(authenticator.data["secret"])
        # A code is valid for its 30-second period only: never type one about to expire.
        if time.time() % 30 > 25:
            time.sleep(30 - time.time() % 30 + 0.5)
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        page.get_by_role("textbox").fill(code)
        page.get_by_role("main").get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_network_journey(
    browser: Browser, live_server, check_accessibility: Callable[[Page], None], tmp_path
) -> None:
    network = build_test_network()
    network.lacroix.showcase = True
    network.lacroix.description = "Traitements de surface pour le décolletage."
    network.lacroix.save()
    coordinator = make_person("coordinator", network)
    head = make_person("head", network)
    member = make_person("member", network)
    expert = make_person("expert", network)
    funder = make_person("funder", network)

    # 1. The coordinator of the Arve branch uploads a list with two mistakes.
    page = open_as(browser, live_server.url, coordinator)
    main = page.get_by_role("main")
    page.goto("/staff/import/")
    check_accessibility(page)
    rows = [
        company(SIRET=GOOD_SIRET, **{"Raison sociale": "Usinage du Bargy"}),
        company(
            SIRET=TYPO_SIRET,
            Commune="Clusse",
            **{"Raison sociale": "Mécanique du Reposoir", "E-mail": "paul@example.org"},
        ),
    ]
    members = tmp_path / "adherents.csv"
    members.write_bytes(csv_bytes(rows, encoding="cp1252"))
    main.locator("input[type=file]").set_input_files(members)
    main.get_by_role("button", name="Check the file").click()

    # 2. The preview says which row, which column and what to do; nothing is written.
    expect(main.get_by_text(re.compile(r"Row 3, SIRET: .*check digit")).first).to_be_visible()
    expect(main.get_by_text(re.compile(r"Row 3, .*Clusse.*Cluses")).first).to_be_visible()
    check_accessibility(page)
    assert not Organisation.objects.filter(legal_name="Usinage du Bargy").exists()

    # 3. The corrected file imports whole.
    rows[1].update(SIRET=SECOND_SIRET, Commune="Cluses")
    members.write_bytes(csv_bytes(rows, encoding="cp1252"))
    main.get_by_role("link", name="Upload the corrected file").click()
    main.locator("input[type=file]").set_input_files(members)
    main.get_by_role("button", name="Check the file").click()
    main.get_by_role("button", name=re.compile(r"Import the 2 rows")).click()
    expect(main.get_by_role("status")).to_contain_text(re.compile("2"))
    assert set(
        Organisation.objects.filter(siret__in=[GOOD_SIRET, SECOND_SIRET]).values_list(
            "legal_name", flat=True
        )
    ) == {"Usinage du Bargy", "Mécanique du Reposoir"}
    page.context.close()

    # 4. The company head describes the company, opens it to the showcase, invites a colleague.
    page = open_as(browser, live_server.url, head)
    main = page.get_by_role("main")
    page.get_by_role("banner").get_by_role("link", name="My organisation").click()
    expect(main.get_by_role("heading", level=1)).to_have_text("Décolletage Bouvier")
    follow(page, main.get_by_role("link", name=re.compile("^Edit")).first)
    check_accessibility(page)
    main.get_by_label("Description").fill("Décolletage de précision, petites et moyennes séries.")
    main.get_by_label(re.compile("public showcase")).check()
    main.get_by_role("button", name=re.compile("^Save")).click()
    expect(
        main.get_by_text("Décolletage de précision, petites et moyennes séries.")
    ).to_be_visible()
    follow(page, main.get_by_role("link", name=re.compile("people", re.IGNORECASE)).first)
    check_accessibility(page)
    main.get_by_label("E-mail address").fill("nouvelle.collegue@example.org")
    main.get_by_label("Job title").fill("Responsable méthodes")
    main.get_by_role("button", name="Add this colleague").click()
    expect(
        main.get_by_text(re.compile("^nouvelle.collegue@example.org, valid until"))
    ).to_be_visible()
    assert mail.outbox[-1].to == ["nouvelle.collegue@example.org"]
    page.context.close()

    # 5. A member searches the directory and finds the company and its people.
    page = open_as(browser, live_server.url, member)
    main = page.get_by_role("main")
    page.get_by_role("banner").get_by_role("link", name="Directory").click()
    main.get_by_role("searchbox").first.fill("Bouvier")
    main.get_by_role("searchbox").first.press("Enter")
    main.get_by_role("link", name="Décolletage Bouvier").click()
    expect(main.get_by_text(head.last_name).first).to_be_visible()
    check_accessibility(page)
    page.goto("/directory/people/")
    expect(main.get_by_text(expert.last_name).first).to_be_visible()
    page.context.close()

    # 6. A visitor sees the showcase only: no member-only company, no person.
    page = open_as(browser, live_server.url, None)
    main = page.get_by_role("main")
    page.goto("/directory/")
    expect(main.get_by_role("link", name="Lacroix Traitements")).to_be_visible()
    expect(main.get_by_role("link", name="Arvis Usinage")).to_have_count(0)
    check_accessibility(page)
    assert page.goto("/organisations/arvis/").status == 404
    page.goto("/organisations/lacroix/")
    expect(main).not_to_contain_text(expert.last_name)
    page.goto("/directory/people/")
    expect(page).to_have_url(re.compile("/accounts/login/"))
    page.context.close()

    # 7. The funder reads the public pages and nothing personal.
    page = open_as(browser, live_server.url, funder)
    main = page.get_by_role("main")
    page.goto("/directory/")
    expect(main.get_by_role("link", name="Arvis Usinage")).to_have_count(0)
    page.goto("/organisations/lacroix/")
    expect(main).not_to_contain_text(expert.last_name)
    expect(main).not_to_contain_text(expert.email)
    assert page.goto("/directory/people/").status == 403
    assert page.goto("/organisations/arvis/").status == 404
    page.context.close()
