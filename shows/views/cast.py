from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from images.models import Image, shown_pictures
from pagecache.views import KeptPartsMixin
from shows import revealed
from shows.as_of import credited
from shows.models import Casting, Character, Membership, Show
from wiki.reading import reading_of

from .mixins import ReferencesMixin, keep_first
from .reads import attach_seasons

# A row of the character list names at most this many actors; the character's page has them all.
PLAYERS_LISTED = 5


class CharacterListView(ListView):
    template_name = "shows/character_list.html"
    context_object_name = "characters"
    paginate_by = 50

    def get_queryset(self):
        self.show = get_object_or_404(Show, slug=self.kwargs["show_slug"])
        # One casting more than is shown tells the row that there are more.
        players = Casting.objects.select_related("person")
        if reading_of(self.request).as_of is not None:
            # Credited as of a day by their seasons' release: one query more.
            players = players.prefetch_related("seasons")
        players = players[: PLAYERS_LISTED + 1]
        return self.show.characters.order_by("name", "pk").prefetch_related(
            Prefetch("castings", players, to_attr="players")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(show=self.show, **kwargs)
        day = reading_of(self.request).as_of
        context["uncredited"] = 0
        for character in context["characters"]:
            if day is not None:
                character.players, character.uncredited = credited(character.players, day)
                context["uncredited"] += character.uncredited
            character.more_players = keep_first(character.players, PLAYERS_LISTED)
        return context


class CharacterDetailView(KeptPartsMixin, ReferencesMixin, DetailView):
    model = Character
    template_name = "shows/character_detail.html"
    context_object_name = "character"

    def get_object(self, queryset=None):
        # Citations are read in one go (cite_entries), not prefetched kind by kind.
        character = get_object_or_404(
            Character.objects.select_related("show").prefetch_related(
                Prefetch("castings", Casting.objects.select_related("person")),
                Prefetch(
                    "memberships",
                    Membership.objects.select_related("organisation", "revealed_in__season"),
                ),
                Prefetch("images", Image.objects.in_order()),
            ),
            show__slug=self.kwargs["show_slug"],
            slug=self.kwargs["slug"],
        )
        attach_seasons(character.castings.all())
        character.revealed_memberships = revealed.for_reader(
            character.memberships.all(), reading_of(self.request).watched
        )
        return character

    def get_context_data(self, **kwargs):
        castings, uncredited = credited(self.object.castings.all(), reading_of(self.request).as_of)
        return super().get_context_data(castings=castings, uncredited=uncredited, **kwargs)

    def world_shows(self):
        return [self.object.show_id]

    def cite_entries(self, references):
        character = self.object
        references.cite_read(
            [
                [character],
                character.castings.all(),
                character.revealed_memberships.shown,
                shown_pictures(character.images.all()),
            ]
        )
