"""
The API over HTTP as clients and caches meet it (issue 19): conditional GET,
CORS for reads, the rate limit per client, errors as JSON from every layer,
and the page cache's precise invalidation, which serves the API as it serves pages.
"""

import pytest

from people.models import Person
from shows.models import Organisation, Show

pytestmark = pytest.mark.django_db

SHOWS = "/api/v1/shows"
ETOILE = "/api/v1/shows/slug/etoile"
PEOPLE = "/api/v1/people"


@pytest.mark.parametrize("cached", [False, True])
def test_an_unchanged_answer_is_a_304_to_a_client_that_has_it(client, etoile, settings, cached):
    settings.PAGE_CACHE_SECONDS = 600 if cached else 0
    first = client.get(ETOILE)
    etag = first["ETag"]
    assert etag
    assert first["Cache-Control"] == "no-cache"
    again = client.get(ETOILE, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(ETOILE, HTTP_IF_NONE_MATCH='"another"').status_code == 200


def test_a_read_from_another_origin_is_allowed_and_told_what_it_may_read(client, etoile):
    response = client.get(SHOWS, HTTP_ORIGIN="https://app.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    exposed = {
        name.strip().lower() for name in response["Access-Control-Expose-Headers"].split(",")
    }
    assert exposed == {"etag", "link", "retry-after"}
    # The same to every origin, but not to a request without one: caches keep them apart.
    assert "origin" in response["Vary"].lower()
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_for_a_conditional_read_is_answered(client, etoile):
    response = client.options(
        SHOWS,
        HTTP_ORIGIN="https://app.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "if-none-match" in response["Access-Control-Allow-Headers"]
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_pages_are_not_opened_to_other_origins(client, etoile):
    response = client.get("/shows/etoile/", HTTP_ORIGIN="https://app.example")
    assert "Access-Control-Allow-Origin" not in response


def limited(client, url, address, **headers):
    return client.get(url, REMOTE_ADDR=address, **headers)


@pytest.mark.parametrize("cached", [False, True])
def test_past_its_limit_a_client_gets_429_with_retry_after(client, etoile, settings, cached):
    settings.API_RATE_LIMIT = "3/min"
    settings.PAGE_CACHE_SECONDS = 600 if cached else 0
    address = "203.0.113.7" if cached else "203.0.113.8"
    answers = [limited(client, ETOILE, address) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    if cached:
        # Served from the page cache, and counted all the same.
        assert answers[-1]["X-Page-Cache"] == "hit"
    refused = limited(client, ETOILE, address, HTTP_ORIGIN="https://app.example")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Content-Type"] == "application/json; charset=utf-8"
    error = refused.json()["error"]
    assert (error["status"], error["code"]) == (429, "rate_limited")
    assert "at most 3/min" in error["message"]
    # A browser app may read why, and when to try again.
    assert refused["Access-Control-Allow-Origin"] == "*"
    # Another client is not held back by this one.
    assert limited(client, ETOILE, "198.51.100.1").status_code == 200


def test_a_forwarded_for_header_does_not_make_a_new_client(client, etoile, settings):
    settings.API_RATE_LIMIT = "2/min"
    statuses = [
        limited(client, SHOWS, "203.0.113.9", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_behind_a_proxy_of_ours_the_forwarded_client_is_counted(client, etoile, settings):
    settings.API_RATE_LIMIT = "1/min"
    settings.TRUSTED_PROXY_COUNT = 1

    def through_the_proxy(client_address):
        # The proxy appends the address it was reached from; the rest the client wrote.
        forwarded = f"10.9.9.9, {client_address}"
        return limited(client, SHOWS, "192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [through_the_proxy("198.51.100.20"), through_the_proxy("198.51.100.20")] == [200, 429]
    assert through_the_proxy("198.51.100.21") == 200


def test_the_limit_leaves_the_wikis_pages_alone(client, etoile, settings):
    settings.API_RATE_LIMIT = "1/min"
    statuses = [limited(client, "/shows/etoile/", "203.0.113.10").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/shows/slug/bad%01slug", 400),
        ("/api/v1/shows?show=%07", 400),
        ("/api/v1/shows/slug/etoile/extra/parts", 404),
        ("/api/nothing", 404),
    ],
)
def test_errors_before_any_view_are_json_too(client, etoile, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["error"]["status"] == status


def test_a_write_method_is_refused_and_told_what_is_allowed(client, etoile):
    response = client.post(SHOWS, {"title": "New"})
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["error"] == {
        "status": 405,
        "code": "method_not_allowed",
        "message": "This address answers GET only: the API is read-only.",
        "details": [],
    }
    assert Show.objects.count() == 1
    assert client.head(SHOWS).status_code == 405


def test_the_wikis_own_404_page_is_still_html(client, etoile):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def states(client, *urls):
    return {url: client.get(url)["X-Page-Cache"] for url in urls}


def test_an_edit_drops_exactly_the_answers_that_show_it(client, etoile, page_cache):
    states(client, SHOWS, ETOILE, PEOPLE)
    assert states(client, SHOWS, ETOILE, PEOPLE) == {SHOWS: "hit", ETOILE: "hit", PEOPLE: "hit"}

    show = Show.objects.get(slug="etoile")
    show.genre = "Drama, ballet"
    show.save()
    assert states(client, SHOWS, ETOILE, PEOPLE) == {SHOWS: "miss", ETOILE: "miss", PEOPLE: "hit"}
    assert client.get(ETOILE).json()["genre"] == "Drama, ballet"

    # A person is in the people list, and in no show's own answer.
    person = Person.objects.get(slug="charlotte-gainsbourg")
    person.biography = "Edited."
    person.save()
    assert states(client, SHOWS, ETOILE, PEOPLE) == {SHOWS: "hit", ETOILE: "hit", PEOPLE: "miss"}

    # What a show's answer names of another entry (its network) follows that entry.
    network = Organisation.objects.get(slug="prime-video")
    network.name = "Prime Video (Amazon)"
    network.save()
    assert client.get(ETOILE)["X-Page-Cache"] == "miss"
    assert client.get(ETOILE).json()["network"]["name"] == "Prime Video (Amazon)"
