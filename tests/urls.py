"""The site's addresses, and those of the test-only kind of entry (tests/settings.py)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from etoile_wiki.urls import handler400, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]

urlpatterns = [
    *i18n_patterns(path("venues/", include("tests.kinds.urls")), prefix_default_language=False),
    *urlpatterns,
]
