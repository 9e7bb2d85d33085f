from django.contrib import admin

from history.admin import WikiVersionAdmin
from images.admin import image_inline
from wikitext.editor import WikitextAdminMixin

from .models import Venue


@admin.register(Venue)
class VenueAdmin(WikitextAdminMixin, WikiVersionAdmin):
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("shows", "sources")
    inlines = (image_inline(Venue),)
