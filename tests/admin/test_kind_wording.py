"""Kinds of entry are named with no article, which English and French both choose by the word."""

import re

import pytest

from tests.pages import page

pytestmark = pytest.mark.django_db


def choices(html):
    return re.findall(r'<li><a href="/(?:fr/)?admin/[^"]+">([^<]+)</a></li>', html)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", {"Organisation", "Person", "Character", "Show", "News event"}),
        ("/fr", {"Organisation", "Personne", "Personnage", "Série", "Actualité"}),
    ],
)
def test_the_create_page_names_each_kind_without_an_article(admin_client, prefix, expected):
    """Not "A organisation": the kind alone, capitalised, in the reader's language."""
    html = page(admin_client, f"{prefix}/wiki/create/?name=Anna+Pavlova")
    names = set(choices(html))
    assert expected <= names
    assert not any(re.match(r"(A|An|Un|Une) ", name) for name in names)
    assert "A organisation" not in html
    assert "Une fiche" not in html
