"""Staff import the sample archive of an old network, watch its progress, then read the report."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import make_person
from cordee.knowledge.models import ArchiveImport, Article, ArticleStatus


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
            },
            {"name": "django_language", "value": "en", "url": page.url.removesuffix("health/")},
        ]
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_import_the_sample_archive_and_read_what_was_skipped_and_why(
    page: Page, check_accessibility: Callable[[Page], None]
) -> None:
    network = build_test_network()
    staff = make_person("staff", network)
    log_in(page, staff)
    main = page.get_by_role("main")
    # The demo offers its sample archive; the tests run each task at once.
    settings.ENVIRONMENT = "demo"
    try:
        # 1. From the menu to the import page.
        page.goto("/")
        page.get_by_role("banner").get_by_role("link", name="Archive import").click()
        expect(main.get_by_role("heading", level=1)).to_have_text("Import an archive")
        check_accessibility(page)

        # 2. The sample archive: its progress, then its report.
        main.get_by_role("button", name="Use the sample archive").click()
        expect(page).to_have_url(re.compile(r"/knowledge/archive/[0-9a-f-]{36}/$"))
        status = main.get_by_role("status")
        expect(status).to_contain_text("18 of 18 files processed: 12 imported, 6 skipped.")
        progress = main.get_by_role("progressbar", name="Files processed")
        expect(progress).to_have_attribute("value", "18")
        check_accessibility(page)

        # 3. Only the skipped files, each with why and what to do.
        main.get_by_role("link", name="Skipped (6)").click()
        report = main.get_by_role("table")
        expect(report.get_by_role("row")).to_have_count(7)
        expect(report).to_contain_text("Skipped: duplicate")
        expect(report).to_contain_text("Skipped: damaged file")
        expect(report).to_contain_text("Skipped: protected by a password")
        expect(report).to_contain_text("An archive inside the archive is not opened")
        check_accessibility(page)
    finally:
        settings.ENVIRONMENT = "test"

    archive_import = ArchiveImport.objects.get()
    assert archive_import.status == ArchiveImport.Status.DONE
    drafts = Article.objects.filter(source_path__gt="")
    assert drafts.count() == 12
    assert set(drafts.values_list("status", flat=True)) == {ArticleStatus.DRAFT}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_follows_the_worker_until_the_import_is_finished(
    page: Page, check_accessibility: Callable[[Page], None]
) -> None:
    network = build_test_network()
    staff = make_person("staff", network)
    archive_import = ArchiveImport.objects.create(
        created_by=staff,
        source=ArchiveImport.Source.UPLOAD,
        original_name="archives-mbi.zip",
        status=ArchiveImport.Status.RUNNING,
        total=20,
    )
    log_in(page, staff)
    main = page.get_by_role("main")
    page.goto(archive_import.get_absolute_url())
    expect(main.get_by_role("status")).to_contain_text("0 of 20 files processed")
    check_accessibility(page)
    # The worker finishes: htmx polls, sees it, and reloads the page with the report.
    ArchiveImport.objects.filter(pk=archive_import.pk).update(status=ArchiveImport.Status.DONE)
    expect(main.get_by_role("status")).to_contain_text("Import finished", timeout=8_000)
    expect(main.get_by_role("button", name="Resume the import")).to_have_count(0)
