"""Reference data: the taxonomy every network starts with, the communes shipped with
Cordée and the command that loads communes."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from cordee.network.communes import bundled_communes, read_communes
from cordee.network.demo_data.territories import DEMO_AREAS, REGIONAL_AREAS
from cordee.network.demo_data.words import JOBS, TRADES
from cordee.network.models import Certification, Commune, Organisation, Skill

taxonomy = importlib.import_module("cordee.network.migrations.0002_taxonomy")


def test_the_taxonomy_is_seeded_in_french_and_english(db):
    assert Skill.objects.count() >= 40
    assert not Skill.objects.filter(name_en="").exists()
    assert set(Skill.objects.values_list("family", flat=True)) == set(Skill.Family.values)
    assert set(Certification.objects.values_list("name_fr", flat=True)) >= {
        "ISO 9001",
        "IATF 16949",
        "ISO 14001",
        "EN 9100",
        "ISO 13485",
        "ISO 45001",
        "ISO 50001",
    }
    assert Skill.objects.get(slug="decolletage-poupee-mobile").name_en == "Swiss-type turning"


def test_seeding_the_taxonomy_again_keeps_what_a_network_renamed(db):
    Skill.objects.filter(slug="rectification").update(name_fr="Rectification cylindrique")
    before = Skill.objects.count(), Certification.objects.count()
    taxonomy.seed_taxonomy(apps, None)
    assert (Skill.objects.count(), Certification.objects.count()) == before
    assert Skill.objects.get(slug="rectification").name_fr == "Rectification cylindrique"


def test_the_demo_uses_only_seeded_activities_and_certifications():
    activities = {slug for slug, *_ in taxonomy.SKILLS}
    certifications = {slug for slug, *_ in taxonomy.CERTIFICATIONS}
    for trade in TRADES:
        assert set(trade.activities) <= activities, trade.key
        assert {slug for slug, _ in trade.certifications} <= certifications, trade.key
    assert JOBS


@pytest.mark.parametrize("department", ["74", "73"])
def test_shipped_communes_have_their_departments_codes(department):
    communes = bundled_communes(department)
    assert len(communes) > 250
    assert len({c.insee for c in communes}) == len(communes)
    for commune in communes:
        assert commune.insee.startswith(department), commune
        assert len(commune.postcode) == 5 and commune.postcode.isdigit(), commune
    # Éloise, in Haute-Savoie, is served by the post office of Bellegarde (Ain).
    assert {c.postcode[:2] for c in communes} - {department} <= {"01"}


@pytest.mark.parametrize(
    ("insee", "name", "postcode"),
    [
        ("74081", "Cluses", "74300"),
        ("74264", "Scionzier", "74950"),
        ("74169", "Marnaz", "74460"),
        ("74278", "Thyez", "74300"),
        ("74164", "Marignier", "74970"),
        ("74042", "Bonneville", "74130"),
        ("74159", "Magland", "74300"),
        ("74256", "Sallanches", "74700"),
        ("74208", "Passy", "74190"),
        ("74224", "La Roche-sur-Foron", "74800"),
        ("74010", "Annecy", "74000"),
        ("74281", "Thonon-les-Bains", "74200"),
    ],
)
def test_the_valleys_communes_are_there(insee, name, postcode):
    communes = {c.insee: c for c in bundled_communes("74")}
    assert (communes[insee].name, communes[insee].postcode) == (name, postcode)


def test_every_commune_of_the_demo_is_shipped():
    shipped = {c.insee for department in ("73", "74") for c in bundled_communes(department)}
    for area in (*DEMO_AREAS, *REGIONAL_AREAS):
        assert set(area.communes) <= shipped, area.slug
        assert all(code.startswith(area.department) for code in area.communes), area.slug


def test_a_communes_file_with_mistakes_is_refused_line_by_line():
    text = "insee,name,postcode\n74081,Cluses,74300\n7408,Nowhere,74300\n74081,Twice,7430\n"
    with translation.override("en"), pytest.raises(ValidationError) as error:
        read_communes(text)
    messages = " ".join(error.value.messages)
    assert "line 3" in messages and "line 4" in messages


def test_the_command_loads_a_networks_own_communes(network, tmp_path):
    path = tmp_path / "communes.csv"
    path.write_text(
        "insee,name,postcode,territory\n"
        "74169,Marnaz,74460,arve\n"
        "74225,Rumilly,74150,\n"
        "74081,Cluses,74300,arve\n",
        encoding="utf-8",
    )
    call_command("load_communes", str(path), "--territory", "haute-savoie")
    assert Commune.objects.get(insee="74169").territory == network.arve
    assert Commune.objects.get(insee="74225").territory == network.department
    # Run again with Rumilly in a branch: it moves, and its organisations with it.
    path.write_text("insee,name,postcode,territory\n74225,Rumilly,74150,annecy\n")
    call_command("load_communes", str(path))
    assert Commune.objects.get(insee="74225").territory == network.annecy


def test_moving_a_commune_moves_its_organisations(network, tmp_path):
    path = tmp_path / "communes.csv"
    path.write_text("insee,name,postcode,territory\n74264,Scionzier,74950,chablais\n")
    call_command("load_communes", str(path))
    assert Organisation.objects.get(slug="arvis").territory == network.chablais


def test_the_command_loads_a_shipped_department(network):
    call_command("load_communes", "--department", "74", "--territory", "haute-savoie")
    assert Commune.objects.filter(insee__startswith="74").count() > 250
    assert Commune.objects.get(insee="74081").territory == network.arve  # kept


def test_the_command_names_an_unknown_territory(network):
    with pytest.raises(CommandError, match="no territory"):
        call_command("load_communes", "--department", "74", "--territory", "atlantis")
