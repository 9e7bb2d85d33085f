from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import DetailView, ListView

from pagecache.views import KeptPartsMixin
from shows.models import Source
from wikitext import display


class SourceListView(ListView):
    template_name = "shows/source_list.html"
    context_object_name = "sources"
    paginate_by = 50

    def get_queryset(self):
        # In the order they were published, as the list has always run; the key is unique, so
        # the order is total and every source is on exactly one page.
        return Source.objects.for_pages().order_by("published", "title", "key")


# Every model that cites sources, and how the source page labels what it cites.
CITING = [
    ("cited_shows", _("Shows")),
    ("cited_seasons", _("Seasons")),
    ("cited_episodes", _("Episodes")),
    ("cited_characters", _("Characters")),
    ("cited_castings", _("Castings")),
    ("cited_credits", _("Credits")),
    ("cited_persons", _("People")),
    ("cited_organisations", _("Organisations")),
    ("cited_positions", pgettext_lazy("posts people hold", "Positions")),
    ("cited_memberships", _("Memberships")),
    ("cited_newsevents", pgettext_lazy("news events", "News")),
    ("cited_images", _("Images")),
]

# What to join so that each cited entry can print its name and link without a query.
CITING_RELATED = {
    "cited_seasons": ["show"],
    "cited_episodes": ["season__show"],
    "cited_characters": ["show"],
    "cited_castings": ["show", "person", "character__show"],
    "cited_credits": ["show", "person"],
    "cited_positions": ["person", "organisation"],
    "cited_memberships": ["character__show", "organisation"],
}


class SourceDetailView(KeptPartsMixin, DetailView):
    model = Source
    template_name = "shows/source_detail.html"
    context_object_name = "source"
    slug_field = "key"
    slug_url_kwarg = "key"

    def get_queryset(self):
        return Source.objects.for_pages()

    def get_context_data(self, **kwargs):
        cited = []
        for accessor, label in CITING:
            entries = getattr(self.object, accessor).all()
            if related := CITING_RELATED.get(accessor):
                entries = entries.select_related(*related)
            if entries := list(entries):
                cited.append((label, entries))
        return super().get_context_data(
            cited=cited, links_here=display.links_here(self.object), **kwargs
        )
