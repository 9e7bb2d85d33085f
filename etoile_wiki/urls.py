from django.contrib import admin
from django.urls import include, path, register_converter

from etoile_wiki.converters import UnicodeSlugConverter

# Registered once, here, before the apps' URLconfs that use it are included.
register_converter(UnicodeSlugConverter, "wslug")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("people/", include("people.urls")),
    path("", include("history.urls")),
    path("", include("shows.urls")),
]

handler404 = "shows.views.errors.page_not_found"
