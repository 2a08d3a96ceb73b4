"""Consultations for tests, the matrix and the benchmark."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cordee.consultations.models import Consultation
from cordee.consultations.services import consultation_open, consultation_save
from cordee.network.scopes import Scope


def make_consultation(
    by,
    *,
    title: str = "Feuille de route 2027",
    publish: bool = True,
    announce: bool = True,
    **fields,
) -> Consultation:
    now = timezone.now()
    fields.setdefault("scope", Scope.NETWORK)
    consultation = consultation_save(
        consultation=Consultation(
            title=title,
            summary="Quelles priorités pour le réseau en 2027 ?",
            body="## Contexte\n\nLe réseau prépare sa **feuille de route**.",
            contributions_until=now + timedelta(days=14),
            coconstruction_until=now + timedelta(days=28),
            **fields,
        ),
        by=by,
    )
    if publish:
        consultation = consultation_open(consultation=consultation, by=by, announce=announce)
    return consultation
