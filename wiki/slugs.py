"""Slugs for page addresses."""

from django.utils.text import slugify


def wiki_slugify(text: str) -> str:
    """
    An ASCII slug where the name allows it ("Étoile" gets "etoile", "Taïs Vinolo"
    gets "tais-vinolo"), so that fans can type the address; a Unicode slug for names
    with no Latin letters at all, rather than an empty one.
    """
    return slugify(text) or slugify(text, allow_unicode=True)


class SlugFromName:
    """
    Model mixin: a blank slug is made from the entry's name when it is validated
    (admin forms, services), before uniqueness is checked.
    """

    SLUG_FROM = "name"

    def clean(self):
        super().clean()
        if not self.slug:
            self.slug = wiki_slugify(getattr(self, self.SLUG_FROM) or "")
