"""
"What links here" counts the pages that link to an entry through what they show
(a casting puts its person on the show's, season's and character's pages), not
only through their text (issue 17); it comes after the references, lists a
limited number with a link to them all, and is current after an edit.
"""

import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from history.recording import recorded
from people.models import Person
from shows.models import Casting, Character, Show
from tests.factories import (
    CastingFactory,
    CharacterFactory,
    EpisodeFactory,
    NewsEventFactory,
    PersonFactory,
)
from tests.pages import page
from wikitext import display, views

pytestmark = pytest.mark.django_db

CHARLOTTE = "/people/charlotte-gainsbourg/"


def links_here(html):
    start = html.index('<section class="links-here"')
    section = html[start : html.index("</section>", start)]
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', section)


def test_a_persons_page_lists_the_pages_of_her_castings(client, etoile):
    """Charlotte Gainsbourg is in no text, but the show, season and character pages show her."""
    found = dict(links_here(page(client, CHARLOTTE)))
    assert found == {
        "/shows/etoile/": "Étoile",
        "/shows/etoile/season-1/": "Étoile season 1",
        "/shows/etoile/characters/genevieve-lavigne/": "Geneviève Lavigne",
    }
    assert "No page links here yet." not in page(client, CHARLOTTE)


def test_a_page_linking_in_text_and_in_data_is_listed_once(client, etoile):
    html = page(client, "/people/lou-de-laage/")
    urls = [url for url, _ in links_here(html)]
    assert "/shows/etoile/characters/cheyenne-toussaint/" in urls
    assert len(urls) == len(set(urls))


def test_the_references_follow_the_article_and_what_links_here_comes_after(client, etoile):
    for url in [CHARLOTTE, "/shows/etoile/", "/organisations/amazon-mgm-studios/"]:
        html = page(client, url)
        article_end = html.index("</article>")
        references = html.index('<section class="references"')
        assert article_end < references < html.index('<section class="links-here"'), url


def test_news_and_join_rows_count_and_sources_do_not(client, etoile):
    """A news event's people link to it; citing a source is not linking to it."""
    person = PersonFactory(name="Newsmaker")
    event = NewsEventFactory(headline="A headline")
    event.people.add(person)
    assert (event.get_absolute_url(), "A headline") in links_here(
        page(client, person.get_absolute_url())
    )
    source_page = page(client, "/sources/etoile-cancelled-after-season-one/")
    assert "/shows/etoile/" not in [url for url, _ in links_here(source_page)]


def grow(person, count):
    for _ in range(count):
        CastingFactory(person=person, character=CharacterFactory(show=Show.objects.get()))


LISTED = re.compile(r'<li><a href="([^"]+)">([^<]+)</a> <span class="tag">')


def test_a_long_list_shows_its_first_pages_and_links_to_all(client, etoile):
    person = Person.objects.get(slug="charlotte-gainsbourg")
    grow(person, 30)
    html = page(client, CHARLOTTE)
    assert len(links_here(html)) == 25
    more = re.search(r'<a href="([^"]+)">All (\d+) pages that link here</a>', html)
    assert more
    assert int(more[2]) == 33
    everything = page(client, more[1])
    assert len(re.findall(r'<li><a href="[^"]+">[^<]+</a> <span class="tag">', everything)) == 33


def test_the_section_shows_the_first_25_by_title_and_counts_them_all(client, etoile):
    """Cut in the database: the first 25 of 33 by title (case aside), and the count of all 33."""
    person = Person.objects.get(slug="charlotte-gainsbourg")
    grow(person, 30)
    CharacterFactory(
        show=Show.objects.get(),
        name="aaa lower case first",
        description=("[[Charlotte Gainsbourg]]"),
    )
    html = page(client, CHARLOTTE)
    everything = page(client, f"/wiki/links-here/people.person/{person.pk}/")
    listed = [title for _, title in LISTED.findall(everything)]
    assert len(listed) == 34
    assert listed == sorted(listed, key=str.lower)
    assert listed[0] == "aaa lower case first"
    assert [title for _, title in links_here(html)] == listed[:25]
    assert "All 34 pages that link here" in html


def test_the_section_is_one_query(etoile):
    """The first 25 and the count of all come in one query, whatever the number linking."""
    person = Person.objects.get(slug="charlotte-gainsbourg")
    grow(person, 30)
    display.links_here(person)  # content types cached, as on a running site
    with CaptureQueriesContext(connection) as queries:
        section = display.links_here(person)
    assert len(queries) == 1
    assert (len(section.entries), section.total, section.more) == (25, 33, True)
    assert "LIMIT 25" in queries[0]["sql"]


def test_an_entry_with_several_names_is_listed_and_counted_once(client, etoile):
    """A titled episode answers to two names; its text linking here is one page, not two."""
    person = Person.objects.get(slug="charlotte-gainsbourg")
    season = Show.objects.get().seasons.get(number=1)
    episode = EpisodeFactory(season=season, number=90, title="A Titled One")
    episode.summary = "With [[Charlotte Gainsbourg]]."
    episode.save()
    section = display.links_here(person)
    urls = [entry.url for entry in section.entries]
    assert urls.count(episode.get_absolute_url()) == 1
    assert section.total == len(section.entries) == 4


def test_the_full_list_comes_a_page_at_a_time(client, etoile, monkeypatch):
    """Ten a page here (100 on the site): 33 pages linking make four pages, each linked."""
    monkeypatch.setattr(views, "LINKS_HERE_PER_PAGE", 10)
    person = Person.objects.get(slug="charlotte-gainsbourg")
    grow(person, 30)
    full_list = f"/wiki/links-here/people.person/{person.pk}/"
    pages = [LISTED.findall(page(client, f"{full_list}?page={n}")) for n in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [10, 10, 10, 3]
    everything = [line for p in pages for line in p]
    assert len(set(everything)) == 33
    first, second = page(client, full_list), page(client, f"{full_list}?page=2")
    assert "33 pages link here" in first
    assert 'rel="next" href="?page=2"' in first
    assert 'rel="prev" href="?page=1"' in second
    assert "Page 2 of 4" in second


def test_a_page_of_the_full_list_that_is_not_there_is_a_404_that_says_so(client, etoile):
    person = Person.objects.get(slug="charlotte-gainsbourg")
    full_list = f"/wiki/links-here/people.person/{person.pk}/"
    for number in ["2", "0", "-1", "abc", "1.5", str(2**70)]:
        response = client.get(f"{full_list}?page={number}")
        assert response.status_code == HTTPStatus.NOT_FOUND, number
        assert "There is no such page of this list." in response.content.decode(), number


def count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(queries)


def test_what_links_here_costs_the_same_however_many_link(client, etoile):
    person = Person.objects.get(slug="charlotte-gainsbourg")
    full_list = f"/wiki/links-here/people.person/{person.pk}/"
    before = count(client, CHARLOTTE), count(client, full_list)
    grow(person, 10)
    assert (count(client, CHARLOTTE), count(client, full_list)) == before


def test_the_full_list_refuses_what_is_no_page(client, etoile):
    casting = Casting.objects.first()
    for url in [
        "/wiki/links-here/nothing.here/1/",
        "/wiki/links-here/shows/1/",
        f"/wiki/links-here/shows.casting/{casting.pk}/",
        "/wiki/links-here/people.person/999999/",
        f"/wiki/links-here/people.person/{2**70}/",
    ]:
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url


def test_a_cached_page_shows_a_new_structured_link_on_the_next_read(client, etoile, page_cache):
    """Move a casting to another character: the person's page, cached, lists it at once."""
    client.get(CHARLOTTE)
    assert client.get(CHARLOTTE)["X-Page-Cache"] == "hit"
    casting = Casting.objects.get(person__slug="charlotte-gainsbourg")
    other = CharacterFactory(show=casting.show, name="A New Part", slug="a-new-part")
    with recorded(summary="Recast"):
        casting.character = other
        casting.save()
    response = client.get(CHARLOTTE)
    assert response["X-Page-Cache"] != "hit"
    urls = [url for url, _ in links_here(response.content.decode())]
    assert other.get_absolute_url() in urls
    assert "/shows/etoile/characters/genevieve-lavigne/" not in urls


def linked_in_text(count):
    """A person the texts of `count` characters link to, and her page's address."""
    person = PersonFactory(name="Linked Everywhere", slug="linked-everywhere")
    show = Show.objects.get()
    for number in range(count):
        CharacterFactory(
            show=show, name=f"Linker {number:02d}", description="Knows [[Linked Everywhere]]."
        )
    return person.get_absolute_url()


def first_past_the_cut(client, url):
    """The name of a linking character the cut section leaves out."""
    listed = {title for _, title in links_here(page(client, url))}
    assert len(listed) == 25
    return next(f"Linker {n:02d}" for n in range(30) if f"Linker {n:02d}" not in listed)


def test_a_rename_past_the_first_25_reaches_a_cached_cut_list(client, etoile, page_cache):
    """
    The section names the entries it lists; one past them, renamed to sort
    first, must still appear at once: a cut list names every rename's key too.
    """
    url = linked_in_text(30)
    past = Character.objects.get(name=first_past_the_cut(client, url))
    assert client.get(url)["X-Page-Cache"] == "hit"
    with recorded(summary="Renamed"):
        past.name = "Aaa First By Name"
        past.save()
    response = client.get(url)
    assert response["X-Page-Cache"] != "hit"
    assert links_here(response.content.decode())[0][1] == "Aaa First By Name"


def test_an_edit_of_a_description_past_the_first_25_leaves_the_cut_list_cached(
    client, etoile, page_cache
):
    url = linked_in_text(30)
    past = Character.objects.get(name=first_past_the_cut(client, url))
    assert client.get(url)["X-Page-Cache"] == "hit"
    with recorded(summary="Described"):
        past.description = "Still knows [[Linked Everywhere]], and more."
        past.save()
    assert client.get(url)["X-Page-Cache"] == "hit"
