from django.db import migrations

PILLARS = [
    ("innovation", "Innovation", "Innovation"),
    ("rse", "Responsabilité sociétale (RSE)", "Corporate social responsibility (CSR)"),
    ("management", "Management", "Management"),
    ("pilotage-strategique", "Pilotage stratégique", "Strategic steering"),
]


def add_pillars(apps, schema_editor):
    Theme = apps.get_model("knowledge", "Theme")
    for slug, name_fr, name_en in PILLARS:
        if not Theme.objects.filter(slug=slug).exists():
            Theme.objects.create(slug=slug, name_fr=name_fr, name_en=name_en, is_pillar=True)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(add_pillars, migrations.RunPython.noop)]
