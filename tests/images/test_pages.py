"""
Readers see an entry's lead image in its infobox and its other pictures in its
gallery, each with its caption and credit; an entry without a picture shows
none; a photo the wiki does not hold is shown as such on its own page only.
"""

import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from images.models import Image
from images.services import image_create
from people.models import Person
from shows.models import Character, NewsEvent, Season, Show
from tests.images.pictures import picture_bytes, upload

pytestmark = pytest.mark.django_db


def page(client, entry):
    response = client.get(entry.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def infobox(html):
    return re.search(r'<aside class="infobox".*?</aside>', html, re.S)[0]


def gallery(html):
    found = re.search(r'<section class="gallery".*?</section>', html, re.S)
    return found[0] if found else ""


def test_photos_the_wiki_does_not_hold_are_left_off_the_pages_of_what_they_show(client, etoile):
    """Issue 17: galleries of "Photo not held" cards made the wiki look empty."""
    for entry in (
        Character.objects.get(slug="genevieve-lavigne"),
        Character.objects.get(slug="cheyenne-toussaint"),
        Person.objects.get(slug="lou-de-laage"),
    ):
        html = page(client, entry)
        assert gallery(html) == ""
        assert "Photo not held" not in html
        assert "outside the ballet academy" not in html


def test_an_entry_without_a_picture_shows_none_not_its_initials(client, etoile):
    html = infobox(page(client, Show.objects.get(slug="etoile")))

    assert "placeholder" not in html
    assert "infobox__picture" not in html  # no empty first row
    assert "<img" not in html
    assert "<svg" not in html


@pytest.mark.parametrize(
    "entry",
    [
        lambda: Show.objects.get(slug="etoile"),
        lambda: Season.objects.get(show__slug="etoile", number=1),
        lambda: Character.objects.get(slug="genevieve-lavigne"),
        lambda: NewsEvent.objects.get(slug="amazon-cancels-etoile"),
    ],
)
def test_no_entry_page_draws_an_initials_disc(client, etoile, entry):
    html = page(client, entry())
    assert '<svg class="placeholder' not in html
    assert "infobox__image" not in html


def test_a_person_without_a_picture_has_no_infobox_of_a_title_alone(client, etoile):
    html = page(client, Person.objects.get(slug="lou-de-laage"))
    assert '<aside class="infobox"' not in html


def test_a_held_picture_leads_in_the_infobox_with_srcset_and_its_box_set(
    client, etoile, media_root
):
    lou = Person.objects.get(slug="lou-de-laage")
    image = image_create(
        alt="Lou de Laâge at the premiere",
        file=upload(picture_bytes("JPEG", (1500, 1000)), "p.jpg"),
        caption="At the premiere",
        credit="A photographer",
        depicts=[lou],
    )

    box = infobox(page(client, lou))

    tag = re.search(r"<img [^>]*>", box)[0]
    assert 'alt="Lou de Laâge at the premiere"' in tag
    assert 'width="640" height="427"' in tag
    assert 'sizes="(min-width: 48rem) 22rem, 100vw"' in tag
    srcset = re.search(r'srcset="([^"]*)"', tag)[1]
    assert [c.rsplit(" ", 1)[1] for c in srcset.split(", ")] == ["320w", "640w", "960w", "1500w"]
    for url in (c.rsplit(" ", 1)[0] for c in srcset.split(", ")):
        assert url.startswith("/media/images/")
    assert 'loading="lazy"' not in tag  # the lead image is seen at once
    assert "style=" not in box
    assert image.get_absolute_url() in box


def test_gallery_pictures_load_lazily_with_alt_caption_and_credit(client, etoile, media_root):
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    for number in range(3):
        image_create(
            alt=f"Rehearsal picture {number}",
            file=upload(picture_bytes("PNG", (800, 600), colour=(number * 50, 0, 0)), "p.png"),
            caption=f"Rehearsal {number}",
            credit="Studio",
            position=number + 1,
            depicts=[cheyenne],
        )

    html = gallery(page(client, cheyenne))

    # The first leads the infobox, so the gallery has the other two.
    tags = re.findall(r"<img [^>]*>", html)
    assert len(tags) == 2
    for number, tag in enumerate(tags, start=1):
        assert f'alt="Rehearsal picture {number}"' in tag
        assert 'loading="lazy"' in tag
        assert 'width="640" height="480"' in tag  # the 640w thumbnail is the fallback src
        assert "srcset=" in tag
    assert html.count("Image: Studio") == 2
    # The seed's picture (position 0) is not held: not shown.
    assert "Photo not held" not in html


def test_the_lead_picture_is_shown_once_in_the_infobox_not_again_in_the_gallery(
    client, etoile, media_root
):
    """Issue 17: an uploaded lead picture appeared twice in a row on a phone."""
    lou = Person.objects.get(slug="lou-de-laage")
    image_create(
        alt="Lou de Laâge at the premiere",
        file=upload(picture_bytes("PNG"), "p.png"),
        caption="At the premiere",
        depicts=[lou],
    )

    html = page(client, lou)

    assert html.count('alt="Lou de Laâge at the premiere"') == 1
    assert 'alt="Lou de Laâge at the premiere"' in infobox(html)
    assert "At the premiere" not in gallery(html)


def test_the_lead_image_is_the_first_held_picture_by_position(client, etoile, media_root):
    show = Show.objects.get(slug="etoile")
    later = image_create(
        alt="Second", file=upload(picture_bytes("PNG"), "a.png"), position=5, depicts=[show]
    )
    image_create(alt="Not held", position=0, depicts=[show])
    first = image_create(
        alt="First held",
        file=upload(picture_bytes("PNG", colour=(1, 2, 3)), "b.png"),
        position=1,
        depicts=[show],
    )

    box = infobox(page(client, show))

    assert 'alt="First held"' in box
    assert 'alt="Second"' not in box
    assert Image.objects.lead_for(show) == first
    assert later.pk != first.pk


def test_a_pictures_own_page_shows_it_with_what_it_depicts(client, etoile):
    image = Image.objects.get(
        slug="genevieve-lavigne-and-raphael-marchand-outside-the-ballet-academy"
    )

    html = page(client, image)

    # Its own page says so, in words: no initials stand in for it.
    assert "Photo not held" in html
    assert "<svg" not in html
    assert "Image: Amazon Prime" in html
    for name in (
        "Geneviève Lavigne",
        "Raphaël Marchand",
        "Charlotte Gainsbourg",
        "Yanic Truesdale",
    ):
        assert name in html
    assert "/history/images.image/" in html


# Query counts ------------------------------------------------------------------

PAGES = {
    "show": lambda: Show.objects.get(slug="etoile"),
    "season": lambda: Season.objects.get(show__slug="etoile", number=1),
    "character": lambda: Character.objects.get(slug="cheyenne-toussaint"),
    "person": lambda: Person.objects.get(slug="lou-de-laage"),
    "news": lambda: NewsEvent.objects.get(slug="amazon-cancels-etoile"),
}


def count_queries(client, url):
    client.get(url)  # anything cached once (rendered texts, content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(queries)


@pytest.mark.parametrize("kind", PAGES)
def test_a_page_costs_the_same_with_one_picture_or_twelve(client, etoile, media_root, kind):
    """Pictures, held or not, with or without sources: prefetched, never one query each."""
    entry = PAGES[kind]()
    seed = list(Show.objects.get(slug="etoile").sources.all())
    image_create(alt="One", depicts=[entry], sources=seed)
    one = count_queries(client, entry.get_absolute_url())
    data = picture_bytes("PNG", (700, 400))
    for number in range(11):
        image_create(
            alt=f"Picture {number}",
            file=upload(data, "p.png") if number % 2 else None,
            caption=f"Caption {number}",
            depicts=[entry],
            sources=seed,
        )
    assert count_queries(client, entry.get_absolute_url()) == one


def test_the_source_page_lists_the_images_that_cite_it(client, etoile):
    source = Show.objects.get(slug="etoile").sources.get()

    html = page(client, source)

    assert "<h3>Images</h3>" in html
    assert "/images/cheyenne-toussaint-waits-backstage/" in html
