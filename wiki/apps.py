from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class WikiConfig(AppConfig):
    """
    The wiki's core: what a wiki entry is, and the one pipeline every write goes through.

    First in INSTALLED_APPS: its ready() reads every app's `entries` module, so
    the registry is whole before any other app's ready() (the admin's
    autodiscovery, history, wikitext, search) reads it.
    """

    name = "wiki"
    verbose_name = _("Wiki")

    def ready(self):
        from . import changes, join_names, registry, text

        autodiscover_modules("entries")
        registry.close()
        for entry in registry.entries():
            text.guard_text_fields(entry.model)
        changes.connect()
        join_names.name_joins()
