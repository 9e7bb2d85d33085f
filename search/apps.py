from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class SearchConfig(AppConfig):
    name = "search"
    # With a context: Django's admin catalog has "Search" as the button's verb.
    verbose_name = pgettext_lazy("the app's name", "Search")

    def ready(self):
        from . import indexing

        indexing.join_pipeline()
