"""
`?watched=` is part of the address (issue 18): the page cache keeps each
watched address's page apart, nothing about the reader is kept (no cookie, no
Vary on anything personal), and the machine-readable copies of the wiki (JSON-LD,
feeds) are the same whatever the reader watched.
"""

import re

import pytest

from shows.models import Episode, NewsEvent

pytestmark = pytest.mark.django_db

SEASON = "/shows/etoile/season-1/"
CLIFFHANGER = "ended on a cliffhanger"


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_each_watched_address_is_kept_as_its_own_page(client, etoile, page_cache):
    addresses = [SEASON, f"{SEASON}?watched=S01E07", f"{SEASON}?watched=S01E08"]
    first = {url: get(client, url) for url in addresses}
    assert [first[url]["X-Page-Cache"] for url in addresses] == ["miss"] * 3
    second = {url: get(client, url) for url in addresses}
    assert [second[url]["X-Page-Cache"] for url in addresses] == ["hit"] * 3
    for url in addresses:
        assert second[url].content == first[url].content, url
    assert CLIFFHANGER not in second[f"{SEASON}?watched=S01E07"].content.decode()
    assert 'data-episode="S01E08" open>' in second[f"{SEASON}?watched=S01E08"].content.decode()
    assert 'data-episode="S01E08" open>' not in second[SEASON].content.decode()


def test_a_watched_page_is_shared_and_keeps_nothing_personal(client, etoile, page_cache):
    response = get(client, f"{SEASON}?watched=S01E07")
    assert not response.cookies
    # The same Vary and Cache-Control as the page without it: nothing added for the reader.
    plain = get(client, SEASON)
    assert response.get("Vary") == plain.get("Vary")
    assert response.get("Cache-Control") == plain.get("Cache-Control")
    assert "private" not in response.get("Cache-Control", "")


def test_an_edit_to_a_tagged_passage_reaches_every_watched_address(client, etoile, page_cache):
    episode = Episode.objects.get(season__show__slug="etoile", season__number=1, number=2)
    url = episode.get_absolute_url()
    for watched in ("", "?watched=S01E07"):
        get(client, f"{url}{watched}")
    episode.summary = "Open.\n\n::: spoiler S01E08 Later\nA wombat.\n:::"
    episode.save()
    assert "A wombat." in get(client, url).content.decode()
    after = get(client, f"{url}?watched=S01E07").content.decode()
    assert "Hidden: this passage tells of S01E08" in after
    assert "wombat" not in after.split('<script type="application/ld+json">')[0]


def json_ld(html):
    return re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]


@pytest.mark.parametrize("url", ["/shows/etoile/", SEASON, f"{SEASON}episode-8/"])
def test_json_ld_is_the_same_whatever_the_reader_watched(client, etoile, url):
    episode = Episode.objects.get(season__show__slug="etoile", season__number=1, number=8)
    episode.summary = "The finale summary.\n\n::: spoiler S01E08 X\nHidden words.\n:::"
    episode.save()
    everything = json_ld(get(client, url).content.decode())
    for watched in ("S01E00", "S01E07", "S01E08"):
        assert json_ld(get(client, f"{url}?watched={watched}").content.decode()) == everything


@pytest.mark.parametrize(
    "feed", ["/news/feed/atom/", "/news/feed/rss/", "/shows/etoile/news/feed/atom/"]
)
def test_feeds_are_the_same_whatever_the_reader_watched(client, etoile, feed):
    event = NewsEvent.objects.get(slug="etoile-premieres")
    event.summary += "\n\n::: spoiler S01E08 The end\nA finale secret.\n:::"
    event.save()
    plain = get(client, feed).content
    assert b"A finale secret." not in plain  # feeds never carry spoilers
    for watched in ("S01E00", "S01E07", "S01E08"):
        assert get(client, f"{feed}?watched={watched}").content == plain


@pytest.mark.parametrize(
    "url",
    [
        "/shows/etoile/",
        SEASON,
        f"{SEASON}episode-8/",
        "/shows/etoile/characters/gael-rodriguez/",
        "/organisations/metropolitan-ballet-theater/",
        "/people/lou-de-laage/",
        "/news/etoile-premieres/",
    ],
)
def test_a_watched_reading_costs_no_query_more(client, etoile, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get(client, url)  # the texts' renderings made and stored once
    counts = []
    for address in (url, f"{url}?watched=S01E07", f"{url}?watched=S01E08"):
        with CaptureQueriesContext(connection) as queries:
            get(client, address)
        counts.append(len(queries))
    assert counts[1] == counts[0], url
    assert counts[2] == counts[0], url
