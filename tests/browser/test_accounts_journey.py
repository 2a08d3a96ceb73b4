"""A person's first days with their account, in a real browser.

Names are matched in French or in English: the interface is French by default,
and the project's own strings stay English until they are translated.
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
from pytest_django.fixtures import Settings

FIRST_NAME = "Camille"
EMAIL = "camille.martin@decolletage-arve.example"
PASSWORD = "Barre-de-decolletage-2024"


def either(*names: str) -> re.Pattern[str]:
    """Exactly one of these names, ignoring the colon that ends a French form label."""
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"^\s*({alternatives})\s*:?\s*$")


LOG_IN = either("Connexion", "Se connecter", "Log in")
LOG_OUT = either("Déconnexion", "Se déconnecter", "Log out")
SIGN_IN = either("Connexion", "Sign In")
E_MAIL = either("Courriel", "E-mail", "Email")
PASSWORD_LABEL = either("Mot de passe", "Password")
CONFIRM = either("Confirmer", "Confirm")
TWO_FACTOR = either("Authentification à deux facteurs", "Two-factor authentication")
HOME_URL = re.compile(r"^https?://[^/]+/$")


def totp_code(secret: str, *, periods_ahead: int = 0) -> str:
    """The code an authenticator app shows now, or ``periods_ahead`` periods of 30 s later."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + periods_ahead))


def confirmation_link() -> str:
    """The link of the one e-mail sent (the live server runs in this process)."""
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body)
    assert match, message.body
    return match.group(0)


@pytest.mark.browser
def test_a_visitor_signs_up_secures_the_account_with_totp_and_downloads_their_data(
    page: Page, settings: Settings, check_accessibility: Callable[[Page], None]
) -> None:
    settings.SIGNUP_MODE = "open"
    # One period either side: the code computed for activation stays good if a
    # period ends meanwhile, and at log-in the next period's code is accepted.
    settings.MFA_TOTP_TOLERANCE = 1
    header = page.get_by_role("banner")
    main = page.get_by_role("main")

    # 1. A visitor finds the sign-up form from the home page and fills it in.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    check_accessibility(page)
    main.get_by_role("link", name=either("Créer un compte", "Create an account")).click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    check_accessibility(page)
    page.get_by_label(either("Prénom", "First name")).fill(FIRST_NAME)
    page.get_by_label(either("Nom", "Last name")).fill("Martin")
    page.get_by_label(E_MAIL).fill(EMAIL)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label(either("Mot de passe (confirmation)", "Password (again)")).fill(PASSWORD)
    main.get_by_role("button", name=either("Création de compte", "Sign Up")).click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        either("Vérifiez votre adresse e-mail", "Verify Your Email Address")
    )

    # 2. The link in the e-mail asks for a confirmation, then logs the person in.
    page.goto(confirmation_link())
    main.get_by_role("button", name=CONFIRM).click()
    expect(page).to_have_url(HOME_URL)
    expect(header.get_by_role("button", name=LOG_OUT)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(FIRST_NAME)

    # 3. They protect the account with an authenticator app.
    main.get_by_role("link", name=TWO_FACTOR).click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/$"))
    check_accessibility(page)
    main.get_by_role("link", name=either("Activer", "Activate")).click()
    # The e-mail link logged them in without their password: allauth asks for it first.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    main.get_by_role("button", name=CONFIRM).click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    secret = page.get_by_label(
        either("Secret d'authentification", "Authenticator secret")
    ).input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret), secret
    page.get_by_label(either("Code de l'authentificateur", "Authenticator code")).fill(
        totp_code(secret)
    )
    main.get_by_role("button", name=either("Activer", "Activate")).click()
    # allauth then shows the recovery codes, to be kept somewhere safe.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    expect(page.get_by_label(either("Codes inutilisés", "Unused codes"))).not_to_be_empty()
    page.get_by_role("navigation", name=either("Mon compte", "My account")).get_by_role(
        "link", name=TWO_FACTOR
    ).click()
    expect(main.get_by_role("link", name=either("Désactiver", "Deactivate"))).to_be_visible()
    check_accessibility(page)

    # 4. Logged out, they log in again: the password, then a code from the app.
    header.get_by_role("button", name=LOG_OUT).click()
    expect(page).to_have_url(HOME_URL)
    header.get_by_role("link", name=LOG_IN).click()
    page.get_by_label(E_MAIL).fill(EMAIL)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    main.get_by_role("button", name=SIGN_IN).click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    code = page.get_by_role("textbox", name="Code")
    code.fill("000000")
    main.get_by_role("button", name=SIGN_IN).click()
    expect(main.get_by_text(either("Code incorrect.", "Incorrect code."))).to_be_visible()
    # allauth refuses a code twice, and the activation used this period's: take the next.
    code.fill(totp_code(secret, periods_ahead=1))
    main.get_by_role("button", name=SIGN_IN).click()
    expect(page).to_have_url(HOME_URL)
    expect(page.get_by_role("heading", level=1)).to_contain_text(FIRST_NAME)

    # 5. They prefer English.
    header.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(header.get_by_role("button", name="Log out")).to_be_visible()
    expect(header.get_by_role("button", name="Français")).to_be_visible()

    # 6. From their profile, they download everything the platform holds about them.
    header.get_by_role("link", name="My profile").click()
    expect(page).to_have_url(re.compile(r"/profile/$"))
    check_accessibility(page)
    page.get_by_role("navigation", name="My account").get_by_role(
        "link", name="My data and my account"
    ).click()
    expect(page).to_have_url(re.compile(r"/profile/erase/$"))
    with page.expect_download() as download_info:
        main.get_by_role("link", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".json")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    account = data["account"]
    assert account["email"] == EMAIL
    assert account["first_name"] == FIRST_NAME
    assert account["email_addresses"] == [{"email": EMAIL, "verified": True, "primary": True}]
    factors = account["second_factors"]
    assert [factor["type"] for factor in factors].count("totp") == 1
    # What exists is exported, never the secret itself.
    assert all(set(factor) == {"type", "created_at"} for factor in factors)
    assert secret not in download.path().read_text(encoding="utf-8")
