"""
Stored renderings were made before quoted citations (`[@key: "passage"]`) were
markup: one holding such text shows it as plain words, and the same text would
render otherwise now. Pages make each rendering again when next read.
"""

from django.db import migrations


def forget_renderings(apps, schema_editor):
    apps.get_model("wikitext", "Rendering").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wikitext", "0002_interface_labels_translatable"),
    ]

    operations = [
        migrations.RunPython(forget_renderings, migrations.RunPython.noop),
    ]
