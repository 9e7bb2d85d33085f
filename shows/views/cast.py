from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from images.models import gallery_prefetch
from shows.models import Casting, Character, Membership, Show

from .mixins import ReferencesMixin


class CharacterListView(ListView):
    template_name = "shows/character_list.html"
    context_object_name = "characters"

    def get_queryset(self):
        self.show = get_object_or_404(Show, slug=self.kwargs["show_slug"])
        return self.show.characters.prefetch_related(
            Prefetch("castings", Casting.objects.select_related("person"))
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(show=self.show, **kwargs)


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
