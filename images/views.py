from django.db.models import Prefetch
from django.utils.translation import gettext, pgettext
from django.views.generic import DetailView

from shows.models import Character, Season
from shows.references import References

from .models import Image


class ImageDetailView(DetailView):
    """A picture's own page: the picture large, its caption, credit, sources and what it shows."""

    template_name = "images/image_detail.html"
    context_object_name = "image"

    def get_queryset(self):
        return Image.objects.cited().prefetch_related(
            "shows",
            Prefetch("seasons", Season.objects.select_related("show")),
            Prefetch("characters", Character.objects.select_related("show")),
            "people",
            "news_events",
        )

    def get_context_data(self, **kwargs):
        image = self.object
        references = References()
        references.cite(image)
        depicts = [
            (label, entries)
            for label, entries in (
                (gettext("Characters"), image.characters.all()),
                (gettext("People"), image.people.all()),
                (gettext("Shows"), image.shows.all()),
                (gettext("Seasons"), image.seasons.all()),
                (pgettext("news events", "News"), image.news_events.all()),
            )
            if entries
        ]
        # A photo not held shows the initials of the first entry it shows.
        subject = depicts[0][1][0] if depicts else image.alt
        return super().get_context_data(
            depicts=depicts, subject=subject, references=references.numbered(), **kwargs
        )
