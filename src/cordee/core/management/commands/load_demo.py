from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cordee.accounts import demo


class Command(BaseCommand):
    help = "Load the demo network (safe to run again: what exists is kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--print-logins", action="store_true", help="Only print where and how to log in."
        )
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="The demo's address.")

    def handle(self, *args: Any, print_logins: bool, url: str, **options: Any) -> None:
        if print_logins:
            self._print_logins(url)
            return
        created = demo.load_accounts()
        self.stdout.write(
            f"Demo accounts: {created} created, {len(demo.DEMO_ACCOUNTS) - created} kept."
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
        lines.append("")
        self.stdout.write("\n".join(lines))
