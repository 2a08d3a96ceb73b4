"""The taxonomy every network starts with: the activities and skills of a
bar-turning valley, and the certifications its companies hold.

A frozen copy (later additions go in later migrations). Safe to run on a
database that already has some of them: an item whose slug or French name
is taken is left as it is, so nothing a network renamed is overwritten.
"""

from django.db import migrations

# (slug, French name, English name, family)
SKILLS = [
    # Processes
    ("decolletage", "Décolletage", "Bar turning", "process"),
    ("decolletage-multibroches", "Décolletage multibroches", "Multi-spindle bar turning", "process"),
    ("decolletage-poupee-mobile", "Décolletage à poupée mobile", "Swiss-type turning", "process"),
    ("tournage-cn", "Tournage CN", "CNC turning", "process"),
    ("fraisage-5-axes", "Fraisage 5 axes", "5-axis milling", "process"),
    ("usinage-de-precision", "Usinage de précision", "Precision machining", "process"),
    ("rectification", "Rectification", "Grinding", "process"),
    ("electroerosion", "Électroérosion", "Electrical discharge machining (EDM)", "process"),
    ("taillage-engrenages", "Taillage d'engrenages", "Gear cutting", "process"),
    ("roulage-filetage", "Roulage et filetage", "Thread rolling", "process"),
    ("ebavurage", "Ébavurage", "Deburring", "process"),
    ("lavage-degraissage", "Lavage et dégraissage", "Industrial washing and degreasing", "process"),
    ("traitement-de-surface", "Traitement de surface", "Surface treatment", "process"),
    ("traitement-thermique", "Traitement thermique", "Heat treatment", "process"),
    ("decoupage-emboutissage", "Découpage et emboutissage", "Stamping and deep drawing", "process"),
    ("soudage", "Soudage", "Welding", "process"),
    ("injection-plastique", "Injection plastique", "Plastic injection moulding", "process"),
    ("outillage-moules", "Outillage et moules", "Tooling and moulds", "process"),
    ("assemblage", "Assemblage", "Assembly", "process"),
    # Technologies
    ("mecatronique", "Mécatronique", "Mechatronics", "technology"),
    ("metrologie", "Métrologie", "Metrology", "technology"),
    ("controle-qualite", "Contrôle qualité", "Quality control", "technology"),
    ("industrie-4-0", "Industrie 4.0 et usine connectée", "Industry 4.0 and connected factory", "technology"),
    ("robotique", "Robotique et automatisation", "Robotics and automation", "technology"),
    ("cao-fao", "CAO et FAO", "CAD and CAM", "technology"),
    ("fabrication-additive", "Fabrication additive", "Additive manufacturing", "technology"),
    ("maintenance-industrielle", "Maintenance industrielle", "Industrial maintenance", "technology"),
    ("vision-industrielle", "Vision industrielle", "Machine vision", "technology"),
    # Management
    ("lean-manufacturing", "Lean manufacturing", "Lean manufacturing", "management"),
    ("amelioration-continue", "Amélioration continue", "Continuous improvement", "management"),
    ("rse", "RSE", "Corporate social responsibility (CSR)", "management"),
    ("transition-energetique", "Transition énergétique", "Energy transition", "management"),
    ("sante-securite", "Santé et sécurité au travail", "Occupational health and safety", "management"),
    ("management", "Management d'équipe", "Team management", "management"),
    ("ressources-humaines", "Ressources humaines", "Human resources", "management"),
    ("formation", "Formation et compétences", "Training and skills", "management"),
    ("pilotage-strategique", "Pilotage stratégique", "Strategic steering", "management"),
    ("innovation", "Innovation", "Innovation", "management"),
    ("achats-supply-chain", "Achats et supply chain", "Purchasing and supply chain", "management"),
    ("export", "Export et international", "Export and international", "management"),
    ("transmission-entreprise", "Transmission d'entreprise", "Business succession", "management"),
]

# (slug, French name, English name)
CERTIFICATIONS = [
    ("iso-9001", "ISO 9001", "ISO 9001"),
    ("iatf-16949", "IATF 16949", "IATF 16949"),
    ("iso-14001", "ISO 14001", "ISO 14001"),
    ("en-9100", "EN 9100", "EN 9100"),
    ("iso-13485", "ISO 13485", "ISO 13485"),
    ("iso-45001", "ISO 45001", "ISO 45001"),
    ("iso-50001", "ISO 50001", "ISO 50001"),
    ("iso-27001", "ISO/IEC 27001", "ISO/IEC 27001"),
]


def _missing(model, rows):
    """The rows whose slug and French name are both free."""
    taken = set()
    for slug, name_fr in model.objects.values_list("slug", "name_fr"):
        taken.update((slug, name_fr))
    return [row for row in rows if row[0] not in taken and row[1] not in taken]


def seed_taxonomy(apps, schema_editor):
    Skill = apps.get_model("network", "Skill")
    Certification = apps.get_model("network", "Certification")
    Skill.objects.bulk_create(
        Skill(slug=slug, name_fr=name_fr, name_en=name_en, family=family)
        for slug, name_fr, name_en, family in _missing(Skill, SKILLS)
    )
    Certification.objects.bulk_create(
        Certification(slug=slug, name_fr=name_fr, name_en=name_en)
        for slug, name_fr, name_en in _missing(Certification, CERTIFICATIONS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
    ]

    # Going back keeps the items: organisations may refer to them.
    operations = [migrations.RunPython(seed_taxonomy, migrations.RunPython.noop)]
