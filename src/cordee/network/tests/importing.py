"""Helpers for the import and export tests: member lists made in memory."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from cordee.network.identifiers import make_siret
from cordee.network.spreadsheets import MEMBER_COLUMNS

HEADERS = [column.header for column in MEMBER_COLUMNS]
NEW_SIRET = make_siret(74100001)
OTHER_SIRET = make_siret(74100002)


@pytest.fixture
def english(settings):
    """Messages in English (the source language), whatever the catalogues say."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def company(**values: object) -> dict[str, object]:
    """A valid row of a new company in Cluses, with its head and a 2026-style membership."""
    row: dict[str, object] = {
        "Raison sociale": "Décolletage Nouveau",
        "SIRET": NEW_SIRET,
        "Code NAF": "25.62A",
        "Effectif": "42",
        "Adresse": "3 rue du Décolletage",
        "Code postal": "74300",
        "Commune": "Cluses",
        "Nom": "Nouveau",
        "Prénom": "Léa",
        "E-mail": "lea.nouveau@example.org",
        "Fonction": "Dirigeante",
        "Dirigeant": "oui",
    }
    row.update(values)
    return row


def csv_bytes(
    rows: Iterable[dict[str, object]],
    *,
    headers: Sequence[str] = HEADERS,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> bytes:
    lines = [delimiter.join(headers)]
    for row in rows:
        lines.append(delimiter.join(str(row.get(header, "")) for header in headers))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows: Iterable[dict[str, object]], *, headers: Sequence[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def upload(client: Client, content: bytes, name: str = "membres.csv"):
    """Post a file to the import page; returns the response (followed to the preview)."""
    return client.post(
        reverse("network:import"),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )
