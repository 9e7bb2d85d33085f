"""
`?as_of=` and what is not a page for readers of a day (issue 18): the page cache
keeps each address as its own page and drops those that show an event whose
date an editor changed; JSON-LD, feeds and the sitemap are the same with and
without it; the permanent links to old revisions ignore it.
"""

import re

import pytest
from reversion.models import Version

from shows.models import Character, NewsEvent
from tests.pagecache.test_precise import live

from .asof_pages import DEADLINE, timelines

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/shows/etoile/",
    "/shows/etoile/season-1/",
    "/shows/etoile/season-1/episode-3/",
    "/shows/etoile/characters/cheyenne-toussaint/",
    "/people/lou-de-laage/",
    "/people/jennifer-salke/",
    "/organisations/amazon-mgm-studios/",
    "/news/",
    "/news/amazon-cancels-etoile/",
    "/search/?q=lou",
]


def hit_or_miss(client, url):
    response = client.get(url)
    return response["X-Page-Cache"], response.content.decode()


def test_each_as_of_address_is_its_own_cached_page(client, etoile, page_cache):
    urls = ["/news/", "/news/?as_of=2025-06-01", "/news/?as_of=2025-06-11"]
    first = {url: hit_or_miss(client, url) for url in urls}
    second = {url: hit_or_miss(client, url) for url in urls}
    assert all(first[url][0] == "miss" and second[url][0] == "hit" for url in urls)
    assert len({second[url][1] for url in urls}) == 3


@pytest.mark.parametrize(
    "url",
    [
        "/news/?as_of=2025-06-01",  # the event not yet happened: not read by the list
        "/news/?as_of=2025-06-11",
        "/shows/etoile/?as_of=2025-06-01",
        "/organisations/deadline/?as_of=2025-06-01",
        "/shows/etoile/characters/cheyenne-toussaint/?as_of=2025-06-01",  # in its box
    ],
)
def test_a_news_events_new_date_drops_the_as_of_pages_that_show_it(
    client, etoile, page_cache, settings, url
):
    hit_or_miss(client, url)
    assert hit_or_miss(client, url)[0] == "hit"
    untouched = "/people/?as_of=2025-06-01"  # shows no news
    hit_or_miss(client, untouched)
    assert hit_or_miss(client, untouched)[0] == "hit"
    event = NewsEvent.objects.get(slug="deadline-reports-cancellation")
    event.date = "2025-05-30"
    event.save()
    status, html = hit_or_miss(client, url)
    assert status == "miss"
    assert html == live(client, settings, url)
    assert DEADLINE in html
    assert hit_or_miss(client, untouched)[0] == "hit"


def test_the_news_list_as_of_a_day_shows_an_event_moved_before_it(client, etoile, page_cache):
    assert DEADLINE not in timelines(hit_or_miss(client, "/news/?as_of=2025-06-01")[1])[0]
    NewsEvent.objects.filter(slug="deadline-reports-cancellation").update(date="2025-05-30")
    NewsEvent.objects.get(slug="deadline-reports-cancellation").save()
    assert DEADLINE in timelines(hit_or_miss(client, "/news/?as_of=2025-06-01")[1])[0]


def json_ld(html):
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)


@pytest.mark.parametrize("url", PAGES)
def test_json_ld_is_the_same_with_and_without_as_of(client, etoile, url):
    today = client.get(url).content.decode()
    joiner = "&" if "?" in url else "?"
    then = client.get(f"{url}{joiner}as_of=2025-04-23").content.decode()
    assert json_ld(today) == json_ld(then)


@pytest.mark.parametrize(
    "url",
    [
        "/news/feed/atom/",
        "/news/feed/rss/",
        "/shows/etoile/news/feed/atom/",
        "/sitemap.xml",
        "/sitemap-news.xml",
    ],
)
def test_feeds_and_the_sitemap_are_the_same_with_and_without_as_of(client, etoile, url):
    today = client.get(url)
    then = client.get(f"{url}?as_of=2025-04-23")
    assert today.status_code == then.status_code == 200
    assert today.content == then.content


def test_the_permanent_link_of_an_old_version_ignores_as_of(client, etoile):
    character = Character.objects.get(slug="cheyenne-toussaint")
    character.description = "A newer text."
    character.save()
    version = Version.objects.get_for_object(character).last()
    url = f"/history/version/{version.pk}/"
    today = client.get(url).content.decode()
    then = client.get(f"{url}?as_of=2025-04-23").content.decode()
    # The same page, but that its language links keep the address as asked.
    assert then.replace("?as_of=2025-04-23", "") == today
    assert "You are reading the wiki as the world stood" not in then


def test_a_revision_page_ignores_as_of(client, etoile):
    version = Version.objects.get_for_object(
        Character.objects.get(slug="cheyenne-toussaint")
    ).first()
    url = f"/history/revision/{version.revision_id}/"
    then = client.get(f"{url}?as_of=2025-04-23").content.decode()
    assert then.replace("?as_of=2025-04-23", "") == client.get(url).content.decode()
