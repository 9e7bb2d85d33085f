"""/robots.txt lets crawlers read the wiki, keeps them out of its tools, and names the sitemap."""

from http import HTTPStatus
from urllib.robotparser import RobotFileParser

import pytest

pytestmark = pytest.mark.django_db

HOST = "wiki.example.org"


@pytest.fixture
def robots(client, settings):
    settings.ALLOWED_HOSTS = [HOST]
    response = client.get("/robots.txt", headers={"host": HOST}, secure=True)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    parser = RobotFileParser()
    parser.parse(response.content.decode().splitlines())
    return parser


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/shows/etoile/",
        "/shows/etoile/characters/cheyenne-toussaint/",
        "/people/lou-de-laage/",
        "/news/?show=etoile",
        "/news/feed/atom/",
        "/images/some-picture/",
        "/recent-changes/",
        # The public record of who changed what: linked from every entry.
        "/history/shows.character/1/",
        "/history/shows.character/1/diff/?from=1&to=2",
        "/history/version/3/",
        "/static/css/site.css",
        "/sitemap.xml",
    ],
)
def test_readers_pages_are_open_to_crawlers(robots, path):
    assert robots.can_fetch("AnyBot", f"https://{HOST}{path}")


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/shows/show/",
        "/search/?q=lou",
        "/search/suggest/?q=lo",
        "/wiki/create/?name=Nobody",
        "/wiki/help/",
        "/random/",
        "/fr/random/",
        "/health/",
    ],
)
def test_the_admin_search_and_editors_tools_are_not(robots, path):
    assert not robots.can_fetch("AnyBot", f"https://{HOST}{path}")


def test_it_names_the_sitemap_index_by_its_absolute_address(robots):
    assert robots.site_maps() == [f"https://{HOST}/sitemap.xml"]


def test_only_reads_are_answered(client):
    assert client.post("/robots.txt").status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert client.head("/robots.txt").status_code == HTTPStatus.OK
