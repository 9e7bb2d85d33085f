from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WikitextConfig(AppConfig):
    name = "wikitext"
    verbose_name = _("Wiki text")

    def ready(self):
        from . import indexing

        indexing.join_pipeline()
