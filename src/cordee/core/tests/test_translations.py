"""French is the default language: every message must have its translation."""

import re
from pathlib import Path

import cordee

LOCALE = Path(cordee.__file__).parent / "locale"


def entries(po_file: Path) -> list[str]:
    return [block for block in po_file.read_text().split("\n\n") if "msgid" in block]


def test_every_message_is_translated_into_french():
    problems = []
    for block in entries(LOCALE / "fr" / "LC_MESSAGES" / "django.po")[1:]:
        msgid = re.search(r'msgid ((?:".*"\n?)+)', block).group(1)
        if "#, fuzzy" in block or "fuzzy," in block:
            problems.append(f"fuzzy: {msgid}")
        for msgstr in re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n?)+)', block):
            if msgstr.strip() == '""':
                problems.append(f"untranslated: {msgid}")
    assert not problems, "\n".join(problems)


def test_compiled_catalogues_are_shipped():
    for language in ("fr", "en"):
        po = LOCALE / language / "LC_MESSAGES" / "django.po"
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"run: ./cordee manage compilemessages ({mo} is missing)"
