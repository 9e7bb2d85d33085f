"""
The apps' French catalogs: complete, compiled, and faithful to their sources.

Each app keeps the interface strings of its Python code in
`<app>/locale/fr/LC_MESSAGES/django.po`, and the templates' and etoile_wiki's
are in `locale/fr/LC_MESSAGES/django.po`, all extracted by `make messages`, with
the compiled `django.mo` beside each. The .mo
files are in the repository, so a fresh machine needs no gettext tools; these
tests read both with polib and the standard library, so they need none either.
"""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "website",
    "shows",
    "people",
    "images",
    "history",
    "search",
    "wikitext",
    "pagecache",
    "wiki",
)
# The project's own catalog (templates/ and etoile_wiki/, LOCALE_PATHS) and each app's.
LOCALE_DIRS = (ROOT / "locale", *(ROOT / app / "locale" for app in APPS))
CATALOGS = sorted(path for folder in LOCALE_DIRS for path in folder.glob("*/*/*.po"))
FRENCH = [folder / "fr" / "LC_MESSAGES" / "django.po" for folder in LOCALE_DIRS]

# %(name)s, %s, %d...; "%%" is a percent sign, not a placeholder.
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")


def catalog_id(path):
    return str(path.relative_to(ROOT))


def entries(path):
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def translations(entry):
    """Each msgstr of an entry, with the msgid it translates."""
    if entry.msgid_plural:
        return [
            (entry.msgid if form == 0 else entry.msgid_plural, text)
            for form, text in sorted(entry.msgstr_plural.items())
        ]
    return [(entry.msgid, entry.msgstr)]


def placeholders(text):
    return sorted(match[0] for match in PLACEHOLDER.finditer(text) if match[0] != "%%")


def test_every_app_has_a_french_catalog_compiled_beside_it():
    for po in FRENCH:
        assert po.is_file(), po
        assert po.with_suffix(".mo").is_file(), f"{po} is not compiled"
    assert set(FRENCH) <= set(CATALOGS)


@pytest.mark.parametrize("path", CATALOGS, ids=catalog_id)
def test_no_entry_is_untranslated_or_fuzzy(path):
    catalog = polib.pofile(str(path))
    assert not catalog.metadata_is_fuzzy
    assert [e.msgid for e in catalog.untranslated_entries()] == []
    assert [e.msgid for e in catalog.fuzzy_entries()] == []
    assert catalog.metadata["Language"] == path.parts[-3]


@pytest.mark.parametrize("path", CATALOGS, ids=catalog_id)
def test_the_compiled_catalog_is_the_source_catalog(path):
    """A .mo compiled before the last change to its .po would serve stale words."""

    def translated(catalog):
        return {
            (entry.msgctxt, entry.msgid, entry.msgid_plural): (
                entry.msgstr,
                tuple(sorted(entry.msgstr_plural.items())),
            )
            for entry in catalog
            # The header ("" msgid) is compared as metadata below.
            if not entry.obsolete and entry.msgid
        }

    compiled = polib.mofile(str(path.with_suffix(".mo")))
    assert translated(compiled) == translated(polib.pofile(str(path)))
    assert compiled.metadata["Plural-Forms"] == polib.pofile(str(path)).metadata["Plural-Forms"]


@pytest.mark.parametrize("path", CATALOGS, ids=catalog_id)
def test_every_translation_keeps_the_placeholders_of_its_source(path):
    for entry in entries(path):
        for source, text in translations(entry):
            assert placeholders(text) == placeholders(source), (entry.msgid, text)


@pytest.mark.parametrize("path", FRENCH, ids=catalog_id)
def test_french_is_written_with_french_typography(path):
    """
    A no-break space before : ; ! ? » and after «, the typographic apostrophe
    (U+2019), and Étoile with its accent.
    """
    for entry in entries(path):
        for _, text in translations(entry):
            assert not re.search(r" [:;!?»]|« ", text), text
            assert not re.search(r"\w'\w", text), text
            assert "Etoile" not in text, text


def test_a_string_two_apps_translate_means_the_same_in_both():
    """
    Django merges the apps' catalogs into one: where two apps translate the same
    string differently, one of them silently loses. A word with two meanings
    ("position") takes a context instead.
    """
    seen = {}
    for path in CATALOGS:
        language = path.parts[-3]
        for entry in entries(path):
            key = (language, entry.msgctxt, entry.msgid)
            value = [text for _, text in translations(entry)]
            assert seen.setdefault(key, (value, path))[0] == value, (key, seen[key][1], path)
