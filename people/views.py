from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from images.models import gallery_prefetch
from shows.models import Casting, Credit, NewsEvent, Position
from shows.views.mixins import ReferencesMixin

from .models import Person


class PersonListView(ListView):
    template_name = "people/person_list.html"
    context_object_name = "people"

    def get_queryset(self):
        return Person.objects.prefetch_related(
            Prefetch("castings", Casting.objects.select_related("character", "show")),
            Prefetch("credits", Credit.objects.select_related("show")),
            Prefetch("positions", Position.objects.select_related("organisation")),
        )


class PersonDetailView(ReferencesMixin, DetailView):
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.for_detail().prefetch_related(
            Prefetch(
                "castings",
                Casting.objects.select_related("show", "character")
                .cited()
                .prefetch_related("seasons"),
            ),
            Prefetch("credits", Credit.objects.select_related("show").cited()),
            Prefetch(
                "positions",
                Position.objects.select_related("organisation").cited(),
            ),
            Prefetch("news_events", NewsEvent.objects.newest_first()),
            gallery_prefetch(),
        )

    def cite_entries(self, references):
        person = self.object
        references.cite(person)
        references.cite_all(person.castings.all())
        references.cite_all(person.credits.all())
        references.cite_all(person.positions.all())
        references.cite_all(person.images.all())
