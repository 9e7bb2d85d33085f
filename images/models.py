"""
Pictures of the wiki's entries: a show, a season, a character, a person, a news event.

One picture may show several entries (the seed's still of two characters
shows both, and the two actors who play them). A kind of entry that has
pictures declares it in its own model, `images = pictures(...)`: a
many-to-many field to `Image`, read as `entry.images`, and from the picture's
side by its related name (`image.characters`). This app names no kind of
entry itself: it finds them by that field (`pictured_models()`). An entry's
lead image, shown in its infobox, is the first of its pictures that the wiki
holds a file for, by `position` then age.

A picture the wiki holds no rights to keeps its caption and credit with an
empty file: its own page shows them, marked "Photo not held"; the pages of
what it shows leave it out (`shown_pictures`).
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch, Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wiki import registry
from wiki.addresses import address
from wiki.citations import Cited, CitedQuerySet
from wiki.natural_keys import NaturalKeyed, natural_key_manager
from wiki.slugs import wiki_slugify

from .fields import StoredImageField, thumbnail_extension, thumbnail_name, upload_path
from .processing import thumbnail_height

# What a gallery shows of a picture; the srcset candidates that the infobox
# (at most 22rem wide) and a gallery cell (at most 16rem) pick from.
DISPLAY_WIDTH = 640


class ImageQuerySet(CitedQuerySet):
    def in_order(self):
        return self.order_by("position", "pk")

    def for_gallery(self):
        """In gallery order, with the sources each caption cites."""
        return self.in_order().cited()

    def held(self):
        """Only pictures the wiki holds a file for."""
        return self.exclude(file="")

    def lead_for(self, entry):
        """An entry's lead image (one query), or None: its first picture with a file."""
        return self.held().in_order().filter(**{depicts_lookup(entry): entry}).first()


def pictures(*, related_name: str, db_table: str | None = None):
    """
    The field a kind of entry declares to have pictures: `images = pictures(...)`.
    `related_name` is how a picture lists entries of that kind (`image.characters`).
    """
    field = models.ManyToManyField(
        "images.Image",
        related_name=related_name,
        blank=True,
        db_table=db_table,
        verbose_name=_("images"),
    )
    # How the admin names one of its rows (wiki/join_names.py).
    field.join_name = _("Picture of %(entry)s: %(target)s")
    return field


def picture_field(model):
    """The entry model's many-to-many field to `Image`, or None if it has no pictures."""
    for field in model._meta.concrete_model._meta.many_to_many:
        if field.related_model is Image:
            return field
    return None


def depicted_relations() -> dict:
    """
    How a picture lists each kind of entry it can show, by name (`characters`):
    the reverse side of each entry model's `pictures()` field, in the order the
    models were loaded.
    """
    return {
        relation.name: relation
        for relation in Image._meta.related_objects
        if relation.many_to_many and relation.related_model is not Image
    }


def pictured_models() -> list:
    """Every kind of wiki entry that has pictures, in the order links prefer them."""
    entries = sorted(registry.entries(), key=lambda entry: entry.link_rank)
    return [entry.model for entry in entries if picture_field(entry.model)]


def gallery_prefetch(lookup="images"):
    """Prefetch an entry's pictures for its page: the gallery and the lead image, two queries."""
    return Prefetch(lookup, Image.objects.for_gallery())


def shown_pictures(images) -> list:
    """
    The pictures an entry's page shows, among those fetched in gallery order (no
    query): the ones the wiki holds a file for, the lead image first. The others
    are cited only on their own pages.
    """
    return [image for image in images if image.file]


def lead_image(images):
    """
    The lead image among pictures already fetched in gallery order (no query):
    the first one the wiki holds a file for, or None.
    """
    return next((image for image in images if image.file), None)


def depicts_lookup(entry_or_model):
    """How `Image` reaches entries of this kind (e.g. "characters")."""
    model = entry_or_model._meta.concrete_model
    field = picture_field(model)
    if field is None:
        raise TypeError(f"Images do not depict {model._meta.verbose_name_plural}.")
    return field.remote_field.related_name


@dataclass(frozen=True)
class Rendition:
    """One stored size of a picture: a `srcset` candidate."""

    url: str
    width: int
    height: int


class Image(NaturalKeyed, Cited):
    """A picture, its description for people who cannot see it, its caption and credit."""

    # The file first: its save sets the size fields after it (see fields.py).
    file = StoredImageField(
        _("file"),
        upload_to=upload_path,
        max_length=200,
        blank=True,
        help_text=_(
            "A JPEG, PNG, WebP or GIF picture. Its location and camera data are removed "
            "when it is stored. Leave empty for a photo the wiki holds no rights to: its "
            "caption and credit are still shown."
        ),
    )
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    thumbnail_widths = models.JSONField(
        _("thumbnail widths"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("The widths of the thumbnails made when the file was stored."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("The picture's address. Leave blank to make one from the alt text."),
    )
    alt = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_(
            "What the picture shows, for people who cannot see it: who, doing what, where. "
            "Not the caption again, and not “photo of”."
        ),
    )
    caption = models.TextField(_("caption"), blank=True, help_text=_("Shown under the picture."))
    credit = models.CharField(
        pgettext_lazy("where a picture comes from", "credit"),
        max_length=200,
        blank=True,
        help_text=_("Who the picture comes from, shown as “Image: …” (e.g. Amazon Prime)."),
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("place in a gallery", "position"),
        default=0,
        help_text=_("Order in galleries; lower first. The first picture with a file leads."),
    )
    # Empty for rows loaded from a fixture: a fixture load saves rows as they are
    # written, and the fixture invents no dates.
    created = models.DateTimeField(_("created"), auto_now_add=True, null=True)
    updated = models.DateTimeField(_("updated"), auto_now=True, null=True)

    NATURAL_KEY = ("slug",)
    objects = natural_key_manager(ImageQuerySet)()

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="image_slug_not_empty"),
            models.CheckConstraint(
                condition=~Q(alt=""),
                name="image_alt_not_empty",
                violation_error_message=_("Describe the picture for people who cannot see it."),
            ),
        ]

    def __str__(self):
        return Truncator(self.alt).chars(80)

    def get_absolute_url(self):
        return address("images:detail", slug=self.slug)

    def clean(self):
        super().clean()
        if not self.slug:
            self.slug = self._free_slug(wiki_slugify(Truncator(self.alt).words(10, truncate="")))

    def _free_slug(self, base):
        base = (base or "image")[:90].rstrip("-")
        taken = set(
            Image.objects.filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    # Display --------------------------------------------------------------

    @property
    def is_held(self) -> bool:
        return bool(self.file) and bool(self.width) and bool(self.height)

    def renditions(self) -> list[Rendition]:
        """Every stored size, narrowest first; the stored picture itself last."""
        if not self.is_held:
            return []
        extension = thumbnail_extension(self.file.name)
        storage = self.file.storage
        sizes = [
            Rendition(
                storage.url(thumbnail_name(self.file.name, width, extension)),
                width,
                thumbnail_height(self.width, self.height, width),
            )
            for width in sorted(self.thumbnail_widths)
        ]
        sizes.append(Rendition(self.file.url, self.width, self.height))
        return sizes

    def srcset(self) -> str:
        return ", ".join(f"{r.url} {r.width}w" for r in self.renditions())

    def display(self, width=DISPLAY_WIDTH) -> Rendition | None:
        """The rendition for `src` (and its width and height): the narrowest at least `width`."""
        sizes = self.renditions()
        return next((r for r in sizes if r.width >= width), sizes[-1] if sizes else None)
