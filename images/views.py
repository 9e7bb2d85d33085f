from django.db.models import Prefetch
from django.utils.text import capfirst
from django.views.generic import DetailView

from wiki import registry
from wiki.references import References

from .models import Image, depicts_lookup, pictured_models


def _addressable(model):
    """Entries with what their address is made from (a character's show) fetched with them."""
    entries = model._default_manager.all()
    related = registry.related_of(model)
    return entries.select_related(*related) if related else entries


class ImageDetailView(DetailView):
    """A picture's own page: the picture large, its caption, credit, sources and what it shows."""

    template_name = "images/image_detail.html"
    context_object_name = "image"

    def get_queryset(self):
        shown = [
            Prefetch(depicts_lookup(model), _addressable(model)) for model in pictured_models()
        ]
        return Image.objects.cited().prefetch_related(*shown)

    def get_context_data(self, **kwargs):
        image = self.object
        references = References()
        references.cite(image)
        depicts = [
            (capfirst(model._meta.verbose_name_plural), entries)
            for model in pictured_models()
            if (entries := getattr(image, depicts_lookup(model)).all())
        ]
        return super().get_context_data(depicts=depicts, references=references.listed(), **kwargs)
