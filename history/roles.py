"""
The Editors group keeps every permission on every kind of wiki entry.

Migration history/0002 made the group with the kinds that existed then, from a
list; pictures came later (images/), and on a fresh install their permissions
did not even exist when that migration ran (Django makes permissions after
all migrations), so Editors could not touch an image and sites had to hand out
superuser. Rather than another list to keep in step, the kinds are learned
from the entry registry after every `migrate`, fresh install or upgrade alike:
each app's entry models (proxies such as Actor included, which have
permissions of their own) get all their permissions granted to Editors, and
recovering deletions stays theirs. Granting what the group already has
changes nothing, so running it again is harmless.
"""

from django.apps import apps as global_apps
from django.db.models import Q
from django.db.models.signals import post_migrate

from wiki import registry

EDITORS = "Editors"
# Editors recover deletions through the admin's action on this list.
EXTRA = {"history": ("view_deletion",)}


def entry_models(app_config):
    """The app's models that are wiki entries, or proxies of one."""
    return [model for model in app_config.get_models() if registry.is_entry(model)]


def grant_editors(sender, app_config, using="default", apps=global_apps, **kwargs):
    """
    After `migrate` made this app's permissions (auth's receiver runs first), grant them.
    `flush` (a transactional test's teardown) sends the signal without `apps`.
    """
    names = [model._meta.model_name for model in entry_models(app_config)]
    extra = EXTRA.get(app_config.label, ())
    if not names and not extra:
        return
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:  # auth is not migrated (yet): nothing to grant to.
        return
    wanted = Permission.objects.using(using).filter(
        Q(content_type__model__in=names) | Q(codename__in=extra),
        content_type__app_label=app_config.label,
    )
    editors, _created = Group.objects.using(using).get_or_create(name=EDITORS)
    editors.permissions.add(*wanted)


def connect():
    # Without a sender: every app's signal, each after its own permissions exist.
    post_migrate.connect(grant_editors, dispatch_uid="history.roles.grant_editors")
