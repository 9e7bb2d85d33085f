# People declare their pictures themselves, on the table images/0001 made for
# them (images/0003 removes the field there): no SQL.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0003_pictures_declared_by_entries"),
        ("people", "0004_interface_labels_translatable"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="person",
                    name="images",
                    field=models.ManyToManyField(
                        blank=True,
                        db_table="images_image_people",
                        related_name="people",
                        to="images.image",
                        verbose_name="images",
                    ),
                ),
            ],
        ),
    ]
