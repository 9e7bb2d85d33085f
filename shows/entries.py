"""The shows app's kinds of wiki entry (wiki/registry.py)."""

from django.utils.translation import pgettext_lazy

from wiki import registry
from wiki.reading import EpisodeCode

from . import api_values
from .models import (
    Casting,
    Character,
    Credit,
    Episode,
    Membership,
    NewsEvent,
    Organisation,
    Position,
    Season,
    Show,
    Source,
    StatusChange,
)


def episode_names(episode):
    # "Étoile season 1 episode 3" says more in a list of links or results than a title alone.
    return [
        f"{episode.season} episode {episode.number}",
        *([episode.title] if episode.title else []),
    ]


# Link ranks decide between two entries of the same name: the show before its
# characters, people, organisations, news, seasons, episodes and sources.
# `listing` and `listed_under`: what a show's navigation box shows of each entry
# and which show's (or season's) box holds it, so that the box is remade when
# those change and only then (wiki/shown.py).
registry.register(
    Show,
    address=("slug",),
    listing=("title", "slug", "network"),
    names=lambda show: [show.title],
    link_rank=0,
    search=registry.Search(
        kinds=(
            registry.Kind(
                "show",
                pgettext_lazy("kind of page", "Show"),
                pgettext_lazy("kinds of page", "Shows"),
            ),
        ),
        order=10,
        plain=("genre",),
    ),
    sitemap="shows",
    api=registry.Api(
        path="shows",
        fields=(
            "title",
            "slug",
            "description",
            "synopsis",
            "genre",
            "network",
            "premiere_date",
            "release_model",
            "seasons_ordered",
            "order_type",
            "order_date",
            "fact_citations",
            "sources",
        ),
        computed=(api_values.status(api_values.show_status, "Its status today, from its news."),),
        embeds=(
            registry.Embed("seasons", "seasons", "Its seasons, in order."),
            registry.Embed("episodes", "seasons__episodes", "Its episodes, season by season."),
            registry.Embed("cast", "castings", "Who plays whom, in billing order."),
            registry.Embed("crew", "credits", "Its creators and other credits."),
            registry.Embed("characters", "characters", "Its characters."),
            registry.Embed(
                "status_history",
                "status_changes",
                "The changes of its status (ordered, premiered, cancelled...), each with "
                "the news event that made it and the passage that says so.",
            ),
            registry.Embed("news", "news_events", "The news about it, latest first."),
        ),
        description="A TV show.",
    ),
)
registry.register(
    Season,
    address=("show__slug", "number"),
    # Its release date places its episodes in lists read as of a day (?as_of=).
    listing=("number", "release_date"),
    listed_under=("show",),
    names=lambda season: [str(season)],
    link_rank=5,
    depends_on=("show",),
    search=registry.Search(
        kinds=(
            registry.Kind(
                "season",
                pgettext_lazy("kind of page", "Season"),
                pgettext_lazy("kinds of page", "Seasons"),
            ),
        ),
        order=20,
    ),
    sitemap="seasons",
    api=registry.Api(
        path="seasons",
        fields=("show", "number", "release_date", "summary", "fact_citations", "sources"),
        computed=(
            api_values.status(api_values.season_status, "Its status today, from its show's news."),
        ),
        embeds=(
            registry.Embed("episodes", "episodes", "Its episodes, in order."),
            registry.Embed("cast", "castings", "Who plays whom in it."),
            registry.Embed("status_history", "status_changes", "The changes of its status."),
        ),
        filters={"show": "show__slug"},
        description="A season of a show.",
    ),
)


def episode_codes(ids) -> dict[int, EpisodeCode]:
    """Each episode's place in its show ("S01E08"), by id: one query."""
    rows = Episode.objects.filter(pk__in=ids).values_list("pk", "season__number", "number")
    return {pk: EpisodeCode(season, number) for pk, season, number in rows}


registry.register(
    Episode,
    address=("season__show__slug", "season__number", "number"),
    listing=("title", "number", "release_date"),
    listed_under=("season",),
    names=episode_names,
    link_rank=6,
    depends_on=("season__show",),
    search=registry.Search(
        kinds=(
            registry.Kind(
                "episode",
                pgettext_lazy("kind of page", "Episode"),
                pgettext_lazy("kinds of page", "Episodes"),
            ),
        ),
        order=30,
        title=lambda episode: episode.title or episode_names(episode)[0],
        episodes=episode_codes,
    ),
    sitemap="episodes",
    api=registry.Api(
        path="episodes",
        fields=(
            "season",
            "number",
            "title",
            "release_date",
            "summary",
            "fact_citations",
            "sources",
        ),
        filters={"show": "season__show__slug", "season": "season__number"},
        description="An episode of a season.",
    ),
)
registry.register(
    Character,
    address=("show__slug", "slug"),
    listing=("name", "slug"),
    listed_under=("show",),
    names=lambda character: [character.name],
    link_rank=1,
    depends_on=("show",),
    search=registry.Search(
        kinds=(
            registry.Kind(
                "character",
                pgettext_lazy("kind of page", "Character"),
                pgettext_lazy("kinds of page", "Characters"),
            ),
        ),
        order=40,
    ),
    sitemap="characters",
    api=registry.Api(
        path="characters",
        fields=("show", "name", "slug", "description", "fact_citations", "sources"),
        embeds=(
            registry.Embed("cast", "castings", "Who plays the character."),
            registry.Embed("memberships", "memberships", "Where the character belongs."),
        ),
        filters={"show": "show__slug"},
        description="A character of a show.",
    ),
)
# Rows that describe entries (their history is the entries'): a casting is
# filed under its character (else its person) and listed under both.
# A casting makes its person an actor, and shows on the person's page.
registry.register(
    Casting,
    refreshes=("person",),
    belongs_to=("character", "person"),
    listing=("person", "character", "billing", "order"),
    listed_under=("show",),
    api=registry.Api(
        path=None, fields=("show", "person", "character", "billing", "order", "seasons", "sources")
    ),
)
registry.register(
    Credit,
    belongs_to=("person", "show"),
    listing=("person", "role", "order"),
    listed_under=("show",),
    api=registry.Api(path=None, fields=("show", "person", "role", "order", "sources")),
)
registry.register(
    Organisation,
    address=("slug",),
    listing=("name", "slug"),
    listed_under=("show",),
    names=lambda organisation: [organisation.name],
    link_rank=3,
    search=registry.Search(
        kinds=(
            registry.Kind(
                "organisation",
                pgettext_lazy("kind of page", "Organisation"),
                pgettext_lazy("kinds of page", "Organisations"),
            ),
        ),
        order=60,
        plain=("location",),
    ),
    sitemap="organisations",
    api=registry.Api(
        path="organisations",
        fields=(
            "name",
            "slug",
            "kind",
            "is_fictional",
            "show",
            "location",
            "parent",
            "description",
            "fact_citations",
            "sources",
        ),
        embeds=(
            registry.Embed("positions", "positions", "The posts people hold in it."),
            registry.Embed("members", "memberships", "The characters who belong."),
            registry.Embed("news", "news_events", "The news about it."),
        ),
        description="A company, a network or a company of the story (a ballet company).",
    ),
)
registry.register(
    Position,
    belongs_to=("person", "organisation"),
    api=registry.Api(
        path=None, fields=("person", "organisation", "title", "start", "end", "sources")
    ),
)
registry.register(
    Membership,
    belongs_to=("character", "organisation"),
    api=registry.Api(
        path=None, fields=("character", "organisation", "role", "revealed_in", "sources")
    ),
)
# A status change is part of its news event (its history is the event's). The
# pages that show statuses read the changes' table, so a change added or removed
# reaches them, and an edit reaches the pages that loaded it; its show is not
# refreshed, which would drop every page naming the show (a cast member's).
registry.register(
    StatusChange,
    belongs_to=("event",),
    api=registry.Api(path=None, fields=("event", "show", "season", "change", "citation")),
)
registry.register(
    NewsEvent,
    address=("slug",),
    listing=("headline", "slug", "date"),
    listed_under=("shows",),
    names=lambda event: [event.headline],
    link_rank=4,
    search=registry.Search(
        kinds=(
            registry.Kind(
                "news",
                pgettext_lazy("kind of page", "News"),
                pgettext_lazy("kinds of page", "News"),
            ),
        ),
        order=70,
    ),
    sitemap="news",
    api=registry.Api(
        path="news",
        fields=(
            "headline",
            "slug",
            "date",
            "kind",
            "summary",
            "shows",
            "people",
            "organisations",
            "fact_citations",
            "sources",
        ),
        embeds=(
            registry.Embed("status_changes", "status_changes", "The changes of status it made."),
        ),
        filters={"show": "shows__slug"},
        description="A dated news event about shows, people and organisations.",
    ),
)
# A source's name is made from its publisher's; its title alone is its link name.
registry.register(
    Source,
    address=("key",),
    names=lambda source: [source.title] if source.title else [],
    link_rank=7,
    depends_on=("publisher",),
    search=registry.Search(
        kinds=(
            registry.Kind(
                "source",
                pgettext_lazy("kind of page", "Source"),
                pgettext_lazy("kinds of page", "Sources"),
            ),
        ),
        order=80,
        plain=("note",),
        other_names=False,
    ),
    sitemap="sources",
    api=registry.Api(
        path="sources",
        fields=("key", "title", "publisher", "url", "published", "note"),
        description="A published source the wiki's facts are cited to.",
    ),
)
