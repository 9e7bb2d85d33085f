"""Kinds of entry are named with no article, which English and French both choose by the word."""

import re

import pytest

from tests.factories import OrganisationFactory
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


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/fr/admin/shows/organisation/add/", "Ajout\u00a0: organisation"),
        ("/fr/admin/people/person/add/", "Ajout\u00a0: personne"),
        ("/admin/shows/organisation/add/", "Add organisation"),
    ],
)
def test_the_admins_page_titles_need_no_article_or_elision(admin_client, path, title):
    """Django's French "Ajout de organisation" is wrong before a vowel: no "de" at all."""
    html = page(admin_client, path)
    assert f"<h1>{title}</h1>" in html
    assert "Ajout de " not in html


def test_a_change_page_title_needs_no_elision(admin_client):
    organisation = OrganisationFactory()
    html = page(admin_client, f"/fr/admin/shows/organisation/{organisation.pk}/change/")
    assert "<h1>Modification\u00a0: organisation</h1>" in html
    assert "Modification de " not in html
