"""A person's first days with their account, in a real browser.

Strings are matched in French or English: the interface is French by default,
and the project's own strings read in English until they are translated.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from playwright.sync_api import Page, expect

EMAIL = "camille.martin@decolletage-arve.example"
PASSWORD = "Barre-de-decolletage-2024"


def either(*names: str) -> re.Pattern[str]:
    """One of these names exactly (French or English), ignoring a form label's trailing colon."""
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"^\s*({alternatives})\s*:?\s*$")


LOG_OUT = either("Déconnexion", "Se déconnecter", "Log out")
LOG_IN = either("Connexion", "Se connecter", "Log in")


def totp_code(secret: str, *, periods_ahead: int = 0) -> str:
    """What an authenticator app shows now (or ``periods_ahead`` periods of 30 s later)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + periods_ahead))


def confirmation_link() -> str:
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body)
    assert match, message.body
    return match.group(0)


@pytest.mark.browser
def test_a_visitor_signs_up_secures_the_account_with_totp_and_downloads_their_data(
    page: Page, settings, check_accessibility: Callable[[Page], None]
) -> None:
    settings.SIGNUP_MODE = "open"
    # One period either side, so that a code computed just before a period
    # ends is still accepted; allauth still refuses a code used twice.
    settings.MFA_TOTP_TOLERANCE = 1
    header = page.get_by_role("banner")

    # 1. A visitor finds the sign-up form from the home page and fills it in.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    check_accessibility(page)
    page.get_by_role("link", name=either("Créer un compte", "Create an account")).click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    check_accessibility(page)
    page.get_by_label(either("Prénom", "First name")).fill("Camille")
    page.get_by_label(either("Nom", "Last name")).fill("Martin")
    page.get_by_label(either("Courriel", "E-mail", "Email")).fill(EMAIL)
    page.get_by_label(either("Mot de passe", "Password")).fill(PASSWORD)
    page.get_by_label(either("Mot de passe (confirmation)", "Password (again)")).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        either("Vérifiez votre adresse e-mail", "Verify Your Email Address")
    )

    # 2. The link in the e-mail asks for a confirmation, then logs the person in.
    page.goto(confirmation_link())
    page.get_by_role("button", name=either("Confirmer", "Confirm")).click()
    expect(header.get_by_role("button", name=LOG_OUT)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Camille")

    # 3. They protect the account with an authenticator app.
    page.goto("/accounts/2fa/")
    check_accessibility(page)
    page.get_by_role("main").get_by_role("link", name=either("Activer", "Activate")).click()
    # The e-mail link logged them in without a password: allauth asks for it first.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.get_by_label(either("Mot de passe", "Password")).fill(PASSWORD)
    page.get_by_role("button", name=either("Confirmer", "Confirm")).click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    secret = page.get_by_label(either("Secret d'authentification", "Authenticator secret"))
    secret_value = secret.input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret_value), secret_value
    page.get_by_label(either("Code de l'authentificateur", "Authenticator code")).fill(
        totp_code(secret_value)
    )
    page.get_by_role("button", name=either("Activer", "Activate")).click()
    # allauth then shows the recovery codes, to be kept somewhere safe.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    expect(page.get_by_label(either("Codes inutilisés", "Unused codes"))).not_to_be_empty()
    page.goto("/accounts/2fa/")
    check_accessibility(page)

    # 4. Logged out, they log in again: password, then a code from the app.
    header.get_by_role("button", name=LOG_OUT).click()
    expect(header.get_by_role("link", name=LOG_IN)).to_be_visible()
    header.get_by_role("link", name=LOG_IN).click()
    page.get_by_label(either("Courriel", "E-mail", "Email")).fill(EMAIL)
    page.get_by_label(either("Mot de passe", "Password")).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name=either("Connexion", "Sign In")).click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    code_field = page.get_by_role("textbox", name="Code")
    code_field.fill("000000")
    page.get_by_role("button", name=either("Connexion", "Sign In")).click()
    expect(page.get_by_text(either("Code incorrect.", "Incorrect code."))).to_be_visible()
    # The code used to activate the app cannot serve twice: take the next one.
    code_field.fill(totp_code(secret_value, periods_ahead=1))
    page.get_by_role("button", name=either("Connexion", "Sign In")).click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Camille")

    # 5. They prefer English.
    header.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(header.get_by_role("button", name="Log out")).to_be_visible()

    # 6. From their profile, they download everything the platform holds about them.
    header.get_by_role("link", name="My profile").click()
    expect(page).to_have_url(re.compile(r"/profile/$"))
    check_accessibility(page)
    page.get_by_role("navigation", name="My account").get_by_role(
        "link", name="My data and my account"
    ).click()
    expect(page).to_have_url(re.compile(r"/profile/erase/$"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".json")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    account = data["account"]
    assert account["email"] == EMAIL
    assert [factor["type"] for factor in account["second_factors"]].count("totp") == 1
    assert secret_value not in json.dumps(data)
    assert all(set(factor) == {"type", "created_at"} for factor in account["second_factors"])
