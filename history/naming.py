"""
Entry names that do not depend on the reader's language.

An entry's `str()` is stored, not only shown: django-reversion keeps it with
every version (`Version.object_repr`), a deletion keeps it, and the search and
link indexes file the entry under it. Built from translated words (a choice
label, a month name), it would be stored in the language of whoever happened to
save, and the same entry would carry two names. So a `__str__` that uses such
words builds the name with translation off: in the English the code is written
in, whatever the interface language.
"""

import functools

from django.utils import translation


def language_neutral(method):
    """Decorate a `__str__` (or any method) to run with no translation active."""

    @functools.wraps(method)
    def neutral(*args, **kwargs):
        # A fresh override per call: one shared by every call (`@override(None)`)
        # keeps the previous language on itself, which threads would overwrite.
        with translation.override(None):
            return method(*args, **kwargs)

    return neutral
