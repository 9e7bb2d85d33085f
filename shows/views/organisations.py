from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from pagecache.views import KeptPartsMixin
from shows import revealed, statuses
from shows.models import Membership, NewsEvent, Organisation, Position, Show, Source
from wiki.reading import reading_of

from .mixins import ReferencesMixin


class OrganisationListView(ListView):
    template_name = "shows/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 100

    def get_queryset(self):
        return Organisation.objects.select_related("parent", "show").order_by("name", "pk")


class OrganisationDetailView(KeptPartsMixin, ReferencesMixin, DetailView):
    model = Organisation
    template_name = "shows/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.for_detail().prefetch_related(
            "divisions",
            Prefetch(
                "shows",
                Show.objects.order_by("title").prefetch_related(
                    Prefetch("status_changes", statuses.own_changes())
                ),
            ),
            Prefetch(
                "memberships",
                Membership.objects.select_related("character__show", "revealed_in__season").cited(),
            ),
            Prefetch(
                "positions",
                Position.objects.select_related("person").cited(),
            ),
            Prefetch("news_events", NewsEvent.objects.newest_first()),
            Prefetch("published_sources", Source.objects.defer("archived_text")),
        )

    def get_object(self, queryset=None):
        organisation = super().get_object(queryset)
        statuses.attach_to_shows(organisation.shows.all(), reading_of(self.request).as_of)
        organisation.revealed_memberships = revealed.for_reader(
            organisation.memberships.all(), reading_of(self.request).watched
        )
        return organisation

    def world_shows(self):
        # The show whose story it is in, and the shows it releases as their network.
        organisation = self.object
        return [organisation.show_id, *(show.pk for show in organisation.shows.all())]

    def cite_entries(self, references):
        references.cite(self.object)
        references.cite_all(self.object.positions.all())
        references.cite_all(self.object.revealed_memberships.shown)
