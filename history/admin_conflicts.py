"""
What another editor changed, shown on the refused form next to each field.

A save refused as stale (history/admin.py) named the fields someone changed
since the form was opened, but not how: the editor had to open the history in
another tab to see it. Each field the other edit changed now carries, as its
own error, the difference from the version the form was opened at to the
current one: word by word for long texts (the history's own `word_diff`),
added and removed for relations, before and after for other values.
Removed and added words are `<del>` and `<ins>` (struck through and
underlined, not colour alone), each announced by a hidden "removed:" or
"added:" for screen readers, which do not announce the elements themselves.
"""

from django.template.loader import render_to_string

from .reading import _who


def show_changes(form, latest, changes) -> None:
    """Add to each field of `form` that `changes` touch the difference, as that field's error."""
    who = _who(latest.revision.user) if latest is not None else ""
    for change in changes:
        name = change.field.name
        if name not in form.fields:
            continue
        form.add_error(
            name,
            render_to_string("history/_conflict_diff.html", {"change": change, "who": who}),
        )
