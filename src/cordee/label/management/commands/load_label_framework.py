from typing import Any

from django.core.management.base import BaseCommand

from cordee.label.demo import load_framework


class Command(BaseCommand):
    help = (
        "Load the network's label framework (31 criteria, version 1). Safe in production "
        "and safe to run again: an existing framework is left as it is."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        framework = load_framework()
        self.stdout.write(f"{framework}: {framework.criteria.count()} criteria.")
