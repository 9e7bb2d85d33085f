from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from images.models import Image, shown_pictures
from pagecache.views import KeptPartsMixin
from shows import statuses
from shows.as_of import EpisodesOnDay, count_episodes_out, credited, episodes_on
from shows.models import Casting, Credit, Episode, NewsEvent, Season, Show, StatusChange
from shows.world_time import Known, known_on
from wiki.reading import reading_of
from wikitext import display

from .mixins import ReferencesMixin
from .reads import attach_seasons

# What a row of the show list or a card on the home page needs of a show.
SHOW_ROW_FIELDS = ("title", "slug", "premiere_date", "status", "network__name", "network__slug")


class ShowListView(ListView):
    template_name = "shows/show_list.html"
    context_object_name = "shows"
    paginate_by = 50

    def get_queryset(self):
        # Title, then pk: the same rows on the same page from one request to the next. Only the
        # columns the table shows: reading long texts to sort whole rows made the query
        # several times slower at 100,000 entities.
        return (
            Show.objects.with_counts()
            .select_related("network")
            .only(*SHOW_ROW_FIELDS, "seasons_ordered")
            .prefetch_related(Prefetch("status_changes", statuses.own_changes()))
            .order_by("title", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        count_episodes_out(context["shows"], reading_of(self.request).as_of)
        statuses.attach_to_shows(context["shows"], reading_of(self.request).as_of)
        return context


def cast_of(queryset):
    """
    Castings ready for a cast table or grid: people and characters, and the
    people's pictures for the grid's photos (`attach_seasons` adds seasons).
    """
    return queryset.select_related("person", "character", "show").prefetch_related(
        Prefetch("person__images", Image.objects.in_order())
    )


class ShowDetailView(KeptPartsMixin, ReferencesMixin, DetailView):
    model = Show
    template_name = "shows/show_detail.html"
    context_object_name = "show"

    def show_queryset(self):
        # No `.cited()` and no counting subqueries: the citations are read in one
        # go (cite_entries), the counts added up from the seasons (get_object).
        return Show.objects.select_related("network").prefetch_related(
            Prefetch("credits", Credit.objects.select_related("person")),
            Prefetch("seasons", Season.objects.with_counts().order_by("number")),
            Prefetch("castings", cast_of(Casting.objects.all())),
            Prefetch("news_events", NewsEvent.objects.newest_first()),
            # The show's and its seasons' status changes: every status on the page.
            Prefetch("status_changes", StatusChange.objects.with_events()),
            "fictional_organisations",
            Prefetch("images", Image.objects.in_order()),
        )

    def get_queryset(self):
        shows = self.show_queryset()
        if reading_of(self.request).as_of is not None:
            # As of a day, the episodes out then are counted from their release
            # dates (partial: in Python): one query more, whatever their number.
            episodes = Episode.objects.only("season_id", "number", "release_date")
            shows = shows.prefetch_related(Prefetch("seasons__episodes", episodes))
        return shows

    def get_object(self, queryset=None):
        show = super().get_object(queryset)
        # What Show.objects.with_counts() counts, from the seasons already read.
        seasons = show.seasons.all()
        show.episode_total = sum(season.episode_count for season in seasons)
        day = reading_of(self.request).as_of
        if day is not None:
            show.episodes_counted = EpisodesOnDay()
            for season in seasons:
                counted = episodes_on(season.episodes.all(), day, season)
                show.episodes_counted.out += counted.out
                show.episodes_counted.maybe += counted.maybe
        changes = show.status_changes.all()
        # What the page says on the reader's day, and what machines read: today's (JSON-LD).
        show.status_shown = statuses.of_show(show, day)
        show.status_today = statuses.of_show(show, None)
        show.status_history = statuses.status_on(changes, day)
        statuses.attach_to_seasons(seasons, changes, None)
        show.seasons_made_today = sum(season.released for season in seasons)
        for season in seasons:
            season.status_today = season.status_shown
        if day is not None:
            statuses.attach_to_seasons(seasons, changes, day)
        show.seasons_made = sum(season.released for season in seasons)
        # A season not yet ordered on the day is left out of the page's table.
        show.seasons_shown = [s for s in seasons if statuses.is_ordered(s.status_shown)]
        # On a past day with the news recording the orders, the seasons ordered by
        # then; today, the typed count an editor gave (it may know of more).
        recorded = day is not None and show.status_history.recorded
        show.seasons_ordered_shown = len(show.seasons_shown) if recorded else show.seasons_ordered
        # The order's row waits for the order: not yet placed on the day, no row.
        show.order_known = known_on(show.order_date, day) is not Known.NOT_YET
        attach_seasons(show.castings.all())
        return show

    def cite_entries(self, references):
        show = self.object
        references.cite_read(
            [
                [show],
                show.credits.all(),
                show.seasons.all(),
                show.castings.all(),
                show.news_events.all(),
                shown_pictures(show.images.all()),
            ]
        )
        display.cite_rows(show.status_changes.all(), "citation", references)

    def world_shows(self):
        return [self.object.pk]

    def get_context_data(self, **kwargs):
        castings, uncredited = credited(self.object.castings.all(), reading_of(self.request).as_of)
        return super().get_context_data(
            uncredited=uncredited,
            main_cast=[c for c in castings if c.billing == Casting.Billing.MAIN],
            # In the cast, the source saying no more (not main, recurring or guest).
            cast=[c for c in castings if c.billing == Casting.Billing.NOT_STATED],
            recurring_cast=[c for c in castings if c.billing == Casting.Billing.RECURRING],
            guest_cast=[c for c in castings if c.billing == Casting.Billing.GUEST],
            **kwargs,
        )


class SeasonDetailView(KeptPartsMixin, ReferencesMixin, DetailView):
    model = Season
    template_name = "shows/season_detail.html"
    context_object_name = "season"

    def get_object(self, queryset=None):
        season = get_object_or_404(
            Season.objects.with_counts()
            .select_related("show")
            .prefetch_related(
                "episodes",
                Prefetch("castings", cast_of(Casting.objects.all())),
                Prefetch("show__seasons", Season.objects.order_by("number")),
                Prefetch("images", Image.objects.in_order()),
                Prefetch("status_changes", StatusChange.objects.with_events()),
            ),
            show__slug=self.kwargs["show_slug"],
            number=self.kwargs["number"],
        )
        changes = season.status_changes.all()
        statuses.attach_to_seasons([season], changes, None)
        season.status_today = season.status_shown
        day = reading_of(self.request).as_of
        if day is not None:
            statuses.attach_to_seasons([season], changes, day)
        attach_seasons(season.castings.all())
        return season

    def cite_entries(self, references):
        season = self.object
        references.cite_read([[season], season.episodes.all(), shown_pictures(season.images.all())])
        display.cite_rows(season.status_changes.all(), "citation", references)

    def world_shows(self):
        return [self.object.show_id]

    def get_context_data(self, **kwargs):
        seasons = list(self.object.show.seasons.all())
        index = seasons.index(self.object)
        castings, uncredited = credited(self.object.castings.all(), reading_of(self.request).as_of)
        return super().get_context_data(
            castings=castings,
            uncredited=uncredited,
            previous_season=seasons[index - 1] if index > 0 else None,
            next_season=seasons[index + 1] if index + 1 < len(seasons) else None,
            **kwargs,
        )


class EpisodeDetailView(KeptPartsMixin, ReferencesMixin, DetailView):
    model = Episode
    template_name = "shows/episode_detail.html"
    context_object_name = "episode"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Episode.objects.select_related("season__show")
            .cited()
            .prefetch_related(Prefetch("season__episodes", Episode.objects.order_by("number"))),
            season__show__slug=self.kwargs["show_slug"],
            season__number=self.kwargs["number"],
            number=self.kwargs["episode"],
        )

    def world_shows(self):
        return [self.object.season.show_id]

    def texts_left_out(self):
        # Its number, title and release date stay: they tell nothing of its story.
        if self.object.after(reading_of(self.request).watched):
            return frozenset({"summary"})
        return frozenset()

    def get_context_data(self, **kwargs):
        episodes = list(self.object.season.episodes.all())
        index = episodes.index(self.object)
        return super().get_context_data(
            previous_episode=episodes[index - 1] if index > 0 else None,
            next_episode=episodes[index + 1] if index + 1 < len(episodes) else None,
            **kwargs,
        )
