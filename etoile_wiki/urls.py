from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, register_converter

from etoile_wiki.converters import UnicodeSlugConverter

# Registered once, here, before the apps' URLconfs that use it are included.
register_converter(UnicodeSlugConverter, "wslug")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("people/", include("people.urls")),
    path("images/", include("images.urls")),
    path("wiki/", include("wikitext.urls")),
    path("search/", include("search.urls")),
    path("", include("history.urls")),
    path("", include("shows.urls")),
]

# Uploaded images, in development only (static() adds nothing unless DEBUG is
# on); in production the web server or the object store serves MEDIA_URL.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "shows.views.errors.page_not_found"
handler500 = "etoile_wiki.errors.server_error"
