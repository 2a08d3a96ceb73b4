"""The mutual-aid issue's journey, each person logging in through the log-in page: the head
of Décolletage Bouvier asks discreetly for help on surface treatment; the platform proposes
the expert of Lacroix Traitements with its reasons, and the asker chooses to ask her; she
is notified, sees why, and answers; the asker accepts the answer as the solution; the Arve
coordinator turns the request into a practice sheet and publishes it; search finds it. No
page, e-mail or data export shows another member who asked."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import make_person
from cordee.knowledge.models import Article
from cordee.mutualaid.models import HelpRequest, Solicitation
from cordee.network.models import Skill
from tests.browser.steps import follow
from tests.browser.test_network_journey import open_as

TITLE = "Cloquage du nickel chimique sur laiton serti"
# What would give the discreet asker away to another member.
SECRETS = ("Bouvier", "head@test.example.org", "Cluses")


def assert_secret_kept(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} appears in {where}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_mutual_aid_journey(
    browser: Browser, live_server, check_accessibility: Callable[[Page], None], settings
) -> None:
    # Notifications and e-mails are written in the site's language (people have none of
    # their own yet): English, like the pages this journey reads.
    settings.LANGUAGE_CODE = "en"
    network = build_test_network()
    # Created here: an earlier transactional test may have emptied the seeded taxonomy.
    Skill.objects.get_or_create(
        slug="traitement-de-surface",
        defaults={
            "name_fr": "Traitement de surface",
            "name_en": "Surface treatment",
            "family": "process",
        },
    )
    head = make_person("head", network)  # Décolletage Bouvier, Cluses (Arve valley)
    expert = make_person("expert", network)  # Lacroix Traitements: "traitement de surface"
    member = make_person("member", network)  # Arvis, Arve valley: another member
    coordinator = make_person("coordinator", network)  # staff of the Arve valley
    mail.outbox.clear()

    # 1. The head asks discreetly.
    page = open_as(browser, live_server.url, head)
    main = page.get_by_role("main")
    page.goto("/mutual-aid/")
    check_accessibility(page)
    follow(page, main.get_by_role("link", name="Ask for help"))
    check_accessibility(page)
    main.get_by_label("Your question, in one sentence").fill(TITLE)
    main.get_by_label("Description").fill(
        "Le dépôt de nickel chimique cloque après sertissage sur 2 % des pièces. "
        "Problème de traitement de surface ou de lavage ?"
    )
    main.get_by_label("Technical themes").select_option(label="Surface treatment")
    main.get_by_label("Ask discreetly").check()
    main.get_by_role("button", name="Post and see who may help").click()

    # 2. The proposed expert is shown with why; the asker chooses to ask her.
    expect(main.get_by_role("heading", name="Who may help")).to_be_visible()
    check_accessibility(page)
    proposed = main.get_by_role("list", name="Why Nadia Benali is proposed")
    expect(proposed).to_contain_text("traitement de surface")
    main.get_by_role("checkbox", name=re.compile("Nadia Benali")).check()
    main.get_by_role("button", name="Ask the people ticked").click()
    expect(page.get_by_text(re.compile("1 person was asked"))).to_be_visible()
    help_request = HelpRequest.objects.get()
    assert help_request.is_discreet
    assert Solicitation.objects.filter(person=expert, notified_at__isnull=False).exists()
    (asked_mail,) = [message for message in mail.outbox if expert.email in message.to]
    assert TITLE in asked_mail.subject
    assert_secret_kept(asked_mail.subject + asked_mail.body, "the e-mail asking the expert")

    # 3. The expert sees why she was asked, not who asks, and answers.
    expert_page = open_as(browser, live_server.url, expert)
    expert_main = expert_page.get_by_role("main")
    expert_page.goto("/notifications/")
    assert_secret_kept(expert_page.content(), "the expert's notifications")
    expert_main.get_by_role("button", name=re.compile("Can you help")).first.click()
    expect(expert_main.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(
        expert_main.get_by_text("You were asked to help on this request because:")
    ).to_be_visible()
    expect(expert_main.get_by_text("Discreet request: who asks is not shown")).to_be_visible()
    check_accessibility(expert_page)
    assert_secret_kept(expert_page.content(), "the request page, for the expert")
    expert_main.get_by_label("Your answer").fill(
        "Un test aux encres de mouillabilité en sortie de lavage, et un décapage plus long "
        "chez le traiteur : c'est l'activation."
    )
    expert_main.get_by_role("button", name="Send the answer").click()
    expect(expert_main.get_by_text("c'est l'activation")).to_be_visible()

    # 4. The asker accepts the answer as the solution.
    page.goto(help_request.get_absolute_url())
    main.get_by_role("button", name="This solved my problem").click()
    expect(page.get_by_text(re.compile("Marked as the solution"))).to_be_visible()
    expect(main.get_by_text("Solution", exact=True)).to_be_visible()
    check_accessibility(page)

    # 5. The Arve coordinator turns it into a practice sheet and publishes it.
    staff_page = open_as(browser, live_server.url, coordinator)
    staff_main = staff_page.get_by_role("main")
    staff_page.goto("/mutual-aid/follow-up/")
    check_accessibility(staff_page)
    # The staff of the asker's territory know who asks.
    expect(staff_main.get_by_text(re.compile("Décolletage Bouvier"))).to_be_visible()
    staff_main.get_by_role("button", name=re.compile("Make it a practice sheet")).click()
    expect(staff_page.get_by_text(re.compile("A draft practice sheet is made"))).to_be_visible()
    article = Article.objects.get()
    assert list(article.authors.all()) == [expert]
    assert article.organisation is None
    staff_main.get_by_label("Status").select_option(value="published")
    staff_main.get_by_role("button", name="Save").click()
    expect(staff_page.get_by_text("Your changes are saved as a new revision.")).to_be_visible()

    # 6. Another member: search finds the sheet; nothing shows who asked.
    member_page = open_as(browser, live_server.url, member)
    member_main = member_page.get_by_role("main")
    member_page.goto("/search/?q=mouillabilité")
    expect(member_main.get_by_role("link", name=re.compile("Cloquage du nickel"))).to_have_count(2)
    check_accessibility(member_page)
    seen = {"search": member_page.content()}
    for name, url in {
        "the list": "/mutual-aid/",
        "the request": help_request.get_absolute_url(),
        "the practice sheet": article.get_absolute_url(),
        "its revisions": f"/knowledge/{article.slug}/revisions/",
        "the notifications": "/notifications/",
    }.items():
        member_page.goto(url)
        seen[name] = member_page.content()
    member_page.goto(help_request.get_absolute_url())
    check_accessibility(member_page)
    for name, content in seen.items():
        assert_secret_kept(content, name)
    for person, person_page in ((member, member_page), (expert, expert_page)):
        export = person_page.request.get("/profile/my-data.json")
        assert export.ok
        assert "mutual_aid" in json.loads(export.text())
        assert_secret_kept(export.text(), f"the data export of {person.email}")
    for message in mail.outbox:
        if head.email not in message.to:
            assert_secret_kept(message.subject + message.body, f"an e-mail to {message.to}")
