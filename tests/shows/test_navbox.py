"""
A show's navigation box (issue 17, shows/navbox.py) at the foot of every page
of its world: the show, its seasons, episodes and characters, the people cast
or credited in it, its organisations and its news. Grouped under headings, the
page's own entry marked (aria-current) and not a link, a group left out when it
is empty, in a <details> a phone reader can fold away, in both languages.
"""

from http import HTTPStatus

import pytest

from shows.models import Show
from tests.factories import CastingFactory, EpisodeFactory, SeasonFactory, ShowFactory
from tests.pages import page

from .navboxes import navboxes

pytestmark = pytest.mark.django_db

# Each page of Étoile's world: the group its own entry is marked in, in English and French.
WORLD = {
    "/shows/etoile/": (("Show", "Série"), "Étoile"),
    "/shows/etoile/season-1/": (("Seasons", "Saisons"), "Season 1"),
    "/shows/etoile/season-1/episode-3/": (
        ("Season 1 episodes", "Épisodes de la saison 1"),
        "Episode 3",
    ),
    "/shows/etoile/characters/cheyenne-toussaint/": (
        ("Characters", "Personnages"),
        "Cheyenne Toussaint",
    ),
    "/people/lou-de-laage/": (("Cast", "Distribution"), "Lou de Laâge"),
    "/people/amy-sherman-palladino/": (("Crew", "Équipe"), "Amy Sherman-Palladino"),
    "/organisations/metropolitan-ballet-theater/": (
        ("Organisations", "Organisations"),
        "Metropolitan Ballet Theater",
    ),
    "/organisations/prime-video/": (("Organisations", "Organisations"), "Prime Video"),
    "/news/amazon-cancels-etoile/": (
        ("News", "Actualités"),
        "Amazon cancels Étoile after one season",
    ),
}
HEADINGS = {
    "en": ["Show", "Seasons", "Season 1 episodes", "Characters", "Cast", "Crew"],
    "fr": ["Série", "Saisons", "Épisodes de la saison 1", "Personnages", "Distribution"],
}
FRENCH_LABELS = {"Season 1": "Saison 1", "Episode 3": "Épisode 3"}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("url", WORLD)
def test_every_page_of_the_world_ends_with_the_box_its_own_entry_marked(
    client, etoile, url, language
):
    (headings, name) = WORLD[url]
    french = language == "fr"
    html = page(client, f"/fr{url}" if french else url)
    (box,) = navboxes(html)
    assert box.label == ("Pages sur Étoile" if french else "Pages about Étoile")
    assert box.title == "Étoile"
    assert box.open  # folded away by a tap on a phone, no script needed
    assert list(box.groups)[: len(HEADINGS[language])] == HEADINGS[language]
    (current,) = box.current()
    assert current.text == (FRENCH_LABELS.get(name, name) if french else name)
    assert current.href is None
    assert current in box.groups[headings[1] if french else headings[0]]
    links = box.links()
    assert len(links) > 40
    assert all(href.startswith("/fr/") == french for href in links.values())
    # After the article, the references and what links here: at the page's foot.
    assert html.index('class="navbox"') > html.index('id="links-here"')


def test_every_link_in_the_box_leads_to_the_page_it_names(client, etoile):
    (box,) = navboxes(page(client, "/shows/etoile/season-1/"))
    assert box.links()["Cheyenne Toussaint"] == "/shows/etoile/characters/cheyenne-toussaint/"
    assert box.links()["Charlotte Gainsbourg"] == "/people/charlotte-gainsbourg/"
    assert box.links()["Le Ballet National"] == "/organisations/le-ballet-national/"
    for text, href in box.links().items():
        assert client.get(href).status_code == HTTPStatus.OK, (text, href)
    # The network first among the organisations, the main cast first in the cast.
    assert box.texts("Organisations")[0] == "Prime Video"
    assert box.texts("Cast")[:2] == ["Luke Kirby", "Charlotte Gainsbourg"]
    assert box.texts("Seasons") == ["Season 1", "Season 2"]
    assert box.texts("Season 1 episodes") == [f"Episode {n}" for n in range(1, 9)]
    # Season 2 has no episode: no row of its own.
    assert "Season 2 episodes" not in box.groups


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/shows/",
        "/shows/etoile/characters/",
        "/people/",
        # An executive, a studio and a source are in no show's cast, crew or story.
        "/people/jennifer-salke/",
        "/organisations/amazon-mgm-studios/",
        "/sources/etoile-cancelled-after-season-one/",
    ],
)
def test_pages_outside_a_shows_world_have_no_box(client, etoile, url):
    assert navboxes(page(client, url)) == []


def test_an_empty_group_is_left_out(client, db):
    season = SeasonFactory(number=1)
    (box,) = navboxes(page(client, season.get_absolute_url()))
    assert list(box.groups) == ["Show", "Seasons"]


def test_a_show_with_nothing_in_its_world_has_no_box(client, db):
    show = ShowFactory()
    assert navboxes(page(client, show.get_absolute_url())) == []


def test_a_titled_episode_is_named_by_its_title(client, db):
    episode = EpisodeFactory(number=2, title="The Audition")
    (box,) = navboxes(page(client, episode.season.show.get_absolute_url()))
    assert box.texts(f"Season {episode.season.number} episodes") == ["The Audition"]


def test_someone_in_two_shows_gets_a_box_for_each_in_title_order(client, etoile):
    lou = CastingFactory(person__name="Lou Elsewhere").person
    other = Show.objects.exclude(slug="etoile").get()
    other.title = "A Later Show"
    other.save()
    CastingFactory(person=lou, character__show=Show.objects.get(slug="etoile"))
    boxes = navboxes(page(client, lou.get_absolute_url()))
    assert [box.title for box in boxes] == ["A Later Show", "Étoile"]
    assert [box.label for box in boxes] == ["Pages about A Later Show", "Pages about Étoile"]
    for box in boxes:
        (current,) = box.current()
        assert current.text == "Lou Elsewhere"
