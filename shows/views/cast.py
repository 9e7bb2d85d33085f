from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from images.models import gallery_prefetch
from shows.models import Casting, Character, Membership, Show

from .mixins import ReferencesMixin, keep_first

# A row of the character list names at most this many actors; the character's page has them all.
PLAYERS_LISTED = 5


class CharacterListView(ListView):
    template_name = "shows/character_list.html"
    context_object_name = "characters"
    paginate_by = 50

    def get_queryset(self):
        self.show = get_object_or_404(Show, slug=self.kwargs["show_slug"])
        # One casting more than is shown tells the row that there are more.
        players = Casting.objects.select_related("person")[: PLAYERS_LISTED + 1]
        return self.show.characters.order_by("name", "pk").prefetch_related(
            Prefetch("castings", players, to_attr="players")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(show=self.show, **kwargs)
        for character in context["characters"]:
            character.more_players = keep_first(character.players, PLAYERS_LISTED)
        return context


class CharacterDetailView(ReferencesMixin, DetailView):
    template_name = "shows/character_detail.html"
    context_object_name = "character"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Character.objects.select_related("show")
            .cited()
            .prefetch_related(
                Prefetch(
                    "castings",
                    Casting.objects.select_related("person").cited().prefetch_related("seasons"),
                ),
                Prefetch(
                    "memberships",
                    Membership.objects.select_related("organisation").cited(),
                ),
                gallery_prefetch(),
            ),
            show__slug=self.kwargs["show_slug"],
            slug=self.kwargs["slug"],
        )

    def cite_entries(self, references):
        references.cite(self.object)
        references.cite_all(self.object.castings.all())
        references.cite_all(self.object.memberships.all())
        references.cite_all(self.object.images.all())
