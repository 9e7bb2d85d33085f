"""A random page: any entry's page, each as likely, never kept by a cache (issue 17)."""

from collections import Counter
from http import HTTPStatus

import pytest
from django.core.management import call_command

from search.models import SearchEntry

pytestmark = pytest.mark.django_db

RANDOM = "/random/"


def drawn(client, path=RANDOM):
    response = client.get(path)
    assert response.status_code == HTTPStatus.FOUND
    return response


def test_it_leads_to_a_page_of_the_wiki_that_readers_can_read(client, etoile):
    pages = set(SearchEntry.objects.values_list("url", flat=True))
    assert len(pages) > 50
    for _ in range(20):
        url = drawn(client)["Location"]
        assert url in pages
        assert client.get(url).status_code == HTTPStatus.OK


def test_every_page_can_come_up(client, etoile, monkeypatch):
    """Each offset is drawn in turn: every entry of the index is reachable."""
    urls = list(SearchEntry.objects.order_by("pk").values_list("url", flat=True))
    turns = iter(range(len(urls)))
    monkeypatch.setattr("website.views.random_page.secrets.randbelow", lambda total: next(turns))
    reached = Counter(drawn(client)["Location"] for _ in urls)
    assert set(reached) == set(urls)


def test_no_cache_keeps_it(client, etoile, page_cache):
    response = drawn(client)
    # Neither the page cache nor a front cache (Varnish keeps nothing private) keeps it.
    assert {"no-store", "private"} <= set(response["Cache-Control"].replace(" ", "").split(","))
    assert "X-Page-Cache" not in response
    urls = {drawn(client)["Location"] for _ in range(15)}
    assert len(urls) > 1


def test_a_french_reader_lands_on_the_french_page(client, etoile):
    url = drawn(client, f"/fr{RANDOM}")["Location"]
    assert url.startswith("/fr/")
    assert client.get(url).status_code == HTTPStatus.OK


def test_an_empty_wiki_leads_home(client, db):
    call_command("flush", verbosity=0, interactive=False)
    assert drawn(client)["Location"] == "/"


def test_only_reads_are_answered(client, db):
    assert client.post(RANDOM).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_every_page_links_to_it(client, etoile):
    html = client.get("/shows/etoile/").content.decode()
    assert f'<a href="{RANDOM}" rel="nofollow">A random page</a>' in html
    html = client.get("/fr/shows/etoile/").content.decode()
    assert '<a href="/fr/random/" rel="nofollow">Une page au hasard</a>' in html
