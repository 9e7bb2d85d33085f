"""Each page answers with the facts it should show, linked both ways."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from people.models import Person
from shows.models import Casting, Character, NewsEvent, Organisation, Show
from tests.factories import EpisodeFactory, OrganisationFactory, SeasonFactory, ShowFactory
from tests.pages import page

pytestmark = pytest.mark.django_db


def test_home_lists_the_show_the_latest_news_and_every_section(client, etoile):
    html = page(client, "/")
    assert 'href="/shows/etoile/"' in html
    assert "Amazon cancels Étoile after one season" in html
    for section in ["/shows/", "/people/", "/organisations/", "/news/", "/sources/"]:
        assert f'href="{section}"' in html


def test_show_page_has_the_infobox_facts(client, etoile):
    html = page(client, "/shows/etoile/")
    assert "<h1" in html
    for fact in [
        'href="/people/amy-sherman-palladino/"',
        'href="/people/daniel-palladino/"',
        'href="/organisations/prime-video/"',
        '<time datetime="2025-04-24">April 24, 2025</time>',
        "Cancelled",
        "All episodes at once",
        "Straight-to-series",
        '<time datetime="2023">2023</time>',
        "Drama",
        "swapping their most talented stars",
    ]:
        assert fact in html, fact


def test_show_page_says_how_many_seasons_were_made_of_those_ordered(client, etoile):
    html = page(client, "/shows/etoile/")
    assert "1 of 2 ordered" in html
    assert 'href="/shows/etoile/season-1/"' in html
    assert 'href="/shows/etoile/season-2/"' in html


def test_show_page_cast_table_lists_main_then_recurring(client, etoile):
    html = page(client, "/shows/etoile/")
    main = html.index('href="/people/luke-kirby/"')
    recurring = html.index('href="/people/yanic-truesdale/"')
    assert main < recurring
    assert html.index('href="/people/simon-callow/"') < recurring
    assert 'href="/shows/etoile/characters/cheyenne-toussaint/"' in html
    assert 'href="/people/marie-berto/"' in html


def test_show_page_has_a_news_timeline_and_numbered_references(client, etoile):
    html = page(client, "/shows/etoile/")
    assert html.index("Deadline first reports") < html.index("Amazon cancels Étoile")
    assert 'id="ref-1"' in html
    assert 'href="#ref-1"' in html
    assert "Étoile gets cancelled by Amazon Prime after season one" in html
    assert 'href="/organisations/metropolitan-ballet-theater/"' in html


def test_season_page_lists_its_untitled_episodes(client, etoile):
    html = page(client, "/shows/etoile/season-1/")
    for number in range(1, 9):
        assert f'href="/shows/etoile/season-1/episode-{number}/"' in html
    assert "Episode 8" in html
    assert "cliffhanger" in html
    assert 'href="/shows/etoile/"' in html


def test_the_cancelled_season_says_so(client, etoile):
    html = page(client, "/shows/etoile/season-2/")
    # In the words of the news event that cancelled it, linking to it (issue 18).
    assert '<a href="/news/amazon-cancels-etoile/">Cancelled</a>' in html
    assert 'href="/shows/etoile/season-1/"' in html


def test_episode_page_shows_episode_n_and_its_date(client, etoile):
    html = page(client, "/shows/etoile/season-1/episode-3/")
    assert "Episode 3" in html
    assert '<time datetime="2025-04-24">April 24, 2025</time>' in html
    assert 'href="/shows/etoile/season-1/episode-2/"' in html
    assert 'href="/shows/etoile/season-1/episode-4/"' in html


def test_character_list_names_who_plays_each(client, etoile):
    html = page(client, "/shows/etoile/characters/")
    for character in Character.objects.all():
        assert f'href="{character.get_absolute_url()}"' in html


def test_character_page(client, etoile):
    html = page(client, "/shows/etoile/characters/genevieve-lavigne/")
    assert "Geneviève Lavigne" in html
    assert 'href="/people/charlotte-gainsbourg/"' in html
    assert 'href="/shows/etoile/"' in html
    assert 'href="/organisations/le-ballet-national/"' in html
    assert "interim artistic director" in html


@pytest.mark.parametrize(
    "slug",
    [
        "luke-kirby",
        "charlotte-gainsbourg",
        "lou-de-laage",
        "gideon-glick",
        "david-alvarez",
        "ivan-du-pontavice",
        "tais-vinolo",
        "david-haig",
        "lamay-zhang",
        "simon-callow",
        "yanic-truesdale",
    ],
)
def test_actor_and_character_link_to_each_other(client, etoile, slug):
    """Both ways: the actor's page links the character, the character's page links back."""
    casting = Casting.objects.select_related("character", "person").get(person__slug=slug)
    person_url, character_url = (
        casting.person.get_absolute_url(),
        casting.character.get_absolute_url(),
    )
    assert f'href="{character_url}"' in page(client, person_url)
    assert f'href="{person_url}"' in page(client, character_url)
    assert 'href="/shows/etoile/"' in page(client, person_url)


def test_actor_without_a_named_character(client, etoile):
    html = page(client, "/people/tiler-peck/")
    assert "Tiler Peck" in html
    assert 'href="/shows/etoile/"' in html
    assert "Recurring" in html


def test_people_who_are_not_performers_have_pages(client, etoile):
    html = page(client, "/people/jennifer-salke/")
    assert 'href="/organisations/amazon-mgm-studios/"' in html
    assert '<time datetime="2025-03">March 2025</time>' in html
    assert 'href="/news/jennifer-salke-exits/"' in html
    creator = page(client, "/people/amy-sherman-palladino/")
    assert "Creator" in creator
    assert 'href="/shows/etoile/"' in creator


def test_people_list_has_everyone(client, etoile):
    html = page(client, "/people/")
    for person in Person.objects.all():
        assert f'href="{person.get_absolute_url()}"' in html


def test_a_ballet_company_of_the_story_is_not_called_fictional(client, etoile):
    """The article gives "ballet companies" the season centred on, not that they are fictional."""
    html = page(client, "/organisations/metropolitan-ballet-theater/")
    assert "Fictional" not in html
    assert "In the story of" in html
    assert "Ballet company" in html
    assert "New York" in html
    assert 'href="/shows/etoile/"' in html
    assert 'href="/shows/etoile/characters/jack-mcmillan/"' in html


def test_real_organisation_pages_link_their_shows_people_and_parts(client, etoile):
    prime = page(client, "/organisations/prime-video/")
    assert 'href="/shows/etoile/"' in prime
    # The article never says whose Prime Video or Amazon MGM Studios are (issue 16).
    assert 'href="/organisations/amazon/"' not in prime.split('<section aria-labelledby="news"')[0]
    assert "Part of" not in prime
    amazon = page(client, "/organisations/amazon/")
    assert "Divisions" not in amazon
    # Nor what Amazon is: no kind rather than a guessed one.
    assert "Company" not in amazon
    assert "Other" not in amazon
    studio = page(client, "/organisations/amazon-mgm-studios/")
    assert 'href="/people/jennifer-salke/"' in studio
    deadline = page(client, "/organisations/deadline/")
    assert 'href="/sources/deadline-2025-06-06/"' in deadline


def test_organisation_list(client, etoile):
    html = page(client, "/organisations/")
    for org in Organisation.objects.all():
        assert f'href="{org.get_absolute_url()}"' in html


def test_news_timeline_is_newest_first_with_dates_at_their_precision(client, etoile):
    html = page(client, "/news/")
    order = [
        "Deadline first reports",
        "Amazon cancels Étoile",
        "Étoile premieres",
        "Jennifer Salke exits",
        "two-season straight-to-series order",
        "Emmy campaign",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    assert '<time datetime="2025-06">early June 2025</time>' in html
    assert '<time datetime="2025-03">March 2025</time>' in html


def test_news_timeline_filters_by_show(client, etoile):
    html = page(client, "/news/?show=etoile")
    assert "Amazon cancels Étoile" in html
    assert client.get("/news/?show=no-such-show").status_code == HTTPStatus.NOT_FOUND


def test_news_timeline_out_of_range_page_is_not_found(client, etoile):
    assert client.get("/news/?page=999").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/news/?page=abc").status_code == HTTPStatus.NOT_FOUND


def test_news_event_page_lists_who_and_its_sources(client, etoile):
    html = page(client, "/news/amazon-cancels-etoile/")
    assert '<time datetime="2025-06">early June 2025</time>' in html
    assert 'href="/people/mike-hopkins/"' in html
    assert 'href="/organisations/prime-video/"' in html
    assert 'href="/shows/etoile/"' in html
    assert 'href="/sources/deadline-2025-06-06/"' in html
    assert "international filming locations" in html


def test_source_pages_list_what_cites_them(client, etoile):
    html = page(client, "/sources/deadline-2025-06-06/")
    assert "June 6, 2025" in html
    assert 'href="/organisations/deadline/"' in html
    # The wiki knows Deadline's report only as the article reports it (issue 16):
    # no entry lists it among its own sources, so the page has no empty list
    # of what cites it (issue 17).
    assert 'id="cited-by"' not in html
    seed = page(client, "/sources/etoile-cancelled-after-season-one/")
    assert 'href="/news/deadline-reports-cancellation/"' in seed
    listing = page(client, "/sources/")
    assert 'href="/sources/etoile-cancelled-after-season-one/"' in listing


def test_every_news_event_links_back_from_its_show(client, etoile):
    html = page(client, "/shows/etoile/")
    for event in NewsEvent.objects.all():
        assert f'href="{event.get_absolute_url()}"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/shows/nothing/",
        "/shows/etoile/season-9/",
        "/shows/etoile/season-0/",
        "/shows/etoile/season-1/episode-99/",
        "/shows/etoile/characters/nobody/",
        "/shows/nothing/characters/",
        "/people/nobody/",
        "/organisations/nothing/",
        "/news/nothing/",
        "/sources/nothing/",
        "/no/such/page/",
    ],
)
def test_unknown_addresses_get_the_sites_404_page(client, etoile, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.NOT_FOUND
    html = response.content.decode()
    assert "Étoile Wiki" in html
    assert 'href="/"' in html


def test_unicode_slugs_are_served(client, etoile):
    from tests.factories import PersonFactory

    PersonFactory(name="星", slug="星")
    response = client.get(reverse("people:detail", kwargs={"slug": "星"}))
    assert response.status_code == HTTPStatus.OK


def test_the_404_page_says_what_was_not_found(client, etoile):
    response = client.get("/news/?show=no-such-show")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "No show &#x27;no-such-show&#x27; to filter the news by." in response.content.decode()


def test_the_500_page_needs_no_context_and_keeps_the_sites_name():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Étoile Wiki" in html
    assert 'href="/"' in html


def test_show_page_lists_seasons_by_number_whatever_order_they_were_added_in(client):
    """The seasons table counts episodes (a grouped query): it still reads 1, 2, 3."""
    show = ShowFactory(slug="order-test")
    for number in (3, 1, 2):
        EpisodeFactory(season=SeasonFactory(show=show, number=number), number=1)
    html = page(client, "/shows/order-test/")
    links = [f'href="/shows/order-test/season-{n}/"' for n in (1, 2, 3)]
    positions = [html.index(link) for link in links]
    assert positions == sorted(positions)


def test_a_fictional_organisation_page_says_so(client, etoile):
    """When an editor states it, the page says it, with the show's story."""
    OrganisationFactory(
        name="Ballet Imaginaire",
        slug="ballet-imaginaire",
        is_fictional=True,
        show=Show.objects.get(slug="etoile"),
    )
    html = page(client, "/organisations/ballet-imaginaire/")
    assert "Fictional" in html
    assert 'href="/shows/etoile/"' in html


def test_the_show_page_says_only_that_the_companies_are_in_its_story(client, etoile):
    html = page(client, "/shows/etoile/")
    assert "exist only in the world of" not in html
    assert "Organisations in the story of Étoile:" in html
    french = page(client, "/fr/shows/etoile/")
    assert "existent que dans" not in french


def test_the_cast_the_article_does_not_bill_is_never_main_or_starring(client, etoile):
    """ "A cast that included ...": the show's infobox says "Cast", never "Starring"."""
    html = page(client, "/shows/etoile/")
    assert "Starring" not in html
    assert "Main cast" not in html
    assert '<th scope="row">Cast</th>' in html
    assert "Recurring cast" in html
    for url in (
        "/shows/etoile/season-1/",
        "/shows/etoile/characters/cheyenne-toussaint/",
        "/people/lou-de-laage/",
        "/people/",
    ):
        shown = page(client, url)
        assert "main cast" not in shown.lower(), url
        assert ">Main<" not in shown, url
        assert "main role" not in shown.lower(), url
