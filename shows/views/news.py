import re

from django.utils.translation import gettext
from django.views.generic import DetailView, ListView

from images.models import gallery_prefetch, shown_pictures
from pagecache.views import KeptPartsMixin
from shows.as_of import not_after
from shows.models import NewsEvent, Show
from wiki.converters import UnicodeSlugConverter
from wiki.not_found import NotFound
from wiki.reading import reading_of

from .mixins import ReferencesMixin

SLUG = re.compile(UnicodeSlugConverter.regex)


class NewsListView(ListView):
    """The news timeline, newest first, optionally of one show (`?show=<slug>`)."""

    template_name = "shows/news_list.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        events = NewsEvent.objects.newest_first().prefetch_related("shows")
        self.show = None
        if slug := self.request.GET.get("show", "").strip():
            # Only what could be a slug is looked up (PostgreSQL refuses a NUL in a lookup).
            if SLUG.fullmatch(slug):
                self.show = Show.objects.filter(slug=slug).first()
            if self.show is None:
                raise NotFound(
                    gettext("No show %(slug)s to filter the news by.") % {"slug": repr(slug)}
                )
            events = events.filter(shows=self.show)
        self.undated = None
        if (day := reading_of(self.request).as_of) is not None:
            # As of a day: what may have happened by then, in SQL (the rows' first
            # days); the template tells the known from the maybe. The undated are
            # counted apart, as pages past the first would not see them.
            self.undated = events.filter(date="").count()
            events = events.filter(**not_after(day))
        return events

    def get_context_data(self, **kwargs):
        context = super().get_context_data(show=self.show, undated=self.undated, **kwargs)
        # The filter offers the shows in the news on this page (already fetched with it), not
        # every show: a list that grows with the wiki would outweigh the page. Any show's news
        # is one link away on the show's own page.
        shows = {show.pk: show for event in context["events"] for show in event.shows.all()}
        if self.show is not None:
            shows[self.show.pk] = self.show
        context["shows"] = sorted(shows.values(), key=lambda show: (show.title, show.pk))
        return context


class NewsDetailView(KeptPartsMixin, ReferencesMixin, DetailView):
    model = NewsEvent
    template_name = "shows/news_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return NewsEvent.objects.for_detail().prefetch_related(gallery_prefetch())

    def world_shows(self):
        return [show.pk for show in self.object.shows.all()]

    def cite_entries(self, references):
        references.cite(self.object)
        references.cite_all(shown_pictures(self.object.images.all()))
