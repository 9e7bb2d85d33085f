"""
The admin for images, and the images inline of every entry that can have them.

`ImageAdmin` is a wiki admin like the others (history, edit summary, refused
stale saves); what a picture shows is one autocomplete per kind of entry that
has pictures, found by the field it declares (`pictures()`), so this app names
none. Each entry's admin adds `image_inline(Model)` to its inlines. Every page
that can store a file deletes it again if its save fails.
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from history.admin import WikiVersionAdmin

from .admin_forms import EntityImageForm, EntityImageFormSet, ImageForm
from .fields import discard_on_failure
from .models import Image, depicted_relations


def thumbnail(image, width=120):
    """A small `<img>` of a held picture for admin lists, or a note that there is none."""
    if image is None or not image.is_held:
        return format_html('<span class="help">{}</span>', gettext("no file (photo not held)"))
    shown = image.display(320)
    height = round(shown.height * width / shown.width)
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}">', shown.url, width, height, image.alt
    )


class DiscardFilesOnFailure:
    """Admin mixin: files stored by a save that then fails are deleted with it."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with discard_on_failure():
            return super().changeform_view(request, object_id, form_url, extra_context)


class HeldFilter(admin.SimpleListFilter):
    title = _("file")
    parameter_name = "held"

    def lookups(self, request, model_admin):
        return (("yes", pgettext_lazy("a picture's file", "Held")), ("no", _("Not held")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.held()
        if self.value() == "no":
            return queryset.filter(file="")
        return queryset


class _PictureSide:
    """
    A picture's side of an entry's `pictures()` field (a reverse relation), as
    the autocomplete view reads a source field: it limits no choices.
    """

    def __init__(self, relation):
        self._relation = relation

    def __getattr__(self, name):
        return getattr(self._relation, name)

    def get_limit_choices_to(self):
        return {}


class DepictsAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete for what a picture shows (admin_forms.DepictsAutocomplete)."""

    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        return term, model_admin, _PictureSide(source_field), to_field_name


@admin.register(Image)
class ImageAdmin(DiscardFilesOnFailure, WikiVersionAdmin):
    list_display = ("preview_small", "__str__", "credit", "position", "held", "updated")
    list_display_links = ("preview_small", "__str__")
    list_filter = (HeldFilter, "credit")
    search_fields = ("alt", "caption", "credit", "slug")
    prepopulated_fields = {"slug": ("alt",)}
    form = ImageForm
    autocomplete_fields = ("sources",)
    readonly_fields = ("preview", "size")
    fieldsets = (
        (None, {"fields": ("file", "preview", "size", "alt", "caption", "credit")}),
        (
            _("Shown on"),
            {
                "fields": (*depicted_relations(), "position", "depicted_base"),
                "description": _(
                    "The pages whose gallery shows this picture. On each, the "
                    "first picture with a file (lowest position) leads, in the infobox."
                ),
            },
        ),
        (None, {"fields": ("slug", "sources")}),
    )

    def get_urls(self):
        view = DepictsAutocompleteJsonView.as_view(admin_site=self.admin_site)
        return [
            path(
                "depicts-autocomplete/",
                self.admin_site.admin_view(view),
                name="images_image_depicts_autocomplete",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("picture"))
    def preview_small(self, image):
        return thumbnail(image, width=80)

    @admin.display(description=_("preview"))
    def preview(self, image):
        return thumbnail(image, width=320)

    @admin.display(description=_("size"))
    def size(self, image):
        if not image.is_held:
            return "—"
        if not image.thumbnail_widths:
            return gettext(
                "%(width)s by %(height)s pixels; thumbnails none (already small) pixels wide"
            ) % {"width": image.width, "height": image.height}
        widths = ", ".join(f"{w}" for w in image.thumbnail_widths)
        return ngettext(
            "%(width)s by %(height)s pixels; thumbnails %(widths)s pixels wide",
            "%(width)s by %(height)s pixels; thumbnails %(widths)s pixels wide",
            len(image.thumbnail_widths),
        ) % {"width": image.width, "height": image.height, "widths": widths}

    @admin.display(description=pgettext_lazy("a picture's file", "held"), boolean=True)
    def held(self, image):
        return image.is_held


class EntityImageInline(admin.TabularInline):
    """The pictures of one entry; new rows pick an existing image or upload one."""

    form = EntityImageForm
    formset = EntityImageFormSet
    extra = 0
    fields = ("image", "preview", "upload", "alt", "caption", "credit")
    readonly_fields = ("preview",)
    autocomplete_fields = ("image",)
    verbose_name = _("image")
    verbose_name_plural = _("images")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("image")

    @admin.display(description=_("picture"))
    def preview(self, row):
        return thumbnail(row.image if row.image_id else None, width=80)


def image_inline(model) -> type[EntityImageInline]:
    """The images inline for the admin of an entry model that declares `pictures()`."""
    return type(
        f"{model.__name__}ImageInline", (EntityImageInline,), {"model": model.images.through}
    )
