"""
What the admin reads from an address, checked before it reaches a query.

Found by the fuzz test (tests/bad_input/): Django's admin hands query-string
values to the database as they come, and some fail there rather than in a form:
`?show=etoile` on an add page is the initial value of a foreign key whose
autocomplete widget looks it up as an id (ValueError), and `?title__regex=(`
on a list is a regular expression PostgreSQL cannot compile (DataError). Each
was a 500, as a NUL in a filter or a search was on PostgreSQL.
"""

from django.core.exceptions import ValidationError
from django.db import models

from wiki import text


class AdminInputChecks:
    """A ModelAdmin mixin: leaves out what the address gives that no query can take."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            field = next((f for f in self.opts.get_fields() if f.name == name), None)
            if not isinstance(field, (models.ForeignKey, models.ManyToManyField)):
                continue
            target = field.target_field if field.many_to_one else field.related_model._meta.pk
            values = [each for each in _as_list(value) if _valid(target, each)]
            if field.many_to_many:
                initial[name] = values
            elif values:
                initial[name] = values[0]
            else:
                # A link to nothing: the form opens without it rather than fail.
                del initial[name]
        return initial

    def lookup_allowed(self, lookup, value, request=None):
        # A regular expression typed into an address would be compiled by the
        # database (and PostgreSQL's errors on a bad one abort the request);
        # PostgreSQL refuses a NUL in any lookup (etoile_wiki/input_checks.py
        # turns such an address away first; this holds without it).
        if lookup.rsplit("__", 1)[-1] in ("regex", "iregex"):
            return False
        if isinstance(value, str) and text.first_uncarriable(value):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_results(self, request, queryset, search_term):
        # The list's search and every autocomplete: no entry holds such a character.
        return super().get_search_results(request, queryset, text.strip_uncarriable(search_term))


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _valid(field, value) -> bool:
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return True
