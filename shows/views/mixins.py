from django.views.generic.base import ContextMixin

from shows.references import References


class ReferencesMixin(ContextMixin):
    """Gives the template a numbered reference list built by `cite_entries`."""

    def cite_entries(self, references: References) -> None:
        references.cite(self.object)

    def get_context_data(self, **kwargs):
        references = References()
        self.cite_entries(references)
        return super().get_context_data(references=references.numbered(), **kwargs)
