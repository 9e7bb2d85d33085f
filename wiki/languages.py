"""
Addresses in the reader's language.

English pages live at their plain address and French ones under /fr/
(etoile_wiki/urls.py). Addresses the wiki stores (the link and search indexes,
renamed pages' old addresses, links inside rendered wiki text) are written once,
in the default language; these helpers give the same page in the reader's.
"""

import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language

# Served the same in every language, at one address (etoile_wiki/urls.py, static and media).
_UNPREFIXED = re.compile(r"^/(?:static|media|robots\.txt|sitemap|health)(?:[/.?-]|$)")
_INTERNAL_HREF = re.compile(r'href="(/(?!/)[^"]*)"')


def prefixed_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def split_language(path: str) -> tuple[str | None, str]:
    """ "/fr/shows/etoile/" -> ("fr", "/shows/etoile/"); an English path -> (None, path)."""
    for code in prefixed_languages():
        if path.startswith(f"/{code}/"):
            return code, path[len(code) + 1 :]
    return None, path


def in_language(path: str, language: str | None = None) -> str:
    """A stored address ("/shows/etoile/") as the same page's in `language` (the reader's)."""
    language = language or get_language() or settings.LANGUAGE_CODE
    if (
        language == settings.LANGUAGE_CODE
        or language not in prefixed_languages()
        or not path.startswith("/")
        or path.startswith("//")
        or _UNPREFIXED.match(path)
        or split_language(path)[0] is not None
    ):
        return path
    return f"/{language}{path}"


def localize_links(html_text: str, language: str | None = None) -> str:
    """Every link to a page of this site in rendered HTML, in the reader's language."""
    language = language or get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return html_text
    return _INTERNAL_HREF.sub(lambda m: f'href="{in_language(m[1], language)}"', html_text)


def stored_address(instance) -> str:
    """An entry's address as the indexes keep it: the default language's, whoever saves."""
    with translation.override(settings.LANGUAGE_CODE):
        return instance.get_absolute_url()
