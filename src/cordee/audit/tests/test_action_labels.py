"""Every action the code records has a label people can read in the audit log."""

import re
from pathlib import Path

from django.urls import get_resolver

import cordee
from cordee.audit.models import ACTION_LABELS

RECORDED = re.compile(r'action=(?:"([a-z_]+\.[a-z_]+)")(?:\s+if\s.*?else\s+"([a-z_]+\.[a-z_]+)")?')


def recorded_actions() -> set[str]:
    actions = set()
    for path in Path(cordee.__file__).parent.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for match in RECORDED.finditer(path.read_text(encoding="utf-8")):
            actions.update(name for name in match.groups() if name)
    return actions


def test_every_recorded_action_has_a_label():
    # Importing the URLs loads the apps' views and services, which register their labels.
    assert get_resolver().url_patterns
    missing = sorted(recorded_actions() - set(ACTION_LABELS))
    assert not missing, f"Add these to ACTION_LABELS (see network/memberships.py): {missing}"
