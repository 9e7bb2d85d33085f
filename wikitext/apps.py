from django.apps import AppConfig


class WikitextConfig(AppConfig):
    name = "wikitext"
    verbose_name = "Wiki text"

    def ready(self):
        from . import indexing

        indexing.connect()
