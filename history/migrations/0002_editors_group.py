"""
The "Editors" group: may change wiki content, not users or groups.

Permissions are created after all migrations by default, so they are created
here first; the group then gets add, change, delete and view on every wiki
entity, and view on deletions (to recover them).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WIKI_MODELS = {
    "people": ["person", "actor"],
    "shows": [
        "show",
        "season",
        "episode",
        "character",
        "casting",
        "credit",
        "organisation",
        "position",
        "membership",
        "newsevent",
        "source",
    ],
}
ACTIONS = ("add", "change", "delete", "view")


def create_editors(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [
        f"{action}_{model}" for models in WIKI_MODELS.values() for model in models
        for action in ACTIONS
    ]
    permissions = list(
        Permission.objects.filter(
            content_type__app_label__in=WIKI_MODELS, codename__in=codenames
        )
    ) + list(
        Permission.objects.filter(content_type__app_label="history", codename="view_deletion")
    )
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*permissions)


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("people", "0002_initial"),
        ("shows", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
