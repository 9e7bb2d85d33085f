"""URL converters."""


class UnicodeSlugConverter:
    """Like Django's `slug`, but allowing the Unicode slugs `wiki_slugify` can make."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
