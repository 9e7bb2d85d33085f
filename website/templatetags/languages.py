"""
The page in each of the site's languages, for the language switcher and the
`hreflang` links in the head.

    {% load languages %}
    {% language_versions as versions %}
    {% for version in versions %}
      <a href="{{ version.url }}" hreflang="{{ version.code }}">{{ version.name }}</a>
    {% endfor %}

Switching is a plain link to the same page under the other language's address
(/shows/etoile/ and /fr/shows/etoile/), with its query string: no form, no
cookie, so it works without JavaScript and every page stays cacheable.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

register = template.Library()


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str
    url: str
    current: bool


@register.simple_tag(takes_context=True)
def language_versions(context) -> list[LanguageVersion]:
    request = context.get("request")
    here = request.get_full_path() if request is not None else "/"
    current = translation.get_language()
    versions = []
    for code, name in settings.LANGUAGES:
        url = here if code == current else translate_url(here, code)
        if url == here and code != current:
            # No such page in that language (a "not found" page): its home instead.
            with translation.override(code):
                url = reverse("website:home")
        versions.append(LanguageVersion(code, name, url, code == current))
    return versions


def alternates(canonical: str) -> list[tuple[str, str]]:
    """
    (language, absolute URL) of each language's version of the page whose
    canonical URL is given, for `<link rel="alternate" hreflang>`; none for a
    page that has no version in another language.
    """
    parts = urlsplit(canonical)
    here = urlunsplit(("", "", parts.path, parts.query, ""))
    current = translation.get_language()
    found = []
    for code, _name in settings.LANGUAGES:
        url = here if code == current else translate_url(here, code)
        if url == here and code != current:
            return []
        found.append((code, urlunsplit((parts.scheme, parts.netloc, *urlsplit(url)[2:]))))
    return found
