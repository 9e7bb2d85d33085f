"""
People's pages. Here in shows, not in people: a person's page lists their parts
in shows, and people, below shows in the layers, know nothing of them.
"""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from images.models import Image, shown_pictures
from pagecache.views import KeptPartsMixin
from people.models import Person
from shows.as_of import credited, positions_on
from shows.models import Casting, Credit, NewsEvent, Position
from wiki.reading import reading_of

from .mixins import ReferencesMixin, keep_first
from .reads import attach_seasons

# A row of the people list names at most this many parts of each kind (roles, credits, posts);
# the person's page has them all.
KNOWN_FOR = 5


class PersonListView(ListView):
    template_name = "people/person_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        # Only the columns a row shows: sorting whole rows (biographies) to reach a deep page
        # took four times as long at 100,000 entities. One part more than is shown tells the
        # row that there are more (a sliced prefetch is still one query: Django numbers each
        # person's rows with a window function).
        castings = Casting.objects.select_related("character", "show")
        if reading_of(self.request).as_of is not None:
            # Credited as of a day by their seasons' release: one query more.
            castings = castings.prefetch_related("seasons")
        return (
            Person.objects.only("name", "slug")
            .order_by("name", "pk")
            .prefetch_related(
                Prefetch("castings", castings[: KNOWN_FOR + 1], to_attr="known_castings"),
                Prefetch(
                    "credits",
                    Credit.objects.select_related("show")[: KNOWN_FOR + 1],
                    to_attr="known_credits",
                ),
                Prefetch(
                    "positions",
                    Position.objects.select_related("organisation")[: KNOWN_FOR + 1],
                    to_attr="known_positions",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = reading_of(self.request).as_of
        context["uncredited"] = 0
        for person in context["people"]:
            if day is not None:
                # As of a day: the parts credited and the posts started by then.
                person.known_castings, uncredited = credited(person.known_castings, day)
                context["uncredited"] += uncredited
                person.known_positions = positions_on(person.known_positions, day)
            parts = [person.known_castings, person.known_credits, person.known_positions]
            cut = [keep_first(part, KNOWN_FOR) for part in parts]
            person.more_known_for = any(cut)
        return context


class PersonDetailView(KeptPartsMixin, ReferencesMixin, DetailView):
    model = Person
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        # Citations are read in one go (cite_entries), not prefetched kind by kind.
        return Person.objects.prefetch_related(
            Prefetch("castings", Casting.objects.select_related("show", "character")),
            Prefetch("credits", Credit.objects.select_related("show")),
            Prefetch("positions", Position.objects.select_related("organisation")),
            Prefetch("news_events", NewsEvent.objects.newest_first()),
            Prefetch("images", Image.objects.in_order()),
        )

    def get_object(self, queryset=None):
        person = super().get_object(queryset)
        attach_seasons(person.castings.all())
        return person

    def get_context_data(self, **kwargs):
        castings, uncredited = credited(self.object.castings.all(), self.day())
        return super().get_context_data(castings=castings, uncredited=uncredited, **kwargs)

    def day(self):
        return reading_of(self.request).as_of

    def world_shows(self):
        # The shows they are cast or credited in, from the rows the page has read.
        person = self.object
        return [row.show_id for row in (*person.castings.all(), *person.credits.all())]

    def cite_entries(self, references):
        person = self.object
        references.cite_read(
            [
                [person],
                person.castings.all(),
                person.credits.all(),
                person.positions.all(),
                shown_pictures(person.images.all()),
            ]
        )
