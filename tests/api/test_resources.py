"""
The API's resources over the seed (issue 19): every kind's list, lookups by id
and by the parts of its page's address, embeds, dates at their precision and
citations with their passages.
"""

import pytest

pytestmark = pytest.mark.django_db

ROOT = "/api/v1/"
ORIGIN = "http://testserver"
SOURCE = "etoile-cancelled-after-season-one"

# Each collection, and an entry of it with the address its page has.
LOOKUPS = [
    ("shows", "slug/etoile", "Étoile"),
    ("seasons", "slug/etoile/1", 1),
    ("episodes", "slug/etoile/1/3", 3),
    ("characters", "slug/etoile/cheyenne-toussaint", "Cheyenne Toussaint"),
    ("people", "slug/charlotte-gainsbourg", "Charlotte Gainsbourg"),
    ("organisations", "slug/prime-video", "Prime Video"),
    ("news", "slug/amazon-cancels-etoile", None),
    ("sources", f"slug/{SOURCE}", None),
]


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:500])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def test_the_index_lists_every_collection_and_the_document(client, etoile):
    index = get(client, ROOT)
    assert list(index["collections"]) == [
        "people",
        "shows",
        "seasons",
        "episodes",
        "characters",
        "organisations",
        "news",
        "sources",
        "venues",
    ]
    assert index["collections"]["shows"] == f"{ORIGIN}/api/v1/shows"
    assert index["openapi"] == f"{ORIGIN}/api/v1/openapi.json"
    assert index["reference"] == f"{ORIGIN}/api/v1/docs"


@pytest.mark.parametrize(("kind", "address", "name"), LOOKUPS)
def test_each_kind_is_found_by_id_and_by_its_address_alike(client, etoile, kind, address, name):
    by_address = get(client, f"{ROOT}{kind}/{address}")
    by_id = get(client, f"{ROOT}{kind}/{by_address['id']}")
    assert by_id == by_address
    assert by_id["links"]["self"] == f"{ORIGIN}{ROOT}{kind}/{by_id['id']}"
    # The page the wiki shows it on, for a reader.
    assert client.get(by_id["links"]["page"].removeprefix(ORIGIN)).status_code == 200
    if name is not None:
        assert name in (by_id.get("title"), by_id.get("name"), by_id.get("number"))
    listed = get(client, f"{ROOT}{kind}?per_page=100")
    assert by_id["id"] in [item["id"] for item in listed["results"]]


def test_an_unknown_slug_or_id_is_a_404_in_the_errors_shape(client, etoile):
    error = get(client, f"{ROOT}shows/slug/no-such-show", status=404)
    assert error == {
        "error": {
            "status": 404,
            "code": "not_found",
            "message": "No show has slug 'no-such-show'.",
            "details": [],
        }
    }
    assert get(client, f"{ROOT}episodes/slug/etoile/1/99", status=404)["error"]["message"] == (
        "No episode has show 'etoile', season 1, number 99."
    )
    assert get(client, f"{ROOT}people/999999", status=404)["error"]["code"] == "not_found"
    # An address no operation has is a 404 of the same shape, not the wiki's HTML page.
    assert get(client, f"{ROOT}nothing-here", status=404)["error"]["code"] == "not_found"
    assert get(client, "/api/v2/shows", status=404)["error"]["status"] == 404


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("per_page=0", "per_page"),
        ("per_page=101", "per_page"),
        ("page=0", "page"),
        ("page=first", "page"),
        ("season=one", "season"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(client, etoile, query, parameter):
    error = get(client, f"{ROOT}episodes?{query}", status=400)["error"]
    assert error["code"] == "bad_request"
    assert [detail["parameter"] for detail in error["details"]] == [parameter]


def test_an_embed_the_kind_does_not_have_is_a_400(client, etoile):
    error = get(client, f"{ROOT}shows/slug/etoile?embed=castings", status=400)["error"]
    assert error["details"][0]["parameter"] == "embed"
    assert "cast" in error["details"][0]["message"]


def test_lists_page_with_links_in_the_body_and_the_link_header(client, etoile):
    response = client.get(f"{ROOT}episodes?show=etoile&per_page=3&page=2")
    page = response.json()
    assert (page["count"], page["page"], page["pages"], page["per_page"]) == (8, 2, 3, 3)
    assert [episode["number"] for episode in page["results"]] == [4, 5, 6]
    base = f"{ORIGIN}{ROOT}episodes?show=etoile&per_page=3&page="
    assert (page["first"], page["previous"], page["next"], page["last"]) == (
        f"{base}1",
        f"{base}1",
        f"{base}3",
        f"{base}3",
    )
    assert response["Link"] == (
        f'<{base}1>; rel="first", <{base}1>; rel="previous", '
        f'<{base}3>; rel="next", <{base}3>; rel="last"'
    )
    last = get(client, page["next"].removeprefix(ORIGIN))
    assert [episode["number"] for episode in last["results"]] == [7, 8]
    assert last["next"] is None
    error = get(client, f"{ROOT}episodes?show=etoile&per_page=3&page=4", status=404)["error"]
    assert (error["code"], error["message"]) == ("page_not_found", "No page 4: there are 3.")


def test_filters_narrow_a_list(client, etoile):
    assert get(client, f"{ROOT}episodes?show=etoile&season=1&per_page=100")["count"] == 8
    assert get(client, f"{ROOT}episodes?show=another-show")["count"] == 0
    characters = get(client, f"{ROOT}characters?show=etoile&per_page=100")
    assert characters["count"] == len(characters["results"]) > 5


def test_a_show_with_its_cast_seasons_and_episodes_in_one_request(client, etoile):
    show = get(client, f"{ROOT}shows/slug/etoile?embed=cast&embed=seasons&embed=episodes")
    embedded = show["embedded"]
    assert list(embedded) == ["seasons", "episodes", "cast"]
    assert [season["number"] for season in embedded["seasons"]] == [1, 2]
    assert [episode["number"] for episode in embedded["episodes"]] == list(range(1, 9))
    gainsbourg = next(
        casting
        for casting in embedded["cast"]
        if casting["person"]["name"] == "Charlotte Gainsbourg"
    )
    assert gainsbourg["person"]["url"].startswith(f"{ORIGIN}{ROOT}people/")
    assert gainsbourg["show"]["name"] == "Étoile"
    # Without embed, no embedded lists at all.
    assert "embedded" not in get(client, f"{ROOT}shows/slug/etoile")


def test_dates_keep_the_precision_their_source_gives(client, etoile):
    cancellation = get(client, f"{ROOT}news/slug/amazon-cancels-etoile")
    assert cancellation["date"] == {
        "value": "2025-06",
        "precision": "part_of_month",
        "part": "early",
        "label": "early June 2025",
        "earliest": "2025-06-01",
        "latest": "2025-06-10",
    }
    show = get(client, f"{ROOT}shows/slug/etoile")
    assert show["order_date"]["value"] == "2023"
    assert show["order_date"]["precision"] == "year"
    assert show["premiere_date"]["value"] == "2025-04-24"
    assert show["premiere_date"]["precision"] == "day"
    # A date no source gives stays unknown.
    undated = get(client, f"{ROOT}news/slug/emmy-campaign-continues")
    assert undated["date"] is None


def test_citations_quote_their_passages_and_lead_to_their_source(client, etoile):
    show = get(client, f"{ROOT}shows/slug/etoile")
    passages = [citation["passage"] for citation in show["description"]["citations"]]
    assert "Despite a two-season straight-to-series order in 2023" in passages
    assert show["fact_citations"]["premiere_date"][0]["passage"] == "premiered on April 24, 2025"
    citation = show["description"]["citations"][0]
    assert citation["source"] == SOURCE
    source = get(client, citation["source_url"].removeprefix(ORIGIN))
    assert source["key"] == SOURCE
    assert [each["name"] for each in show["sources"]] == [source["title"]]
    changes = get(client, f"{ROOT}news/slug/amazon-cancels-etoile?embed=status_changes")
    cancelled = changes["embedded"]["status_changes"]
    assert [change["change"] for change in cancelled] == ["cancelled", "cancelled"]
    of_the_show = next(change for change in cancelled if change["season"] is None)
    assert of_the_show["citation"][0]["passage"] == (
        "In June 2025, Amazon officially canceled the show"
    )


def test_a_show_and_its_seasons_give_their_status_today_from_their_news(client, etoile):
    status = get(client, f"{ROOT}shows/slug/etoile")["status"]
    assert (status["change"], status["label"], status["recorded"]) == (
        "cancelled",
        "Cancelled",
        True,
    )
    assert status["date"]["value"] == "2025-06"
    assert status["date"]["part"] == "early"
    assert status["event"]["name"] == "Amazon cancels Étoile after one season"
    assert status["citations"][0]["passage"] == (
        "In June 2025, Amazon officially canceled the show"
    )
    seasons = get(client, f"{ROOT}seasons?show=etoile")["results"]
    assert [season["status"]["change"] for season in seasons] == ["premiered", "cancelled"]
    assert seasons[0]["status"]["label"] == "Released"


def test_with_no_change_recorded_the_typed_status_is_given_as_typed(client, etoile):
    from tests.factories import ShowFactory

    ShowFactory(slug="typed-show", status="airing")
    status = get(client, f"{ROOT}shows/slug/typed-show")["status"]
    assert status == {
        "change": "airing",
        "label": "Airing",
        "recorded": False,
        "date": None,
        "event": None,
        "citations": [],
    }


def test_a_text_gives_its_words_apart_from_its_spoilers(client, etoile):
    description = get(client, f"{ROOT}shows/slug/etoile")["description"]
    assert "cliffhanger" in description["markup"]
    assert "cliffhanger" not in description["text"]
    assert description["spoilers"] == [
        {"episode": "S01E08", "title": "", "text": "Its first season ended on a cliffhanger."}
    ]


def test_a_text_editors_translated_comes_with_its_translation(client, etoile):
    from shows.models import Show

    Show.objects.filter(slug="etoile").update(synopsis_fr="Deux compagnies de ballet.")
    synopsis = get(client, f"{ROOT}shows/slug/etoile")["synopsis"]
    assert synopsis["translations"] == {
        "fr": {"markup": "Deux compagnies de ballet.", "text": "Deux compagnies de ballet."}
    }
    assert (
        get(client, f"{ROOT}characters/slug/etoile/cheyenne-toussaint")["description"][
            "translations"
        ]
        == {}
    )


def test_search_finds_entries_with_their_resources(client, etoile):
    found = get(client, f"{ROOT}search?q=gainsbourg")
    hit = found["results"][0]
    assert hit["title"] == "Charlotte Gainsbourg"
    assert hit["kind"] == "actor"
    person = get(client, hit["url"].removeprefix(ORIGIN))
    assert person["name"] == "Charlotte Gainsbourg"
    assert "<" not in hit["snippet"]
    only_news = get(client, f"{ROOT}search?q=cancel&type=news")
    assert {hit["kind"] for hit in only_news["results"]} == {"news"}
    assert get(client, f"{ROOT}search?q=", status=400)["error"]["details"][0]["parameter"] == "q"
    assert get(client, f"{ROOT}search?q=gainsbourg&page=2", status=404)["error"]["code"] == (
        "page_not_found"
    )
