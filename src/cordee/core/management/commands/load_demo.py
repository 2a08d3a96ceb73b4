from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cordee.accounts import demo
from cordee.consultations.demo import load_consultations_demo
from cordee.decisions.demo import load_decisions_demo
from cordee.exchange.demo import load_exchange_demo
from cordee.governance.demo import load_governance_demo
from cordee.knowledge.demo import load_articles
from cordee.label.demo import load_label_demo
from cordee.meetings.demo import load_meetings_demo
from cordee.mutualaid.demo import load_mutualaid_demo
from cordee.network.demo import DEMO, DemoConflict, load_demo, scale_named
from cordee.texts.demo import load_texts_demo
from cordee.voting.demo import load_vote_demo


class Command(BaseCommand):
    help = (
        "Load the demo network and its accounts. Safe to run again: when the demo is "
        "there, nothing changes. --scale regional builds a network for benchmarks instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--print-logins", action="store_true", help="Only print where and how to log in."
        )
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="The demo's address.")
        parser.add_argument(
            "--scale",
            default=DEMO.name,
            help="demo (about 320 companies, the default), regional (10 territories, 5,000 "
            "companies, 30,000 people) or a number of companies.",
        )

    def handle(self, *args: Any, print_logins: bool, url: str, scale: str, **options: Any) -> None:
        if print_logins:
            self._print_logins(url)
            return
        if settings.PRODUCTION:
            raise CommandError(
                "The demo creates accounts with a published password: it is not loaded in "
                "production. Run it with CORDEE_ENV=demo (./cordee demo)."
            )
        try:
            size = scale_named(scale)
        except ValueError as error:
            raise CommandError(str(error)) from None
        try:
            result = load_demo(size)
        except DemoConflict as error:
            raise CommandError(str(error)) from None
        if size.name == DEMO.name:
            articles = load_articles()
            if articles.created:
                self.stdout.write(
                    f"Demo knowledge base loaded in {articles.seconds:.1f} s: "
                    f"{articles.created} articles."
                )
            if load_vote_demo():
                self.stdout.write("Demo general assembly vote opened, with one proxy.")
            load_label_demo()
            load_mutualaid_demo()
            load_exchange_demo()
            load_governance_demo()
            load_meetings_demo()
            load_consultations_demo()
            load_texts_demo()
            load_decisions_demo()
        if not result.created:
            self.stdout.write(
                "Demo network already loaded: nothing to do"
                + (
                    f" but {result.accounts_created} missing demo accounts."
                    if result.accounts_created
                    else "."
                )
            )
            return
        self.stdout.write(
            f"Demo network ({size.name}) loaded in {result.seconds:.1f} s: "
            f"{result.organisations:,} organisations, {result.people:,} people, "
            f"{result.memberships:,} memberships, {result.accounts_created} demo accounts."
        )

    def _print_logins(self, url: str) -> None:
        width = max(len(account.email) for account in demo.DEMO_ACCOUNTS)
        lines = [
            "",
            self.style.SUCCESS(f"Cordée is running: {url}"),
            f"Log in at {url}accounts/login/ with one of these accounts",
            f"(password for all: {demo.DEMO_PASSWORD}):",
            "",
        ]
        lines += [
            f"  {account.email.ljust(width)}  {account.role}" for account in demo.DEMO_ACCOUNTS
        ]
        lines += [
            "",
            f"To try the archive import, log in as staff and open {url}knowledge/archive/:",
            '"Use the sample archive" imports the documents of an old network.',
        ]
        lines.append("")
        self.stdout.write("\n".join(lines))
