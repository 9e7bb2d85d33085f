"""
Loading a fixture never undoes an editor's French text (issue 17): the seed holds
none, and a translation a fixture row leaves blank keeps what the wiki holds.
Resetting to the seed, on purpose, puts the seed's texts back in every language,
and history keeps the French text it undid.
"""

import pytest
from django.core.management import call_command

from history.recording import versions_of
from shows.models import Character, Show
from shows.seed import reset_to_seed

pytestmark = pytest.mark.django_db

FRENCH = "Une danseuse prodige de Paris."


@pytest.fixture
def translated(etoile):
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    cheyenne.description_fr = FRENCH
    cheyenne.description = "An editor's English text."
    cheyenne.save()
    show = Show.objects.get(slug="etoile")
    show.synopsis_fr = "Deux compagnies échangent leurs danseurs."
    show.save()
    return cheyenne


def test_loading_the_seed_again_keeps_the_french_texts(translated):
    call_command("loaddata", "etoile", verbosity=0)
    cheyenne = Character.objects.get(pk=translated.pk)
    # A plain load writes the seed's English over the editor's, as it always did ...
    assert cheyenne.description != "An editor's English text."
    # ... and leaves the French text the seed does not have.
    assert cheyenne.description_fr == FRENCH
    assert Show.objects.get(slug="etoile").synopsis_fr.startswith("Deux compagnies")
    assert versions_of(Character, cheyenne.pk).first().field_dict["description_fr"] == FRENCH


def test_a_fixture_that_gives_a_french_text_writes_it(translated, tmp_path):
    fixture = tmp_path / "french.json"
    fixture.write_text(
        '[{"model": "shows.character", "fields": {"show": ["etoile"], '
        '"slug": "cheyenne-toussaint", "name": "Cheyenne Toussaint", '
        '"description_fr": "Un autre texte."}}]'
    )
    call_command("loaddata", str(fixture), verbosity=0)
    assert Character.objects.get(pk=translated.pk).description_fr == "Un autre texte."


def test_resetting_to_the_seed_clears_the_french_texts_and_history_keeps_them(translated):
    reset_to_seed()
    cheyenne = Character.objects.get(pk=translated.pk)
    assert cheyenne.description_fr == ""
    assert Show.objects.get(slug="etoile").synopsis_fr == ""
    kept = [v.field_dict["description_fr"] for v in versions_of(Character, cheyenne.pk)]
    assert FRENCH in kept
