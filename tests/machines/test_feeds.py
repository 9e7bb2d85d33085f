"""
The news as Atom and RSS, of every show and of one: valid, in the news page's
order, plain text, dated only as truly as the wiki knows, at a fixed cost.
"""

import datetime
import email.utils
import html
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Revision

from history.recording import recorded, versions_of
from shows.models import NewsEvent, Show
from tests.admin.changeform import changeform_data
from tests.factories import ShowFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
ALL_ATOM, ALL_RSS = "/news/feed/atom/", "/news/feed/rss/"
ETOILE_ATOM, ETOILE_RSS = "/shows/etoile/news/feed/atom/", "/shows/etoile/news/feed/rss/"
BASE = "http://testserver"


def get_feed(client, url, content_type):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    # Item times can go back (a deletion): only the ETag says whether it changed.
    assert not response.has_header("Last-Modified")
    return ET.fromstring(response.content)


def one(element, tag):
    found = element.findall(tag)
    assert len(found) == 1, f"{element.tag} needs exactly one {tag}"
    return found[0]


def instant(text):
    value = datetime.datetime.fromisoformat(text)
    assert value.tzinfo is not None
    return value


def atom(client, url):
    """The feed, checked against what RFC 4287 requires of a feed and of each entry."""
    root = get_feed(client, url, "application/atom+xml")
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert one(root, f"{ATOM}{tag}").text
    instant(root.findtext(f"{ATOM}updated"))
    assert one(root, f"{ATOM}author").findtext(f"{ATOM}name") == "Étoile Wiki"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == BASE + url
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for tag in ("id", "title", "updated"):
            assert one(entry, f"{ATOM}{tag}").text is not None
        instant(entry.findtext(f"{ATOM}updated"))
        assert one(entry, f"{ATOM}link").get("rel") == "alternate"
        assert one(entry, f"{ATOM}summary").get("type") == "html"
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == len(entries)
    return root


def rss(client, url):
    """The feed, checked against what RSS 2.0 requires of a channel and of each item."""
    root = get_feed(client, url, "application/rss+xml")
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = one(root, "channel")
    for tag in ("title", "link", "description"):
        assert one(channel, tag).text
    for item in channel.findall("item"):
        for tag in ("title", "link", "description", "guid"):
            assert one(item, tag).text
        if (date := item.findtext("pubDate")) is not None:
            assert email.utils.parsedate_to_datetime(date).tzinfo is not None
    return channel


def entries(root):
    return root.findall(f"{ATOM}entry")


def entry_of(root, slug):
    url = f"{BASE}/news/{slug}/"
    (found,) = [e for e in entries(root) if e.find(f"{ATOM}link").get("href") == url]
    return found


def item_of(channel, slug):
    (found,) = [i for i in channel.findall("item") if i.findtext("link") == f"{BASE}/news/{slug}/"]
    return found


def newest_first(**filters):
    return list(NewsEvent.objects.newest_first().filter(**filters))


def test_the_atom_feed_holds_the_news_in_the_order_of_the_news_page(client, etoile):
    root = atom(client, ALL_ATOM)
    assert root.findtext(f"{ATOM}title") == "Étoile Wiki: news"
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == f"{BASE}/news/"
    events = newest_first()
    assert len(events) == 6
    assert [e.findtext(f"{ATOM}title") for e in entries(root)] == [e.headline for e in events]
    assert [e.find(f"{ATOM}link").get("href") for e in entries(root)] == [
        BASE + event.get_absolute_url() for event in events
    ]
    cancellation = entry_of(root, "amazon-cancels-etoile")
    terms = [c.get("term") for c in cancellation.findall(f"{ATOM}category")]
    assert terms == ["Cancellation", "Étoile"]


def test_the_rss_feed_holds_the_same_news(client, etoile):
    channel = rss(client, ALL_RSS)
    assert channel.findtext("title") == "Étoile Wiki: news"
    assert channel.findtext("link") == f"{BASE}/news/"
    events = newest_first()
    items = channel.findall("item")
    assert [html.unescape(i.findtext("title")) for i in items] == [e.headline for e in events]
    assert [i.findtext("link") for i in items] == [BASE + e.get_absolute_url() for e in events]


@pytest.mark.parametrize(
    ("slug", "start"),
    [
        ("deadline-reports-cancellation", "June 6, 2025. Deadline was the first"),
        ("amazon-cancels-etoile", "Early June 2025. The cancellation of Étoile was confirmed"),
        ("jennifer-salke-exits", "March 2025. "),
        ("two-season-order", "2023. "),
        ("emmy-campaign-continues", "Date unknown. "),
    ],
)
def test_each_item_gives_the_date_as_its_sources_do_then_the_summary(client, etoile, slug, start):
    summary = entry_of(atom(client, ALL_ATOM), slug).findtext(f"{ATOM}summary")
    assert summary.startswith(start)
    description = item_of(rss(client, ALL_RSS), slug).findtext("description")
    assert description == summary


class Tags(HTMLParser):
    """The tags a feed reader would find when it reads a text as HTML."""

    def __init__(self, text):
        super().__init__()
        self.found = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.found.append(tag)


def test_titles_and_summaries_are_plain_text_never_markup(client, etoile):
    """Readers take summaries (and many take RSS titles) as HTML: nothing in them is markup."""
    with recorded(summary="A test event"):
        event = NewsEvent.objects.create(
            headline="Q&A <b>live</b> with the cast",
            slug="q-and-a",
            date="2030",
            summary=(
                "It was **bold** <script>alert(1)</script> news for [[Cheyenne Toussaint]]"
                "[@etoile-cancelled-after-season-one].\n\n"
                "::: spoiler The ending\nThe secret ending.\n:::\n"
            ),
        )
    entry = entry_of(atom(client, ALL_ATOM), "q-and-a")
    assert entry.findtext(f"{ATOM}title") == event.headline
    summary = entry.findtext(f"{ATOM}summary")
    assert Tags(summary).found == []
    assert html.unescape(summary) == (
        "2030. It was bold <script>alert(1)</script> news for Cheyenne Toussaint."
    )

    item = item_of(rss(client, ALL_RSS), "q-and-a")
    assert Tags(item.findtext("title")).found == []
    assert html.unescape(item.findtext("title")) == event.headline
    assert item.findtext("description") == summary


def set_revision_time(revision_id, when):
    Revision.objects.filter(pk=revision_id).update(date_created=when)


def midnight_utc(year, month, day):
    return datetime.datetime(year, month, day, tzinfo=datetime.UTC)


# Each precision a PartialDate has, and the first day it allows: the seed's
# events, and two an editor adds (a part of a year, the middle of a month).
PUBLISHED = [
    ("two-season-order", midnight_utc(2023, 1, 1)),  # "2023"
    ("late-year-event", midnight_utc(2024, 9, 1)),  # "late 2024"
    ("jennifer-salke-exits", midnight_utc(2025, 3, 1)),  # "2025-03"
    ("amazon-cancels-etoile", midnight_utc(2025, 6, 1)),  # "early 2025-06"
    ("mid-month-event", midnight_utc(2025, 6, 11)),  # "mid 2025-06"
    ("etoile-premieres", midnight_utc(2025, 4, 24)),  # "2025-04-24"
    ("deadline-reports-cancellation", midnight_utc(2025, 6, 6)),  # "2025-06-06"
]


@pytest.fixture
def every_precision(etoile):
    with recorded(summary="Events at the two precisions the seed lacks"):
        NewsEvent.objects.create(headline="Late year", slug="late-year-event", date="late 2024")
        NewsEvent.objects.create(headline="Mid month", slug="mid-month-event", date="mid 2025-06")


@pytest.mark.parametrize(("slug", "published"), PUBLISHED)
def test_an_item_is_published_on_the_first_day_its_date_allows(
    client, every_precision, slug, published
):
    """At midnight UTC, in RFC 3339 for Atom and RFC 822 for RSS, never when it was loaded."""
    text = entry_of(atom(client, ALL_ATOM), slug).findtext(f"{ATOM}published")
    assert instant(text) == published
    assert text == published.isoformat()
    pub_date = item_of(rss(client, ALL_RSS), slug).findtext("pubDate")
    assert email.utils.parsedate_to_datetime(pub_date) == published
    assert pub_date == email.utils.format_datetime(published)


def test_an_item_without_a_date_has_no_published_time(client, every_precision):
    """Both are optional: no date is made up for it. Atom's required `updated` is its edit."""
    event = NewsEvent.objects.get(slug="emmy-campaign-continues")
    assert event.date is None
    entry = entry_of(atom(client, ALL_ATOM), event.slug)
    assert entry.find(f"{ATOM}published") is None
    edited = versions_of(NewsEvent, event.pk).first().revision.date_created
    assert instant(entry.findtext(f"{ATOM}updated")) == edited
    assert item_of(rss(client, ALL_RSS), event.slug).find("pubDate") is None


def test_an_edit_in_the_admin_moves_updated_and_never_published(client, admin_client, etoile):
    event = NewsEvent.objects.get(slug="amazon-cancels-etoile")
    loaded = versions_of(NewsEvent, event.pk).get().revision_id
    long_ago = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    set_revision_time(loaded, long_ago)
    before = entry_of(atom(client, ALL_ATOM), event.slug)
    assert instant(before.findtext(f"{ATOM}updated")) == long_ago
    assert instant(before.findtext(f"{ATOM}published")) == midnight_utc(2025, 6, 1)

    url = reverse("admin:shows_newsevent_change", args=[event.pk])
    data = changeform_data(admin_client.get(url))
    data["summary"] = "Amazon cancelled it."
    assert admin_client.post(url, data).status_code == HTTPStatus.FOUND

    edited = versions_of(NewsEvent, event.pk).first().revision.date_created
    assert edited > long_ago
    root = atom(client, ALL_ATOM)
    after = entry_of(root, event.slug)
    assert instant(after.findtext(f"{ATOM}updated")) == edited
    assert instant(after.findtext(f"{ATOM}published")) == midnight_utc(2025, 6, 1)
    assert instant(root.findtext(f"{ATOM}updated")) == edited
    item = item_of(rss(client, ALL_RSS), event.slug)
    assert email.utils.parsedate_to_datetime(item.findtext("pubDate")) == midnight_utc(2025, 6, 1)


def test_the_feeds_own_time_is_its_latest_edit_never_a_later_event_date(client, etoile):
    """An event dated 2030 was announced, not changed, in 2030: the feed says when it was."""
    with recorded(summary="Announced"):
        NewsEvent.objects.create(headline="Announced", slug="announced", date="2030-05")
    root = atom(client, ALL_ATOM)
    assert instant(entry_of(root, "announced").findtext(f"{ATOM}published")) == midnight_utc(
        2030, 5, 1
    )
    assert instant(root.findtext(f"{ATOM}updated")) == wiki_latest_change()
    build = rss(client, ALL_RSS).findtext("lastBuildDate")
    assert email.utils.parsedate_to_datetime(build) == wiki_latest_change().replace(microsecond=0)


def unrecorded_events(count, show=None, year="2031"):
    """Events bulk-written as generate_wiki writes them: the history never saw them."""
    events = NewsEvent.objects.bulk_create(
        NewsEvent(headline=f"Unrecorded {n:03d}", slug=f"unrecorded-{n:03d}", date=year)
        for n in range(count)
    )
    if show is not None:
        NewsEvent.shows.through.objects.bulk_create(
            NewsEvent.shows.through(newsevent_id=event.pk, show_id=show.pk) for event in events
        )
    return events


def test_an_event_the_history_never_recorded_is_given_no_made_up_time(client, etoile):
    """Published by its date; Atom's required `updated` is the feed's own time, not the clock."""
    unrecorded_events(1)
    assert not versions_of(NewsEvent, NewsEvent.objects.get(slug="unrecorded-000").pk).exists()

    root = atom(client, ALL_ATOM)
    entry = entry_of(root, "unrecorded-000")
    assert instant(entry.findtext(f"{ATOM}published")) == midnight_utc(2031, 1, 1)
    latest_news_change = max(
        versions_of(NewsEvent, event.pk).first().revision.date_created
        for event in NewsEvent.objects.exclude(slug="unrecorded-000")
    )
    assert instant(entry.findtext(f"{ATOM}updated")) == latest_news_change
    assert instant(root.findtext(f"{ATOM}updated")) == latest_news_change

    item = item_of(rss(client, ALL_RSS), "unrecorded-000")
    assert email.utils.parsedate_to_datetime(item.findtext("pubDate")) == midnight_utc(2031, 1, 1)


def unrecorded_show():
    (show,) = Show.objects.bulk_create([Show(title="Unrecorded show", slug="unrecorded-show")])
    return show


def wiki_latest_change():
    return Revision.objects.aggregate(latest=Max("date_created"))["latest"]


def test_a_feed_with_nothing_recorded_takes_the_wikis_latest_recorded_change(client, etoile):
    """Not the time of the request, which Django would use: nothing changed then."""
    show = unrecorded_show()
    unrecorded_events(2, show)
    root = atom(client, "/shows/unrecorded-show/news/feed/atom/")
    assert len(entries(root)) == 2
    for entry in entries(root):
        assert instant(entry.findtext(f"{ATOM}updated")) == wiki_latest_change()
    assert instant(root.findtext(f"{ATOM}updated")) == wiki_latest_change()


def test_a_show_without_news_has_a_valid_empty_feed(client, etoile):
    show = ShowFactory(title="Quiet show", slug="quiet-show")
    root = atom(client, "/shows/quiet-show/news/feed/atom/")
    assert entries(root) == []
    assert instant(root.findtext(f"{ATOM}updated")) == wiki_latest_change()
    assert rss(client, "/shows/quiet-show/news/feed/rss/").findall("item") == []
    assert show.news_events.count() == 0


def test_a_shows_feed_holds_only_its_news(client, etoile):
    other = ShowFactory(title="Other show", slug="other-show")
    with recorded(summary="Other news"):
        news = NewsEvent.objects.create(headline="Other show renewed", slug="other", date="2030")
        news.shows.add(other)

    root = atom(client, ETOILE_ATOM)
    assert root.findtext(f"{ATOM}title") == "Étoile Wiki: news about Étoile"
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == f"{BASE}/news/?show=etoile"
    etoile_news = newest_first(shows__slug="etoile")
    assert [e.findtext(f"{ATOM}title") for e in entries(root)] == [e.headline for e in etoile_news]
    assert "Other show renewed" not in [e.findtext(f"{ATOM}title") for e in entries(root)]

    channel = rss(client, "/shows/other-show/news/feed/rss/")
    assert channel.findtext("link") == f"{BASE}/news/?show=other-show"
    assert [i.findtext("title") for i in channel.findall("item")] == ["Other show renewed"]
    # Every show's feed has it.
    assert "Other show renewed" in [
        e.findtext(f"{ATOM}title") for e in entries(atom(client, ALL_ATOM))
    ]


@pytest.mark.parametrize(
    "url", ["/shows/no-such-show/news/feed/atom/", "/shows/no-such-show/news/feed/rss/"]
)
def test_an_unknown_show_has_no_feed(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.NOT_FOUND
    page = response.content.decode()
    assert "<h1>Page not found</h1>" in page
    assert "No show “no-such-show” to follow the news of." in page


def test_a_renamed_shows_feed_answers_at_its_old_address(client, etoile):
    show = Show.objects.get(slug="etoile")
    show.slug = "etoile-the-series"
    show.save()
    response = client.get(ETOILE_RSS)
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/shows/etoile-the-series/news/feed/rss/"


def test_a_feed_holds_the_newest_fifty(client, etoile):
    unrecorded_events(60, year="2040")
    titles = [e.findtext(f"{ATOM}title") for e in entries(atom(client, ALL_ATOM))]
    assert titles == [f"Unrecorded {n:03d}" for n in range(50)]
    assert len(rss(client, ALL_RSS).findall("item")) == 50


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(queries)


FEEDS = [ALL_ATOM, ALL_RSS, ETOILE_ATOM, ETOILE_RSS]


def test_a_feed_costs_the_same_with_six_or_seventy_recorded_events(client, etoile):
    """The events, their shows, their last recorded times; and the show."""
    few = [count_queries(client, url) for url in FEEDS]
    show = Show.objects.get(slug="etoile")
    with recorded(summary="Many events"):
        for n in range(64):
            event = NewsEvent.objects.create(headline=f"Event {n}", slug=f"event-{n}", date="2030")
            event.shows.add(show)
    many = [count_queries(client, url) for url in FEEDS]
    assert few == many == [3, 3, 4, 4]


def test_a_feed_with_nothing_recorded_costs_one_query_more_whatever_its_size(client, etoile):
    """The wiki's latest recorded change."""
    show = unrecorded_show()
    urls = ["/shows/unrecorded-show/news/feed/atom/", "/shows/unrecorded-show/news/feed/rss/"]
    unrecorded_events(2, show)
    few = [count_queries(client, url) for url in urls]
    NewsEvent.objects.filter(slug__startswith="unrecorded-").delete()
    unrecorded_events(70, show)
    many = [count_queries(client, url) for url in urls]
    assert few == many == [5, 5]


def test_every_page_announces_the_news_feed(client, etoile):
    link = (
        '<link rel="alternate" type="application/atom+xml" title="Étoile Wiki: news" '
        'href="/news/feed/atom/">'
    )
    for url in ("/", "/shows/etoile/", "/news/"):
        assert link in client.get(url).content.decode(), url


def test_the_news_page_links_its_feeds(client, etoile):
    page = client.get("/news/").content.decode()
    assert '<a href="/news/feed/atom/" type="application/atom+xml">Atom</a>' in page
    assert '<a href="/news/feed/rss/" type="application/rss+xml">RSS</a>' in page
    assert "/shows/etoile/news/feed/" not in page


def test_a_shows_news_page_announces_and_links_its_own_feeds(client, etoile):
    page = client.get("/news/?show=etoile").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Étoile Wiki: news about Étoile" '
        'href="/shows/etoile/news/feed/atom/">'
    ) in page
    assert f'<a href="{ETOILE_ATOM}" type="application/atom+xml">Atom</a>' in page
    assert f'<a href="{ETOILE_RSS}" type="application/rss+xml">RSS</a>' in page


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        (ALL_ATOM, "application/atom+xml; charset=utf-8"),
        (ETOILE_RSS, "application/rss+xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml"),
        ("/sitemap-news.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ],
)
def test_the_page_cache_serves_feeds_and_sitemaps_with_their_content_type(
    client, etoile, page_cache, url, content_type
):
    first, second = client.get(url), client.get(url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first["Content-Type"] == second["Content-Type"] == content_type
    assert second.content == first.content
    with recorded(summary="Edit"):
        event = NewsEvent.objects.filter(slug="two-season-order").first()
        event.headline += " (edited)"
        event.save()
    # An edit remakes what shows the entry; whatever is served is what renders now.
    served = client.get(url).content
    page_cache.clear()
    assert served == client.get(url).content
