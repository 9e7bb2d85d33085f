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
from shows.models import Casting, Show
from tests.factories import CastingFactory, CharacterFactory, NewsEventFactory, PersonFactory
from tests.pages import page

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
