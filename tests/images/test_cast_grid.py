"""
The cast of a show or season is a grid of the actors' photos when the wiki holds
a photo of one of them (issue 17), else the plain table: no placeholder, and the
same citation marks either way.
"""

import re

import pytest

from images.services import image_create
from people.models import Person
from tests.images.pictures import picture_bytes, upload
from tests.pages import page

pytestmark = pytest.mark.django_db

PAGES = ("/shows/etoile/", "/shows/etoile/season-1/")


def cast_section(html):
    return re.search(r'<section aria-labelledby="cast">.*?</section>', html, re.S)[0]


def marks(html):
    return re.findall(r'<sup class="ref">.*?</sup>', html)


def give_lou_a_photo():
    return image_create(
        alt="Lou de Laâge at the premiere",
        file=upload(picture_bytes("JPEG", (600, 800)), "lou.jpg"),
        depicts=[Person.objects.get(slug="lou-de-laage")],
    )


@pytest.mark.parametrize("path", PAGES)
def test_without_photos_the_cast_is_a_table_with_no_placeholder(client, etoile, path):
    cast = cast_section(page(client, path))
    assert '<table class="cast-table">' in cast
    assert "cast-grid" not in cast
    assert "<img" not in cast
    assert "<svg" not in cast


@pytest.mark.parametrize("path", PAGES)
def test_with_a_photo_the_cast_is_a_grid_with_the_same_marks(client, etoile, media_root, path):
    before = cast_section(page(client, path))
    give_lou_a_photo()

    html = page(client, path)
    cast = cast_section(html)

    assert '<ul class="cast-grid">' in cast
    # Lou's card has her photo, at a thumbnail's size, its box set; no one else has one.
    (img,) = re.findall(r"<img [^>]*>", cast)
    assert 'alt="Lou de Laâge at the premiere"' in img
    assert 'loading="lazy"' in img
    assert re.search(r'width="\d+" height="\d+"', img)
    assert "<svg" not in cast
    # Every casting keeps its marks as the table had them, in the same order.
    assert marks(cast) == marks(before)
    # Every casting is still there: Lou de Laâge's group as cards, a group with
    # no photo (the show's recurring cast) still a table.
    rows = before.count("<tr>") - before.count("<thead>")
    cards = cast.count('class="cast-grid__item"')
    assert cards > 0
    assert cards + cast.count("<tr>") - cast.count("<thead>") == rows
