"""
The news as feeds: every show's at `/news/feed/atom/` and `/news/feed/rss/`, one
show's at `/shows/<slug>/news/feed/atom/` and `.../rss/`. The newest 50 events
in the order of the news page, each with its headline, its page, and its date
as the sources give it followed by its summary, in plain text.

An item is published when its event happened: the first day its PartialDate
allows (`PartialDate.start`: "2023" is January 1, 2023, "early June 2025" June
1, "June 6, 2025" that day), at midnight UTC, which each format writes its own
way (RFC 3339 in Atom's `<published>`, RFC 822 in RSS's `<pubDate>`). The
feed's words still give the date at its precision ("Early June 2025."); the
instant is only the earliest the date can mean, never a made-up later day. An
event with no date has no `<published>` and no `<pubDate>`: both are optional.

An item is updated when the history last recorded a change to its event (one
query for all items), so an edit moves `updated` and never `published`. An
event the history never recorded (rows bulk-loaded by `bench/generate_wiki.py`,
or written outside Django) has no such time, but Atom requires `updated` on
every entry: it gets the feed's own time, the latest change recorded to any
news in the feed, or failing that the wiki's latest recorded change. The feed's
own `updated` (and RSS's `lastBuildDate`) is that time too, never an event's
date: an event announced for a later year is no change made then.
"""

import html
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from django.contrib.syndication.views import Feed
from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision, Version

from wiki.not_found import NotFound
from wiki.text import XmlSafeFeed
from wikitext.markup import plain_text
from wikitext.translations import shown_text, with_translations

from .models import NewsEvent, Show

FEED_SIZE = 50
DESCRIPTION = _("What happened to the shows, newest first, each dated as precisely as its sources.")


@dataclass
class NewsScope:
    """One request's feed: whose news, its events, and the feed's own time."""

    show: Show | None
    events: list[NewsEvent] = field(default_factory=list)
    updated: datetime | None = None


class UpdatedFromHistory:
    """
    A feed whose own time is given (`updated=`), not taken from its items:
    Django takes the latest of their published and updated times, and a
    published time is when an event happened, which may be later than any edit
    (an event announced for 2030); without items it takes the time of the
    request. Either would claim a change that was never made.
    """

    def latest_post_date(self):
        if self.feed.get("updated") is not None:
            return self.feed["updated"]
        return super().latest_post_date()


class AtomGenerator(XmlSafeFeed, UpdatedFromHistory, feedgenerator.Atom1Feed):
    pass


class RssGenerator(XmlSafeFeed, UpdatedFromHistory, feedgenerator.Rss201rev2Feed):
    pass


def stamp_recorded_times(events: list[NewsEvent]) -> None:
    """
    Give each event `last_recorded`, the time of its latest version in the
    history (None when it has none), in one query.
    """
    opts = NewsEvent._meta
    times = {
        row["object_id"]: row["last"]
        for row in Version.objects.filter(
            content_type__app_label=opts.app_label,
            content_type__model=opts.model_name,
            object_id__in=[str(event.pk) for event in events],
        )
        .values("object_id")
        .annotate(last=Max("revision__date_created"))
        .order_by()
    }
    for event in events:
        event.last_recorded = times.get(str(event.pk))


def feed_time(events: list[NewsEvent]) -> datetime | None:
    """The latest change recorded to these events, else the wiki's latest recorded change."""
    recorded = [event.last_recorded for event in events if event.last_recorded]
    if recorded:
        return max(recorded)
    return Revision.objects.aggregate(latest=Max("date_created"))["latest"]


class NewsFeed(Feed):
    """The news in Atom; `RssNewsFeed` is the same in RSS 2.0."""

    feed_type = AtomGenerator
    feed_format = "atom"
    author_name = "Étoile Wiki"
    description = DESCRIPTION
    subtitle = DESCRIPTION

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # Django sends the latest item time as Last-Modified, which goes back in
        # time when the latest-changed event is deleted or leaves the feed: a
        # reader asking "modified since?" would wrongly be told no. The ETag
        # (ConditionalGetMiddleware, the page cache) changes with the content.
        del response.headers["Last-Modified"]
        return response

    def get_object(self, request, show_slug=None):
        show = None
        if show_slug is not None:
            show = Show.objects.only("title", "slug").filter(slug=show_slug).first()
            if show is None:
                raise NotFound(_("No show “%(slug)s” to follow the news of.") % {"slug": show_slug})
        events = NewsEvent.objects.newest_first().only(
            "headline", "slug", "date", "kind", *with_translations(NewsEvent, "summary")
        )
        if show is not None:
            events = events.filter(shows=show)
        events = list(
            events.prefetch_related(Prefetch("shows", Show.objects.only("title", "slug")))[
                :FEED_SIZE
            ]
        )
        stamp_recorded_times(events)
        scope = NewsScope(show=show, events=events, updated=feed_time(events))
        for event in events:
            event.feed_updated = scope.updated
        return scope

    def feed_extra_kwargs(self, scope):
        return {"updated": scope.updated}

    def items(self, scope):
        return scope.events

    def title(self, scope):
        if scope.show is None:
            return _("Étoile Wiki: news")
        return _("Étoile Wiki: news about %(show)s") % {"show": scope.show.title}

    def link(self, scope):
        url = reverse("shows:news_list")
        if scope.show is None:
            return url
        return f"{url}?{urlencode({'show': scope.show.slug})}"

    def feed_url(self, scope):
        return feed_url(scope.show, self.feed_format)

    def item_title(self, event):
        # Atom titles are text: escaping them here would show "&amp;" to readers.
        return event.headline

    def item_link(self, event):
        return event.get_absolute_url()

    def item_description(self, event):
        """
        The date at its precision, then the summary's words: plain text, with
        `<` and `&` escaped, since readers take an RSS description and this Atom
        summary (type "html") as HTML.
        """
        when = str(event.date) if event.date else gettext("date unknown")
        lines = [when[0].upper() + when[1:] + "."]
        # In the feed's language when an editor wrote it so (issue 17).
        if summary := plain_text(shown_text(event, "summary")):
            lines.append(summary)
        return html.escape(" ".join(lines), quote=False)

    def item_categories(self, event):
        return [str(event.get_kind_display()), *(show.title for show in event.shows.all())]

    def item_pubdate(self, event):
        return happened(event)

    def item_updateddate(self, event):
        return event.last_recorded or event.feed_updated


class RssNewsFeed(NewsFeed):
    feed_type = RssGenerator
    feed_format = "rss"

    def item_title(self, event):
        # Many RSS readers take titles as HTML (so Django escapes them by default,
        # #6533); quotes are left as they are, harmless in text, noisy as entities.
        return html.escape(event.headline, quote=False)


def happened(event: NewsEvent) -> datetime | None:
    """The first instant the event's date allows (midnight UTC), None when it has no date."""
    if event.date is None:
        return None
    return datetime.combine(event.date.start, time.min, tzinfo=UTC)


def feed_url(show: Show | None, feed_format: str) -> str:
    """The address of the news feed in `feed_format` ("atom" or "rss"), of every show or one."""
    if show is None:
        return reverse(f"shows:news_feed_{feed_format}")
    return reverse(f"shows:show_news_feed_{feed_format}", kwargs={"show_slug": show.slug})
