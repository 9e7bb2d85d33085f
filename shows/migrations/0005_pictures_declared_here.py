# Each kind of entry that has pictures declares the field itself, on the table
# images/0001 made for it (images/0003 removes the field there): no SQL.

from django.db import migrations, models


def pictures(related_name):
    return models.ManyToManyField(
        blank=True,
        db_table=f"images_image_{related_name}",
        related_name=related_name,
        to="images.image",
        verbose_name="images",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0003_pictures_declared_by_entries"),
        ("shows", "0004_interface_labels_translatable"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(model_name="show", name="images", field=pictures("shows")),
                migrations.AddField(model_name="season", name="images", field=pictures("seasons")),
                migrations.AddField(
                    model_name="character", name="images", field=pictures("characters")
                ),
                migrations.AddField(
                    model_name="newsevent", name="images", field=pictures("news_events")
                ),
            ],
        ),
    ]
