"""A small network for tests: one region, one department, three branches,
a few member organisations (one of them lapsed)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from cordee.network.identifiers import make_siret
from cordee.network.models import (
    Commune,
    Membership,
    MembershipTier,
    Organisation,
    SizeBand,
    Territory,
)

# Valid fictional SIRETs (they pass the Luhn check).
SIRETS = {
    "bouvier": make_siret(74000001),
    "arvis": make_siret(74000002),
    "lacroix": make_siret(74000003),
    "dormant": make_siret(74000004),
}


def _territory(name: str, slug: str, kind: str, parent: Territory | None = None) -> Territory:
    return Territory.objects.create(name=name, slug=slug, kind=kind, parent=parent)


def build_test_network() -> SimpleNamespace:
    region = _territory("Auvergne-Rhône-Alpes", "aura", Territory.Kind.REGION)
    department = _territory("Haute-Savoie", "haute-savoie", Territory.Kind.DEPARTMENT, region)
    arve = _territory("Vallée de l'Arve", "arve", Territory.Kind.BRANCH, department)
    annecy = _territory("Bassin annécien", "annecy", Territory.Kind.BRANCH, department)
    chablais = _territory("Chablais", "chablais", Territory.Kind.BRANCH, department)
    cluses = Commune.objects.create(insee="74081", name="Cluses", postcode="74300", territory=arve)
    scionzier = Commune.objects.create(
        insee="74264", name="Scionzier", postcode="74950", territory=arve
    )
    annecy_commune = Commune.objects.create(
        insee="74010", name="Annecy", postcode="74000", territory=annecy
    )
    thonon = Commune.objects.create(
        insee="74281", name="Thonon-les-Bains", postcode="74200", territory=chablais
    )
    tier = MembershipTier.objects.create(name="PME", amount=Decimal("600.00"))

    def organisation(key: str, name: str, commune: Commune, status: str) -> Organisation:
        org = Organisation.objects.create(
            slug=key,
            legal_name=name,
            siren=SIRETS[key][:9],
            siret=SIRETS[key],
            naf_code="25.62A",
            size_band=SizeBand.SMALL,
            headcount=35,
            commune=commune,
        )
        year = timezone.localdate().year
        Membership.objects.create(
            organisation=org,
            year=year,
            tier=tier,
            amount=tier.amount,
            status=status,
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
        )
        return org

    return SimpleNamespace(
        region=region,
        department=department,
        arve=arve,
        annecy=annecy,
        chablais=chablais,
        cluses=cluses,
        scionzier=scionzier,
        annecy_commune=annecy_commune,
        thonon=thonon,
        tier=tier,
        bouvier=organisation("bouvier", "Décolletage Bouvier", cluses, Membership.Status.PAID),
        arvis=organisation("arvis", "Arvis Usinage", scionzier, Membership.Status.INVOICED),
        lacroix=organisation(
            "lacroix", "Lacroix Traitements", annecy_commune, Membership.Status.PAID
        ),
        dormant=organisation("dormant", "Mécanique Dormante", thonon, Membership.Status.LAPSED),
    )
