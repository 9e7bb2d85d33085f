"""
Entry pages describe their entry in schema.org JSON-LD, from what the page shows.

Each page's graph is read out of its HTML with a real parser and checked with a
JSON-LD processor (tests/machines/head.py): schema.org terms only, every linked
node typed and named, dates only as precise as the wiki knows them.
"""

import re
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Person
from shows.models import Casting, Episode, NewsEvent, Show
from tests.factories import EpisodeFactory, OrganisationFactory, SeasonFactory, ShowFactory
from tests.machines.head import read_head, validate
from tests.pages import page
from tests.shows.test_query_counts import PAGES

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
SHOW_ID = f"{BASE}/shows/etoile/#show"

# Every page that describes an entry, and the type of the node it is about.
ENTRY_PAGES = {
    "/": "WebSite",
    "/shows/etoile/": "TVSeries",
    "/shows/etoile/season-1/": "TVSeason",
    "/shows/etoile/season-2/": "TVSeason",
    "/shows/etoile/season-1/episode-3/": "TVEpisode",
    "/shows/etoile/characters/cheyenne-toussaint/": "Thing",
    "/people/lou-de-laage/": "Person",
    "/people/jennifer-salke/": "Person",
    "/people/amy-sherman-palladino/": "Person",
    "/organisations/amazon-mgm-studios/": "Organization",
    "/organisations/prime-video/": "Organization",
    # The article never says what Deadline is, nor whether the ballet companies exist
    # outside the story (issue 16): only what it says, "ballet companies".
    "/organisations/deadline/": "Organization",
    "/organisations/metropolitan-ballet-theater/": "DanceGroup",
    "/news/amazon-cancels-etoile/": "Event",
    "/news/emmy-campaign-continues/": "Event",
    "/sources/deadline-2025-06-06/": "CreativeWork",
}


# The lists among the pages whose queries are counted: no entry, no graph.
LIST_PAGES = {
    "/shows/",
    "/shows/etoile/characters/",
    "/people/",
    "/organisations/",
    "/news/",
    "/sources/",
    "/search/",
}


def graph_of(client, url):
    return read_head(page(client, url)).graph


def subject(client, url):
    """The node the page is about: the first of its graph."""
    return graph_of(client, url)[0]


def ids(nodes):
    return [node["@id"] for node in nodes]


@pytest.mark.parametrize(("url", "kind"), ENTRY_PAGES.items())
def test_every_entry_page_describes_its_entry_in_valid_schema_org(client, etoile, url, kind):
    """The graph is schema.org as a JSON-LD processor reads it, about the page's entry."""
    head = read_head(page(client, url))
    nodes = validate(head.json_ld[0])
    first = head.graph[0]
    assert first["@type"] == kind
    assert first["url"] == head.canonical[0]
    assert first["@id"] in nodes


@pytest.mark.parametrize("url", ["/shows/", "/news/", "/people/", "/search/?q=lou"])
def test_lists_and_searches_carry_no_json_ld(client, etoile, url):
    assert read_head(page(client, url)).json_ld == []


def test_a_show_is_a_tv_series_with_its_makers_cast_and_counts(client, etoile):
    html = page(client, "/shows/etoile/")
    series = read_head(html).graph[0]

    assert series["@id"] == SHOW_ID
    assert series["name"] == "Étoile"
    assert series["url"] == f"{BASE}/shows/etoile/"
    assert series["genre"] == "Drama"
    assert series["startDate"] == "2025-04-24"
    assert series["creativeWorkStatus"] == "Cancelled"
    assert series["description"].startswith("Étoile is a drama created by Amy Sherman-Palladino")
    assert "[[" not in series["description"]
    assert series["abstract"].startswith("The dancers and artistic staff")
    # The infobox's counts: one season made (of two ordered), eight episodes.
    assert series["numberOfSeasons"] == 1
    assert (
        series["numberOfEpisodes"]
        == 8
        == Episode.objects.filter(season__show__slug="etoile").count()
    )
    episodes = r"<th scope=\"row\">Episodes</th><td>8<span class=\"fact-refs\"><sup class=\"ref"
    assert re.search(episodes, html)
    assert series["publisher"] == {
        "@type": "Organization",
        "@id": f"{BASE}/organisations/prime-video/#organisation",
        "name": "Prime Video",
        "url": f"{BASE}/organisations/prime-video/",
    }
    assert "productionCompany" not in series  # the wiki records none
    assert series["creator"] == [
        {
            "@type": "Person",
            "@id": f"{BASE}/people/{slug}/#person",
            "name": name,
            "url": f"{BASE}/people/{slug}/",
        }
        for slug, name in [
            ("amy-sherman-palladino", "Amy Sherman-Palladino"),
            ("daniel-palladino", "Daniel Palladino"),
        ]
    ]
    seasons = series["containsSeason"]
    assert [s["seasonNumber"] for s in seasons] == [1, 2]
    assert seasons[0]["numberOfEpisodes"] == 8
    assert seasons[0]["startDate"] == "2025-04-24"
    # The cancelled second season was never released: no date, and it says why.
    assert "startDate" not in seasons[1]
    # The word of the news event that cancelled it (shows/statuses.py).
    assert seasons[1]["creativeWorkStatus"] == "Cancelled"


def test_the_show_names_the_seed_cast_as_performance_roles(client, etoile):
    """
    Every casting of the fixture, in the page's order: actor, character, billing. The
    article bills none of the ten it names first ("a cast that included"): plain "cast".
    """
    roles = subject(client, "/shows/etoile/")["actor"]
    castings = Casting.objects.filter(show__slug="etoile").select_related("person", "character")

    assert len(roles) == castings.count() == 15
    assert all(role["@type"] == "PerformanceRole" for role in roles)
    assert not [r for r in roles if "main" in r["roleName"]]
    cast = [(r["actor"]["name"], r.get("characterName")) for r in roles if r["roleName"] == "cast"]
    assert cast == [
        (c.person.name, c.character.name)
        for c in castings
        if c.billing == Casting.Billing.NOT_STATED
    ]
    assert cast[:3] == [
        ("Luke Kirby", "Jack McMillan"),
        ("Charlotte Gainsbourg", "Geneviève Lavigne"),
        ("Lou de Laâge", "Cheyenne Toussaint"),
    ]
    assert len(cast) == 10
    recurring = [r for r in roles if r["roleName"] == "recurring cast"]
    assert recurring[0]["characterName"] == "Raphaël Marchand"
    # Four recurring actors whose characters the seed does not name: no name is made up.
    unnamed = [r["actor"]["name"] for r in recurring if "characterName" not in r]
    assert unnamed == ["Marie Berto", "Joy Womack", "Tiler Peck", "Christine Chang"]
    lou = next(r["actor"] for r in roles if r["actor"]["name"] == "Lou de Laâge")
    assert lou["@id"] == f"{BASE}/people/lou-de-laage/#person"
    assert lou["url"] == f"{BASE}/people/lou-de-laage/"


def test_a_season_belongs_to_its_series_and_counts_the_episodes_it_lists(client, etoile):
    html = page(client, "/shows/etoile/season-1/")
    season = read_head(html).graph[0]
    # The episodes section's table: "What links here" lists the episodes too.
    episodes = html.split('id="episodes"', 1)[1].split("</section>", 1)[0]
    listed = re.findall(r'<a href="(/shows/etoile/season-1/episode-\d+/)">', episodes)

    assert season["@id"] == f"{BASE}/shows/etoile/season-1/#season"
    assert season["partOfSeries"]["@id"] == SHOW_ID
    assert season["seasonNumber"] == 1
    assert season["startDate"] == "2025-04-24"
    assert season["numberOfEpisodes"] == len(season["episode"]) == len(listed) == 8
    assert [e["url"] for e in season["episode"]] == [BASE + path for path in listed]
    assert [e["name"] for e in season["episode"]] == [f"Episode {n}" for n in range(1, 9)]
    assert len(season["actor"]) == 15


def test_an_unreleased_season_has_no_start_date_and_no_episodes(client, etoile):
    season = subject(client, "/shows/etoile/season-2/")
    assert season["numberOfEpisodes"] == 0
    assert "startDate" not in season
    assert "episode" not in season


def test_an_episode_without_a_title_is_named_as_its_page_names_it(client, etoile):
    html = page(client, "/shows/etoile/season-1/episode-3/")
    episode = read_head(html).graph[0]
    heading = re.search(r"<h1>(.*?)</h1>", html)[1]

    assert episode["name"] == heading == "Episode 3"
    assert episode["episodeNumber"] == 3
    assert episode["datePublished"] == "2025-04-24"
    assert episode["partOfSeason"]["@id"] == f"{BASE}/shows/etoile/season-1/#season"
    assert episode["partOfSeason"]["seasonNumber"] == 1
    assert episode["partOfSeries"]["@id"] == SHOW_ID
    assert "description" not in episode  # no summary written yet


def test_an_episode_with_a_title_is_named_by_it(client, db):
    show = ShowFactory(slug="dance", title="Dance")
    EpisodeFactory(season=SeasonFactory(show=show, number=1), number=2, title="Pas de deux")
    episode = subject(client, "/shows/dance/season-1/episode-2/")
    assert episode["name"] == "Pas de deux"
    assert "datePublished" not in episode


def test_a_person_page_gives_their_roles_pointing_back_at_them(client, etoile):
    person, series = graph_of(client, "/people/lou-de-laage/")
    assert person["@type"] == "Person"
    assert person["@id"] == f"{BASE}/people/lou-de-laage/#person"
    assert "description" not in person  # no biography yet
    assert series["@id"] == SHOW_ID
    assert series["actor"] == [
        {
            "@type": "PerformanceRole",
            "actor": {"@id": person["@id"]},
            "characterName": "Cheyenne Toussaint",
            "roleName": "cast",
        }
    ]


def test_a_creator_page_credits_them_on_the_series(client, etoile):
    person, series = graph_of(client, "/people/amy-sherman-palladino/")
    assert series["creator"] == [{"@id": person["@id"]}]
    assert person["description"].startswith("Created Étoile with Daniel Palladino.")


def test_a_post_is_an_employee_role_dated_to_the_month(client, etoile):
    """Jennifer Salke left in March 2025: "2025-03", not a made-up day; no start is known."""
    (salke,) = graph_of(client, "/people/jennifer-salke/")
    (post,) = salke["worksFor"]
    assert post["@type"] == "EmployeeRole"
    assert post["roleName"] == "Head"
    assert post["endDate"] == "2025-03"
    assert "startDate" not in post
    assert post["worksFor"]["@id"] == f"{BASE}/organisations/amazon-mgm-studios/#organisation"

    studio = subject(client, "/organisations/amazon-mgm-studios/")
    assert "parentOrganization" not in studio  # the article never says whose it is
    staff = {role["employee"]["@id"]: role for role in studio["employee"]}
    assert staff[salke["@id"]]["endDate"] == "2025-03"


def test_a_network_publishes_its_shows(client, etoile):
    prime, *released = graph_of(client, "/organisations/prime-video/")
    assert prime["@type"] == "Organization"
    assert [(s["@id"], s["publisher"]) for s in released] == [(SHOW_ID, {"@id": prime["@id"]})]


def test_story_things_are_not_passed_off_as_real_organisations_or_people(client, etoile):
    # Whether the companies exist outside the story the article does not say: they are
    # what it calls them, ballet companies, and the subject of the show.
    company = subject(client, "/organisations/metropolitan-ballet-theater/")
    assert company["@type"] == "DanceGroup"
    assert company["subjectOf"]["@id"] == SHOW_ID

    fictional = OrganisationFactory(is_fictional=True, show=Show.objects.get(slug="etoile"))
    story = subject(client, fictional.get_absolute_url())
    assert story["@type"] == "Thing"
    assert story["subjectOf"]["@id"] == SHOW_ID

    character, series = graph_of(client, "/shows/etoile/characters/cheyenne-toussaint/")
    assert character["@type"] == "Thing"
    assert character["subjectOf"] == {"@id": SHOW_ID}
    assert series["@id"] == SHOW_ID
    assert [(r["actor"]["name"], r["characterName"]) for r in series["actor"]] == [
        ("Lou de Laâge", "Cheyenne Toussaint")
    ]


@pytest.mark.parametrize(
    ("slug", "start"),
    [
        ("two-season-order", "2023"),
        ("jennifer-salke-exits", "2025-03"),
        # "Early June 2025": ISO 8601 has no "early", so the month, never a day.
        ("amazon-cancels-etoile", "2025-06"),
        ("deadline-reports-cancellation", "2025-06-06"),
        ("emmy-campaign-continues", None),
    ],
)
def test_a_news_event_is_dated_at_its_own_precision(client, etoile, slug, start):
    event = subject(client, f"/news/{slug}/")
    assert event["@type"] == "Event"
    assert event["name"] == NewsEvent.objects.get(slug=slug).headline
    assert event.get("startDate") == start


def test_a_news_event_is_about_what_it_involved_and_cites_its_reports(client, etoile):
    event = subject(client, "/news/amazon-cancels-etoile/")
    about = {node["@id"]: node["@type"] for node in event["about"]}
    assert about[SHOW_ID] == "TVSeries"
    assert about[f"{BASE}/people/mike-hopkins/#person"] == "Person"
    assert about[f"{BASE}/organisations/amazon/#organisation"] == "Organization"
    # Only what the article ties to the cancellation (issue 16): not Nielsen's charts.
    assert f"{BASE}/organisations/nielsen/#organisation" not in about
    assert len(about) == 1 + 2 + 2  # the infobox's show, people and organisations

    reports = {node["url"]: node for node in event["subjectOf"]}
    # Deadline's report is cited only as the article reports it (issue 16): the
    # wiki never read it, so the event is not said to be its subject.
    assert f"{BASE}/sources/deadline-2025-06-06/" not in reports
    deadline = subject(client, "/sources/deadline-2025-06-06/")
    assert deadline["@type"] == "CreativeWork"
    assert deadline["datePublished"] == "2025-06-06"
    # The article never says what Deadline is: an organisation, not a news outlet.
    assert deadline["publisher"]["@type"] == "Organization"
    # The seed article's publisher and date are unknown: left out, not guessed.
    seed = reports[f"{BASE}/sources/etoile-cancelled-after-season-one/"]
    assert "publisher" not in seed
    assert "datePublished" not in seed
    assert "sameAs" not in seed


def test_the_home_page_offers_the_site_search_as_a_search_action(client, etoile):
    (site,) = graph_of(client, "/")
    assert site["@type"] == "WebSite"
    assert site["name"] == "Étoile Wiki"
    assert site["url"] == f"{BASE}/"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["query-input"] == "required name=search_term_string"
    template = action["target"]["urlTemplate"]
    assert template == f"{BASE}/search/?q={{search_term_string}}"

    # The template works: filled in, it is the wiki's search.
    url = urlsplit(template.replace("{search_term_string}", "ballet"))
    response = client.get(f"{url.path}?{url.query}")
    assert response.status_code == HTTPStatus.OK
    assert "Search results" in response.content.decode()


def test_editor_text_cannot_break_out_of_the_json_ld_script(client, db):
    """A name with </script> stays data: the page has no script element the editor wrote."""
    hostile = 'Swan </script><script>alert("x")</script> <!-- Lake & co'
    ShowFactory(slug="swan", title=hostile, description=f"About {hostile}", genre="</SCRIPT>")
    html = page(client, "/shows/swan/")
    head = read_head(html)

    series = head.graph[0]
    assert series["name"] == hostile
    assert series["description"] == f"About {hostile}"
    assert series["genre"] == "</SCRIPT>"
    assert "<script>alert" not in html
    assert "</SCRIPT>" not in html
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    for character in "<>&":
        assert character not in script
    assert head.title == f"{hostile} \N{EN DASH} Étoile Wiki"
    assert head.one("og:title") == hostile
    assert head.one("og:description") == head.description == f"About {hostile}"


def test_json_ld_costs_no_query_on_any_page(client, etoile):
    """The counts that tests/shows/test_query_counts.py holds, with the graph on the page."""
    for url, expected in PAGES.items():
        assert client.get(url).status_code == HTTPStatus.OK  # texts rendered once, as there
        with CaptureQueriesContext(connection) as queries:
            html = page(client, url)
        assert len(queries) == expected, url
        has_graph = read_head(html).json_ld != []
        assert has_graph == (urlsplit(url).path not in LIST_PAGES), url


def test_a_person_page_with_many_roles_costs_the_same(client, etoile):
    """Roles in many shows are read from what the page prefetched, not one query each."""
    lou = Person.objects.get(slug="lou-de-laage")
    url = "/people/lou-de-laage/"
    assert client.get(url).status_code == HTTPStatus.OK
    for i in range(12):
        show = ShowFactory(network=Show.objects.get(slug="etoile").network)
        Casting.objects.create(show=show, person=lou, billing=Casting.Billing.GUEST, order=i)
    with CaptureQueriesContext(connection) as queries:
        graph = graph_of(client, url)
    assert len(queries) == PAGES[url]
    assert len(graph) == 1 + 13
    assert all(node["actor"][0]["actor"] == {"@id": graph[0]["@id"]} for node in graph[1:])
