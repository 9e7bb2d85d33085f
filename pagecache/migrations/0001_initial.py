from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("pagecache", "ContentGeneration").objects.using(
        schema_editor.connection.alias
    ).get_or_create(pk=1)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ContentGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "content generation"},
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
