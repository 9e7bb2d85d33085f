"""
The API's reference page (issue 19): made from the OpenAPI document, so it
names every operation, parameter and shape the code serves, on the wiki's own
page (no script); and a kind declared only in its registration is in both.
"""

import html
import re

import pytest

from api.views import api

pytestmark = pytest.mark.django_db

REFERENCE = "/api/v1/docs"


def text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_reference_names_every_operation_and_shape_of_the_document(client, etoile):
    response = client.get(REFERENCE)
    assert response.status_code == 200
    page = response.content.decode()
    document = api.get_openapi_schema()
    for path, methods in document["paths"].items():
        for operation in methods.values():
            assert f'id="{operation["operationId"]}"' in page
            assert f"GET {path}" in page
            for parameter in operation.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in page
    for name in document["components"]["schemas"]:
        assert f'id="shape-{name}"' in page
    words = text(page)
    assert "embed" in words
    assert (
        'list of one of "seasons", "episodes", "cast", "crew", "characters", '
        '"status_history", "news"' in words
    )
    assert "at most 100" in words  # per_page's bound, from the document


def test_its_links_to_shapes_lead_somewhere_on_the_page(client, etoile):
    page = client.get(REFERENCE).content.decode()
    targets = set(re.findall(r'href="#([^"]+)"', page))
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert targets
    assert targets <= ids | {"content"}


def test_a_kind_declared_only_by_registration_is_in_the_api_and_its_reference(client, etoile):
    from shows.models import Show
    from tests.kinds.models import Venue

    venue = Venue.objects.create(name="A venue for the test", slug="a-venue-for-the-test")
    venue.shows.set([Show.objects.get(slug="etoile")])
    document = api.get_openapi_schema()
    assert {"/api/v1/venues", "/api/v1/venues/{id}", "/api/v1/venues/slug/{slug}"} <= set(
        document["paths"]
    )
    assert set(document["components"]["schemas"]["Venue"]["properties"]) == {
        "id",
        "links",
        "name",
        "slug",
        "description",
        "shows",
        "sources",
    }
    found = client.get("/api/v1/venues?show=etoile").json()["results"]
    assert [each["name"] for each in found] == ["A venue for the test"]
    assert found[0]["shows"][0]["name"] == "Étoile"
    assert 'id="shape-Venue"' in client.get(REFERENCE).content.decode()


def test_the_reference_is_kept_by_the_page_cache_like_any_page(client, etoile, page_cache):
    first = client.get(REFERENCE)
    again = client.get(REFERENCE)
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert again.content == first.content
    assert 'id="shape-Show"' in again.content.decode()
