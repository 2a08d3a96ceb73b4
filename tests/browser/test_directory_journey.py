"""Finding a company, and a company head keeping its page up to date, in a real browser."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import PASSWORD, make_person
from cordee.network.models import Skill
from tests.browser.steps import follow


def either(*names: str) -> re.Pattern[str]:
    """Exactly one of these names, ignoring the colon that ends a French form label."""
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"^\s*({alternatives})\s*:?\s*$")


E_MAIL = either("Courriel", "E-mail", "Email")
PASSWORD_LABEL = either("Mot de passe", "Password")
SIGN_IN = either("Connexion", "Sign In")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_finds_the_showcase_and_a_head_updates_the_company_page(
    page: Page, check_accessibility: Callable[[Page], None]
) -> None:
    network = build_test_network()
    # Created here: an earlier transactional test may have emptied the seeded taxonomy.
    Skill.objects.get_or_create(
        slug="decolletage",
        defaults={"name_fr": "Décolletage", "name_en": "Bar turning", "family": "process"},
    )
    network.lacroix.showcase = True
    network.lacroix.save()
    head = make_person("head", network)
    make_person("member", network)
    main = page.get_by_role("main")

    # 1. A visitor finds the companies that chose to be on the showcase.
    page.goto("/")
    page.get_by_role("banner").get_by_role(
        "link", name=re.compile("^(Our companies|Nos entreprises)$")
    ).click()
    expect(page).to_have_url(re.compile(r"/showcase/$"))
    check_accessibility(page)
    expect(main.get_by_role("link", name="Lacroix Traitements")).to_be_visible()
    expect(main.get_by_text("Décolletage Bouvier")).to_have_count(0)

    # 2. The company head logs in and filters the directory; htmx updates the results in place.
    page.goto("/accounts/login/?next=/directory/")
    page.get_by_label(E_MAIL).fill(head.email)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    main.get_by_role("button", name=SIGN_IN).click()
    expect(page).to_have_url(re.compile(r"/directory/$"))
    check_accessibility(page)
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Mécanique Dormante")).to_be_visible()
    main.get_by_text(re.compile("More filters|Plus de filtres")).click()
    main.get_by_label(either("Territoire", "Territory")).select_option("arve")
    expect(page).to_have_url(re.compile(r"territory=arve"))
    expect(results.get_by_role("link", name="Mécanique Dormante")).to_have_count(0)
    expect(results.get_by_role("link", name="Arvis Usinage")).to_be_visible()

    # 3. The people of the network, with the same filters.
    follow(page, main.get_by_role("link", name=either("Personnes", "People")))
    check_accessibility(page)
    expect(results.get_by_role("link", name="Thomas Revillard")).to_be_visible()

    # 4. "My organisation", then its page edited and saved.
    page.get_by_role("banner").get_by_role("link", name=re.compile("organisation")).click()
    expect(page).to_have_url(re.compile(r"/organisations/bouvier/$"))
    check_accessibility(page)
    follow(page, main.get_by_role("link", name=re.compile("Edit the page|Modifier")))
    check_accessibility(page)
    main.get_by_label(either("Nom commercial", "Trade name")).fill("Bouvier Précision")
    main.get_by_role("group", name=re.compile("Process|Procédé")).get_by_label(
        either("Décolletage", "Bar turning")
    ).check()
    main.get_by_role("button", name=re.compile("Save the page|Enregistrer")).click()
    expect(page).to_have_url(re.compile(r"/organisations/bouvier/$"))
    expect(main.get_by_role("heading", level=1)).to_have_text("Bouvier Précision")

    # 5. Its people.
    follow(page, main.get_by_role("link", name=re.compile("Manage the people|personnes")))
    check_accessibility(page)
    expect(main.get_by_role("rowheader", name="Marc Bouvier")).to_be_visible()
