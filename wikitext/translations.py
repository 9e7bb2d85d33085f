"""
Which text of an entry a reader gets: the translation into the page's language
when an editor wrote one, else the original, in the wiki's language
(`LANGUAGE_CODE`), which stays the canonical text (issue 17).

Each text handed out carries its language (`language`), so that a page marks
an English text on a French page `lang="en"` and a French text not at all
(`{% text_lang %}`).
"""

from django.conf import settings
from django.utils import translation
from django.utils.safestring import SafeString

from wiki.registry import translated_fields, translation_field


class Text(str):
    """A text editors wrote, and the language it is written in."""

    language: str = settings.LANGUAGE_CODE


class SafeText(SafeString):
    """Rendered HTML of a text editors wrote, and the language it is written in."""

    language: str = settings.LANGUAGE_CODE


def in_language(text: str, language: str):
    """`text` marked as written in `language` (HTML stays safe)."""
    marked = SafeText(text) if isinstance(text, SafeString) else Text(text)
    marked.language = language
    return marked


def reader_language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def shown_field(instance, field: str, language: str | None = None) -> tuple[str, str]:
    """
    (the field whose text a reader of `language`, by default the page's, gets
    for the wiki text field `field`; the language of that text).
    """
    language = language or reader_language()
    translated = translation_field(type(instance), field, language)
    if translated and (getattr(instance, translated) or "").strip():
        return translated, language
    return field, settings.LANGUAGE_CODE


def shown_text(instance, field: str, language: str | None = None) -> Text:
    """The wiki markup a reader of `language` (the page's) gets for `field`, with its language."""
    name, written_in = shown_field(instance, field, language)
    return in_language(getattr(instance, name) or "", written_in)


def language_of(text) -> str:
    """The language a text is written in: the wiki's own unless it says otherwise."""
    return getattr(text, "language", settings.LANGUAGE_CODE)


def with_translations(model, field: str) -> tuple[str, ...]:
    """`field` and the fields translating it: what `.only()` reads to show it in any language."""
    return (field, *translated_fields(model).get(field, {}).values())
