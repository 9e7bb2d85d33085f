from django.views.generic import DetailView

from shows.views.mixins import ReferencesMixin

from .models import Venue


class VenueDetailView(ReferencesMixin, DetailView):
    template_name = "kinds/venue_detail.html"
    context_object_name = "venue"

    def get_queryset(self):
        return Venue.objects.cited().prefetch_related("shows", "images")
