"""
Readable names for the rows that join two entries.

Django makes a table for each many-to-many field (a character's pictures, a
news event's shows, every entry's sources), and names its rows and the table
by the class it makes: "Character_images object (3)", "Character-image
relationship". The admin shows them so: on a deletion's confirmation page,
which lists every link the deletion takes with it. `name_joins()` gives each
such row a name in the reader's language ("Picture of Cheyenne Toussaint:
…", "Étoile in “Prime Video renews…”") and each table a name an editor
reads ("link: character to image").

A field may say how its rows read with a `join_name` attribute: a lazy
pattern with `%(entry)s` (the entry holding the field) and `%(target)s` (the
entry it links to); `pictures()` and `Cited.sources` do. These names are
shown, never stored (the history keeps versions of entries, not of join rows),
so they are translated.
"""

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from . import registry

# How a join row reads when its field says nothing: "Étoile in “<news event>”".
DEFAULT_JOIN_NAME = _("%(target)s in “%(entry)s”")


def _table_name(entry_name, target_name, plural) -> str:
    values = {"entry": entry_name, "target": target_name}
    if plural:
        # Translators: rows linking two kinds of entry, e.g. "links: character to image".
        return pgettext("links between entries", "links: %(entry)s to %(target)s") % values
    # Translators: a row linking two kinds of entry, e.g. "link: character to image".
    return pgettext("link between entries", "link: %(entry)s to %(target)s") % values


_lazy_table_name = lazy(_table_name, str)


def _join_str(field, entry_side, target_side):
    def __str__(self):
        pattern = getattr(field, "join_name", DEFAULT_JOIN_NAME)
        entry, target = getattr(self, entry_side), getattr(self, target_side)
        return str(pattern) % {"entry": entry, "target": target}

    return __str__


def name_joins() -> None:
    """Name the rows and tables of every entry's own many-to-many fields; from ready()."""
    for entry in registry.entries():
        for field in entry.model._meta.many_to_many:
            through = field.remote_field.through
            if not through._meta.auto_created or field.model is not entry.model:
                continue
            through.__str__ = _join_str(
                field, field.m2m_field_name(), field.m2m_reverse_field_name()
            )
            names = (entry.model._meta.verbose_name, field.related_model._meta.verbose_name)
            through._meta.verbose_name = _lazy_table_name(*names, plural=False)
            through._meta.verbose_name_plural = _lazy_table_name(*names, plural=True)
