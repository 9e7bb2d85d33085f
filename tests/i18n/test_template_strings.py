"""
Every string a template marks for translation is in a French catalog.

`make messages` extracts them with gettext's xgettext; this reads the same
calls out of Django's `templatize` (what makemessages hands xgettext), so a
`{% translate %}` added without updating the catalogs fails here, without
needing gettext tools on the machine.
"""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = [*sorted((ROOT / "templates").rglob("*.html")), ROOT / "templates" / "robots.txt"]
CATALOGS = [ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po", *ROOT.glob("*/locale/fr/*/*.po")]

_STRING = r"""u?'(?:[^'\\]|\\.)*'|u?"(?:[^"\\]|\\.)*\""""
_CALL = re.compile(rf"\b(gettext|pgettext|ngettext|npgettext|_)\(((?:{_STRING}|[^()'\"])*)\)")


def marked_strings(template: Path) -> set[tuple[str | None, str]]:
    """(context, msgid) of each translatable string in the template."""
    found = set()
    for name, arguments in _CALL.findall(templatize(template.read_text(), origin=str(template))):
        call = ast.parse(f"f({arguments})", mode="eval").body
        texts = [arg.value for arg in call.args if isinstance(arg, ast.Constant)]
        context = texts.pop(0) if name.startswith(("pgettext", "npgettext")) else None
        found.add((context, texts[0]))
    return found


def catalog_strings() -> set[tuple[str | None, str]]:
    return {
        (entry.msgctxt, entry.msgid)
        for path in CATALOGS
        for entry in polib.pofile(str(path))
        if not entry.obsolete and entry.translated()
    }


def test_the_reader_finds_strings_in_every_form_a_template_marks_them():
    strings = marked_strings(ROOT / "templates" / "base.html")
    assert (None, "Skip to content") in strings
    assert ("open the page with this name", "Go") in strings
    changes = '<a href="%(changes_url)s">Recent changes</a> to the wiki: every edit, with who'
    assert (None, f"{changes} made it and why.") in strings
    plural = marked_strings(ROOT / "templates" / "search" / "results.html")
    assert any("%(counter)s" in msgid for _context, msgid in plural)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_marked_string_has_a_french_translation(template):
    assert marked_strings(template) - catalog_strings() == set()


def test_the_site_templates_are_translated():
    """Not a vacuous pass: the templates mark hundreds of strings between them."""
    assert sum(len(marked_strings(template)) for template in TEMPLATES) > 250
