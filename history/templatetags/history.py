"""
Template tags of the history pages, and the link to them from every entry page.

    {% load history %}
    {{ revision|author }}              alice, or "fixture load" when no one signed it
    {% size_change line.size_change %} <data class="size size--plus" value="120">+120</data>
    {% saved_at revision.date_created %} <time datetime="…">November 25, 2025, 21:04 UTC</time>
    {% field_value field value %}      a field of an old version, relations linked
    {{ show|history_url }}             /history/shows.show/1/
"""

import datetime

from django import template
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy

from history.models import Edit
from history.reading import Related, Withheld, edit_of

register = template.Library()

# How a revision made without a signed-in user is credited.
UNSIGNED = {
    Edit.Via.FIXTURE: pgettext_lazy("made by", "fixture load"),
    Edit.Via.COMMAND: pgettext_lazy("made by", "command"),
    Edit.Via.RECOVER: pgettext_lazy("made by", "recovery"),
    Edit.Via.REVERT: pgettext_lazy("made by", "revert"),
    Edit.Via.ADMIN: pgettext_lazy("made by", "admin"),
    Edit.Via.OTHER: pgettext_lazy("made by", "script or shell"),
}


def _date_and_time_format():
    # Translators: a Django date format (https://docs.djangoproject.com/en/stable/ref/templates/builtins/#date).
    return pgettext("date and time format", "F j, Y, H:i T")


def _date_format():
    # Translators: a Django date format, as above.
    return pgettext("date format", "F j, Y")


@register.filter
def author(revision):
    """Who made a revision: the user's name, else how it was made ("command edit_entry …")."""
    if revision.user_id is not None and revision.user is not None:
        return revision.user.get_username()
    edit = edit_of(revision)
    if edit is None:
        return gettext("the system")
    credit = str(UNSIGNED.get(edit.via, edit.get_via_display().lower()))
    if edit.via == Edit.Via.COMMAND and edit.detail:
        return f"{credit} {edit.detail}"
    return credit


def signed(change):
    """
    +120, 0, or -8 written with a true minus sign (U+2212), as MediaWiki does;
    thousands grouped the reader's language's way ("+1,234", "+1 234").
    """
    size = number_format(abs(change), force_grouping=True)
    if change > 0:
        return f"+{size}"
    return f"\u2212{size}" if change < 0 else "0"


@register.simple_tag
def size_change(change):
    """A signed size change in characters, marked up for colour, or nothing if unknown."""
    if change is None:
        return ""
    text = signed(change)
    modifier = "plus" if change > 0 else "minus" if change < 0 else "none"
    title = ngettext("%(size)s character", "%(size)s characters", abs(change)) % {"size": text}
    return format_html(
        '<data class="size size--{}" value="{}" title="{}">{}</data>',
        modifier,
        change,
        title,
        text,
    )


@register.simple_tag
def saved_at(moment, format=None):
    """
    A revision's date and time, in the site's time zone, as a `<time>` element;
    written the reader's language's way unless the template gives a format.
    """
    moment = localtime(moment)
    return format_html(
        '<time datetime="{}">{}</time>',
        moment.isoformat(timespec="seconds"),
        date_format(moment, format or _date_and_time_format()),
    )


@register.simple_tag
def field_value(field, value):
    """
    A field's value in a version, for people: long texts in paragraphs, related
    entries linked while they exist, nothing as "empty".
    """
    if isinstance(value, list) and not field.many_to_many:
        # A list stored in a field (JSON), not a relation: its items as they are.
        if not value:
            return _unknown(pgettext("no value", "empty"))
        return ", ".join(str(item) for item in value)
    if isinstance(value, list):
        if not value:
            return _unknown(pgettext("no related entries", "none"))
        return format_html_join(", ", "{}", ((related_link(item),) for item in value))
    if isinstance(value, Related):
        return related_link(value)
    if isinstance(value, Withheld):
        return _unknown(str(value))
    if value is None or value == "" or (isinstance(value, FieldFile) and not value):
        return _unknown(pgettext("no value", "empty"))
    if isinstance(value, bool):
        return pgettext("a field's value", "yes") if value else pgettext("a field's value", "no")
    if isinstance(value, datetime.datetime):
        return date_format(localtime(value), _date_and_time_format())
    if isinstance(value, datetime.date):
        return date_format(value, _date_format())
    if isinstance(field, models.TextField):
        return linebreaks_filter(str(value), autoescape=True)
    return str(value)


def _unknown(text):
    return format_html('<span class="unknown">{}</span>', text)


@register.simple_tag
def related_link(related):
    """A related entry as a version names it: a link while it exists, else its kind and id."""
    if related.url:
        return format_html('<a href="{}">{}</a>', related.url, related)
    return format_html('<span class="unknown">{}</span>', related)


def label_of(entry):
    return entry._meta.concrete_model._meta.label_lower


@register.filter
def history_url(entry):
    """The address of an entry's history page."""
    return reverse("history:entry", kwargs={"label": label_of(entry), "object_id": entry.pk})
