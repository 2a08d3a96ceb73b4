"""A member reads their notifications and chooses their e-mails, in a real browser."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import Page, expect

from cordee.accounts.models import User
from cordee.notifications.services import ANNOUNCEMENT, notify
from tests.browser.steps import follow


def either(*names: str) -> re.Pattern[str]:
    """Exactly one of these names, ignoring the colon that ends a French form label."""
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"^\s*({alternatives})\s*:?\s*$")


E_MAIL = either("Courriel", "E-mail", "Email")
PASSWORD_LABEL = either("Mot de passe", "Password")
SIGN_IN = either("Connexion", "Sign In")
EMAIL = "thomas.revillard@decolletage-arve.example"
PASSWORD = "Barre-de-decolletage-2024"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_reads_their_notifications_and_chooses_fewer_emails(
    page: Page, check_accessibility: Callable[[Page], None]
) -> None:
    member = User.objects.create_user(EMAIL, PASSWORD, first_name="Thomas", last_name="Revillard")
    EmailAddress.objects.create(user=member, email=EMAIL, verified=True, primary=True)
    notify(recipients=[member], kind=ANNOUNCEMENT, title="Visite de l'usine de Marnaz")
    notify(recipients=[member], kind=ANNOUNCEMENT, title="Assemblée générale", url="/profile/")
    header = page.get_by_role("banner")
    main = page.get_by_role("main")

    page.goto("/accounts/login/")
    page.get_by_label(E_MAIL).fill(member.email)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    main.get_by_role("button", name=SIGN_IN).click()

    # 1. The header says how many are unread; the centre lists them, newest first.
    link = header.get_by_role("link", name=re.compile(r"^Notifications, 2 (unread|non lues)$"))
    link.click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    check_accessibility(page)
    titles = main.locator(".notification__title")
    expect(titles.first).to_contain_text("Assemblée générale")

    # 2. Opening one marks it read and follows its link.
    titles.first.click()
    expect(page).to_have_url(re.compile(r"/profile/$"))
    expect(header.get_by_role("link", name=re.compile(r", 1 "))).to_be_visible()

    # 3. "Mark all as read" updates the list and the header in place (htmx).
    page.goto("/notifications/")
    main.get_by_role("button", name=either("Tout marquer comme lu", "Mark all as read")).click()
    expect(header.get_by_role("link", name=re.compile(r"^Notifications$"))).to_be_visible()
    expect(main.locator(".notification--unread")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/notifications/$"))

    # 4. Announcements by e-mail once a week, not each time.
    follow(page, main.get_by_role("link", name=re.compile("e-mails", re.IGNORECASE)))
    check_accessibility(page)
    announcements = main.get_by_role("group", name=re.compile("Announcements|Annonces"))
    announcements.get_by_label(either("A weekly digest", "Un récapitulatif hebdomadaire")).check()
    main.get_by_role("button", name=either("Enregistrer mes choix", "Save my choices")).click()
    expect(page.get_by_role("status")).to_be_visible()
    mail.outbox.clear()
    notify(recipients=[member], kind=ANNOUNCEMENT, title="Formation SMED")
    assert not mail.outbox
