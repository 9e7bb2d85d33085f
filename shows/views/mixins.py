from django.views.generic.base import ContextMixin

from shows import navbox
from wiki.reading import reading_of
from wiki.references import References
from wikitext import display


class ReferencesMixin(ContextMixin):
    """
    Gives an entry's page its texts (`texts.description` and so on, rendered
    from wiki markup), its numbered reference list, what links to it, and the
    navigation box of each show whose world it belongs to (`world_shows()`).
    """

    def world_shows(self) -> list:
        """The ids of the shows whose world the page is part of: none unless a view says."""
        return []

    def texts_left_out(self) -> frozenset[str]:
        """The texts this reader is not to read (an episode they have not watched yet)."""
        return frozenset()

    def cite_entries(self, references: References) -> None:
        references.cite(self.object)

    def get_context_data(self, **kwargs):
        references = References()
        # The texts come first on the page, so their citations are numbered first.
        texts = display.page_texts(
            self.object,
            references,
            editor=self.request.user.is_staff,
            watched=reading_of(self.request).watched,
            left_out=self.texts_left_out(),
        )
        self.cite_entries(references)
        return super().get_context_data(
            references=references.listed(),
            texts=texts,
            links_here=display.links_here(self.object),
            navboxes=navbox.boxes(
                self.world_shows(), current=self.object, day=reading_of(self.request).as_of
            ),
            **kwargs,
        )


def keep_first(items: list, count: int) -> bool:
    """
    Cut a prefetched list (fetched with one row more than a list row shows) to
    `count`; whether there were more, for the row's link to the full page.
    """
    more = len(items) > count
    del items[count:]
    return more
