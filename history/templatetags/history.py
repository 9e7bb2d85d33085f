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
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from history.models import Edit
from history.reading import Related, edit_of

register = template.Library()

# How a revision made without a signed-in user is credited.
UNSIGNED = {
    Edit.Via.FIXTURE: "fixture load",
    Edit.Via.COMMAND: "command",
    Edit.Via.RECOVER: "recovery",
    Edit.Via.REVERT: "revert",
    Edit.Via.ADMIN: "admin",
    Edit.Via.OTHER: "script or shell",
}


@register.filter
def author(revision):
    """Who made a revision: the user's name, else how it was made ("command edit_entry …")."""
    if revision.user_id is not None and revision.user is not None:
        return revision.user.get_username()
    edit = edit_of(revision)
    if edit is None:
        return "the system"
    credit = UNSIGNED.get(edit.via, edit.get_via_display().lower())
    if edit.via == Edit.Via.COMMAND and edit.detail:
        return f"{credit} {edit.detail}"
    return credit


def signed(change):
    """+120, 0, or -8 written with a true minus sign (U+2212), as MediaWiki does."""
    if change > 0:
        return f"+{change:,}"
    return f"\u2212{-change:,}" if change < 0 else "0"


@register.simple_tag
def size_change(change):
    """A signed size change in characters, marked up for colour, or nothing if unknown."""
    if change is None:
        return ""
    text = signed(change)
    modifier = "plus" if change > 0 else "minus" if change < 0 else "none"
    return format_html(
        '<data class="size size--{}" value="{}" title="{} characters">{}</data>',
        modifier,
        change,
        text,
        text,
    )


@register.simple_tag
def saved_at(moment, format="F j, Y, H:i T"):
    """A revision's date and time, in the site's time zone, as a `<time>` element."""
    moment = localtime(moment)
    return format_html(
        '<time datetime="{}">{}</time>',
        moment.isoformat(timespec="seconds"),
        date_format(moment, format),
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
            return format_html('<span class="unknown">{}</span>', "empty")
        return ", ".join(str(item) for item in value)
    if isinstance(value, list):
        if not value:
            return format_html('<span class="unknown">{}</span>', "none")
        return format_html_join(", ", "{}", ((related_link(item),) for item in value))
    if isinstance(value, Related):
        return related_link(value)
    if value is None or value == "" or (isinstance(value, FieldFile) and not value):
        return format_html('<span class="unknown">{}</span>', "empty")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return date_format(localtime(value), "F j, Y, H:i T")
    if isinstance(value, datetime.date):
        return date_format(value, "F j, Y")
    if isinstance(field, models.TextField):
        return linebreaks_filter(str(value), autoescape=True)
    return str(value)


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
