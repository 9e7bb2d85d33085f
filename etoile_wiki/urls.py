from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, register_converter

from website import sitemaps
from website.robots import robots_txt
from wiki.converters import UnicodeSlugConverter

# Registered once, here, before the apps' URLconfs that use it are included.
register_converter(UnicodeSlugConverter, "wslug")

# For machines, in no language: the same for every reader.
urlpatterns = [
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.index, name="sitemap_index"),
    path("sitemap-<str:section>.xml", sitemaps.section, name="sitemap_section"),
    # The JSON API, in English: its address says its version, never a language.
    path("api/", include("api.urls")),
]

# Readers' and editors' pages, in English at their plain address and in French
# under /fr/: the address alone says the language, so links keep it and a cached
# page never depends on a browser's Accept-Language.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("people/", include("shows.people_urls")),
    path("images/", include("images.urls")),
    path("wiki/", include("wikitext.urls")),
    path("search/", include("search.urls")),
    path("", include("history.urls")),
    path("", include("website.urls")),
    path("", include("shows.urls")),
    prefix_default_language=False,
)

# Uploaded images are served by images.media.MediaMiddleware (SERVE_MEDIA), in
# development and production alike, or by the object store.

handler400 = "website.views.errors.bad_request"
handler404 = "website.views.errors.page_not_found"
handler500 = "website.views.errors.server_error"
