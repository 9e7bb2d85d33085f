"""
The fixture ships no photos (the wiki holds no rights to them), but it keeps
the seed article's two captions, with their credit, on the entries they show.
The pictures are rows of the shows fixture, before the entries that list them.
"""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from history.recording import versions_of
from images.models import Image
from shows.models import Source

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "shows" / "fixtures" / "etoile.json"
CREDIT_SUFFIX = " (Image via Amazon Prime)"
# The seed article's two captions, word for word (the article is not in this
# repository; these lines are quoted from it).
SEED_CAPTIONS = {
    "Geneviève Lavigne, played by Charlotte Gainsbourg, and Raphaël Marchand, portrayed by "
    "Yanic Truesdale, share a quiet moment outside the ballet academy in Paris. "
    "(Image via Amazon Prime)",
    "Cheyenne Toussaint, played by Lou de Laâge, waits backstage before a performance, "
    "reflecting the tension and discipline behind the scenes. (Image via Amazon Prime)",
}

pytestmark = pytest.mark.django_db


def dump_images():
    out = io.StringIO()
    call_command("dumpdata", "images", natural_foreign=True, natural_primary=True, stdout=out)
    return json.loads(out.getvalue())


def test_the_fixture_names_rows_by_natural_key_and_holds_no_file():
    images = [
        row
        for row in json.loads(FIXTURE.read_text(encoding="utf-8"))
        if row["model"] == "images.image"
    ]
    assert len(images) == 2
    for entry in images:
        assert "pk" not in entry
        assert entry["fields"]["file"] == ""


def test_the_two_seed_captions_are_kept_with_their_credit(etoile):
    images = {image.slug: image for image in Image.objects.all()}
    assert set(images) == {
        "genevieve-lavigne-and-raphael-marchand-outside-the-ballet-academy",
        "cheyenne-toussaint-waits-backstage",
    }
    for image in images.values():
        assert not image.file
        assert image.credit == "Amazon Prime"
        assert "Image via" not in image.caption
        assert image.alt
        assert list(image.sources.all()) == [
            Source.objects.get(key="etoile-cancelled-after-season-one")
        ]

    pair = images["genevieve-lavigne-and-raphael-marchand-outside-the-ballet-academy"]
    assert {c.slug for c in pair.characters.all()} == {"genevieve-lavigne", "raphael-marchand"}
    assert {p.slug for p in pair.people.all()} == {"charlotte-gainsbourg", "yanic-truesdale"}
    alone = images["cheyenne-toussaint-waits-backstage"]
    assert [c.slug for c in alone.characters.all()] == ["cheyenne-toussaint"]
    assert [p.slug for p in alone.people.all()] == ["lou-de-laage"]
    for image in images.values():
        assert not image.shows.exists()
        assert not image.seasons.exists()
        assert not image.news_events.exists()


def test_captions_and_alt_texts_are_the_articles_own_words(etoile):
    assert {image.caption + CREDIT_SUFFIX for image in Image.objects.all()} == SEED_CAPTIONS
    for image in Image.objects.all():
        # Alt text reuses the caption's words; it adds none of its own.
        caption_words = set(image.caption.replace(",", "").rstrip(".").split())
        assert set(image.alt.rstrip(".").split()) <= caption_words | {"and"}


def test_the_fixture_loads_after_the_entries_it_names_and_twice_adds_nothing(etoile):
    before = dump_images()
    versions = {image.pk: versions_of(Image, image.pk).count() for image in Image.objects.all()}
    assert len(before) == 2
    assert all(count == 1 for count in versions.values())

    call_command("loaddata", "etoile", verbosity=0)

    assert dump_images() == before
    assert {i.pk: versions_of(Image, i.pk).count() for i in Image.objects.all()} == versions
