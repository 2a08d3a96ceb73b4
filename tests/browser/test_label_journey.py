"""The label issue's journey, each person logging in through the log-in page: a company
head self-assesses and submits; the staff assign a reviewer of another company (a
conflicted one is refused first); the reviewer scores each criterion; the committee
sees the gaps and grants the label with conditions; the company downloads its
certificate, compares itself with its peers (and never with fewer than five) and
reads its improvement plan with suggested sheets; the public register shows it."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import date

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import PASSWORD, make_person
from cordee.label.models import Campaign, LabelProfile
from cordee.label.tests.conftest import make_framework, submitted
from cordee.network.identifiers import make_siret
from cordee.network.models import Organisation
from tests.browser.steps import follow


def open_as(browser: Browser, base_url: str, user: object | None) -> Page:
    """A new browser (cookies of its own), in English, logged in through the form
    (as in the network journey)."""
    context = browser.new_context(base_url=base_url, locale="en-GB", accept_downloads=True)
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


SELF_LEVELS = {"C-1": 4, "C-2": 1, "C-3": 3, "C-4": 5}
PEER_LEVELS = {"C-1": 4, "C-2": 3, "C-3": 3, "C-4": 5}
PILLAR_LINKS = ["Innovation", "Corporate social responsibility", "Management", "Strategic steering"]


def _peers(network, campaign) -> None:
    """Five other companies of the Arve valley submitted; only four share Bouvier's size."""
    for number in range(5):
        siret = make_siret(74300000 + number)
        organisation = Organisation.objects.create(
            slug=f"pair-{number}",
            legal_name=f"Pair {number}",
            siren=siret[:9],
            siret=siret,
            size_band="small" if number < 4 else "medium",
            commune=network.cluses,
        )
        submitted(campaign, organisation, [2, 2, 2, 2])


def _practice_sheet() -> None:
    try:
        from cordee.knowledge.models import Article, Theme
    except ImportError:
        return
    from cordee.network.scopes import Scope

    theme, _ = Theme.objects.get_or_create(
        slug="rse", defaults={"name_fr": "RSE", "name_en": "CSR", "is_pillar": True}
    )
    article = Article.objects.create(
        slug="document-unique",
        title="Tenir le document unique à jour en décolletage",
        status="published",
        scope=Scope.NETWORK,
        published_at=timezone.now(),
    )
    article.themes.set([theme])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_label_journey(
    browser: Browser, live_server, check_accessibility: Callable[[Page], None], tmp_path
) -> None:
    network = build_test_network()
    head = make_person("head", network)
    expert = make_person("expert", network)
    member = make_person("member", network)
    staff = make_person("staff", network)
    campaign = Campaign.objects.create(
        name="Label 2026", year=2026, framework=make_framework(), closes_on=date(2026, 12, 1)
    )
    _peers(network, campaign)
    _practice_sheet()
    # Bouvier declared Arvis a competitor: Arvis's people never review it.
    LabelProfile.objects.create(organisation=network.bouvier).competitors.add(network.arvis)

    # 1. The head applies, fills in each pillar (htmx saves each criterion), submits.
    page = open_as(browser, live_server.url, head)
    main = page.get_by_role("main")
    page.get_by_role("banner").get_by_role("link", name="Label").click()
    main.get_by_role("button", name="Apply for Décolletage Bouvier").click()
    expect(main.get_by_role("heading", level=1)).to_contain_text("Label 2026")
    evidence = tmp_path / "veille.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% compte rendu de veille\n")
    for pillar, code in zip(PILLAR_LINKS, SELF_LEVELS, strict=True):
        main.get_by_role("link", name=pillar).first.click()
        form = main.locator(f"#criterion-{code}")
        form.get_by_label(re.compile(f"^{SELF_LEVELS[code]} — ")).check()
        form.get_by_label("Evidence").fill(f"Preuves pour {code}")
        if code == "C-1":
            form.get_by_label("Attach a document").set_input_files(evidence)
            check_accessibility(page)
        form.get_by_role("button", name=f"Save {code}").click()
        expect(main.locator(f"#criterion-{code}").get_by_role("status")).to_have_text("Saved.")
        if code == "C-1":
            expect(main.get_by_role("link", name="veille.pdf")).to_be_visible()
    follow(page, main.get_by_role("link", name="Back to the overview"))
    check_accessibility(page)
    main.get_by_role("button", name="Submit the self-assessment").click()
    expect(page.get_by_text("Self-assessment submitted")).to_be_visible()
    assessment_url = page.url
    page.context.close()

    # 2. The staff assign a reviewer: a competitor's employee is refused, with the reason.
    # Staff keep this browser: a second log-in within 30 s would reuse the TOTP code.
    staff_page = open_as(browser, live_server.url, staff)
    page, main = staff_page, staff_page.get_by_role("main")
    page.goto(assessment_url + "reviewers/")
    main.get_by_label("Reviewer").select_option(label=str(member))
    main.get_by_label("Site visit on").fill("2026-10-12")
    main.get_by_role("button", name="Assign").click()
    expect(main.get_by_role("alert")).to_contain_text("works for a declared competitor")
    main.get_by_label("Reviewer").select_option(label=str(expert))
    main.get_by_label("Site visit on").fill("2026-10-12")
    main.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Reviewer assigned.")).to_be_visible()
    check_accessibility(page)

    # 3. The reviewer, of Lacroix, scores each criterion with a comment and submits.
    page = open_as(browser, live_server.url, expert)
    main = page.get_by_role("main")
    page.goto("/label/")
    main.get_by_role("link", name=re.compile("Décolletage Bouvier")).click()
    for code, level in PEER_LEVELS.items():
        block = main.locator(f"#criterion-{code}")
        block.get_by_label(re.compile(f"^{level} — ")).check()
        block.get_by_label("Comment").fill(f"Constaté en visite ({code})")
    main.get_by_label("Summary for the committee").fill("Équipe ouverte, RSE à structurer.")
    check_accessibility(page)
    main.get_by_role("button", name="Submit the review").click()
    expect(page.get_by_text("Review submitted to the committee.")).to_be_visible()
    page.context.close()

    # 4. The committee sees the gap on C-2 and grants the label with conditions.
    page, main = staff_page, staff_page.get_by_role("main")
    page.goto(assessment_url + "committee/")
    expect(main.locator(".label-gap")).to_have_count(1)
    expect(main.locator(".label-gap")).to_contain_text("C-2")
    main.get_by_label("granted with conditions").check()
    main.get_by_role("textbox", name="Rationale").fill(
        "Démarche de progrès solide ; RSE à formaliser."
    )
    main.get_by_role("textbox", name="Conditions").fill("Document unique mis à jour sous six mois.")
    check_accessibility(page)
    main.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    page.context.close()

    # 5. The company downloads its certificate, agrees to the register, compares itself.
    page = open_as(browser, live_server.url, head)
    main = page.get_by_role("main")
    page.goto(assessment_url)
    expect(main.get_by_text("granted with conditions").first).to_be_visible()
    with page.expect_download() as download:
        main.get_by_role("link", name="Download the certificate (PDF)").click()
    assert download.value.suggested_filename == "label-bouvier.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    main.get_by_label("Show our label in the public register").check()
    main.get_by_role("button", name="Save these choices").click()
    main.get_by_role("link", name="Compare with peers").click()
    expect(main.get_by_role("img")).to_be_visible()
    expect(main.get_by_role("table").first).to_contain_text("2.0")
    expect(main.get_by_text("Not enough companies")).to_have_count(0)
    check_accessibility(page)
    # Four companies of the same size: no median, anywhere on the page.
    main.get_by_label("Compare with companies of").select_option("size")
    main.get_by_role("button", name="Compare").click()
    expect(main.get_by_role("status")).to_contain_text(
        "Not enough companies to compare (at least 5)"
    )
    expect(main.locator("polygon[stroke-dasharray]")).to_have_count(0)
    expect(main.get_by_role("table").first).not_to_contain_text("2.0")
    page.goto(assessment_url + "plan/")
    expect(main.get_by_role("heading", name=re.compile("C-2"))).to_be_visible()
    try:
        import cordee.knowledge.models  # noqa: F401

        expect(main.get_by_role("link", name=re.compile("document unique"))).to_be_visible()
    except ImportError:
        pass
    check_accessibility(page)
    page.context.close()

    # 6. The public register shows the company to a visitor.
    page = open_as(browser, live_server.url, None)
    page.goto("/label/register/")
    expect(
        page.get_by_role("main").get_by_role("row", name=re.compile("Décolletage Bouvier"))
    ).to_be_visible()
    check_accessibility(page)
    page.context.close()
