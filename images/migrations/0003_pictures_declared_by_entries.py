# The many-to-many fields between pictures and entries move to the entries'
# own models (`images = pictures(...)` in shows and people), so that this app
# names no kind of entry. The tables stay as they are: state only, no SQL.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0002_interface_labels_translatable"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="image", name=name)
                for name in ("shows", "seasons", "characters", "people", "news_events")
            ],
        ),
    ]
