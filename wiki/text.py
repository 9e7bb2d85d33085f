"""
Characters no text of the wiki can carry, defined once.

XML 1.0 (the feeds and sitemaps) allows only tab, line feed and carriage return
below U+0020, and neither U+FFFE, U+FFFF nor a lone surrogate
(https://www.w3.org/TR/xml/#charsets); PostgreSQL refuses U+0000 in any text.
Such a character is never something an editor meant to write (a vertical tab
pasted from a word processor, an escape from a terminal), so:

- forms and the admin refuse it, naming it (`refuse_uncarriable`, put on every
  text field of every entry kind at start-up, and on edit summaries);
- every write of an entry drops it (the change pipeline, `strip_uncarriable`),
  whatever path the write takes;
- every output that must be XML drops what is stored already (`xml_safe`).
"""

import functools
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

UNCARRIABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# The C0 controls' names (Unicode gives them none of their own, only aliases).
# fmt: off
_C0_NAMES = (
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR",
    "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB",
    "ESC", "FS", "GS", "RS", "US",
)
# fmt: on


def describe(char: str) -> str:
    """ "\\x0b" -> "U+000B (VT)": a character an editor cannot see, named so they can find it."""
    code = ord(char)
    if code < len(_C0_NAMES):
        return f"U+{code:04X} ({_C0_NAMES[code]})"
    if code == 0x7F:
        return "U+007F (DEL)"
    return f"U+{code:04X}"


def first_uncarriable(text: str) -> str | None:
    found = UNCARRIABLE.search(text)
    return found.group() if found else None


def strip_uncarriable(text: str) -> str:
    return UNCARRIABLE.sub("", text)


def xml_safe(value):
    """`value` with what XML cannot carry dropped from its text, in lists and dicts too."""
    if isinstance(value, str):
        return strip_uncarriable(value)
    if isinstance(value, (list, tuple)):
        return type(value)(xml_safe(each) for each in value)
    if isinstance(value, dict):
        return {key: xml_safe(each) for key, each in value.items()}
    return value


class XmlSafeFeed:
    """
    A mixin for Django's feed generators (django.utils.feedgenerator): the feed's
    and its items' text keep nothing XML cannot carry. Django refuses to write
    such a character (UnserializableContentError, a 500), and a revision's
    summary or an old headline may hold one from before it was refused.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = xml_safe(self.feed)

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1] = xml_safe(self.items[-1])


def refuse_uncarriable(value) -> None:
    """A validator: text holding a character the wiki cannot store is refused, naming it."""
    if isinstance(value, str) and (char := first_uncarriable(value)) is not None:
        raise ValidationError(
            _(
                "This text contains an invisible control character, %(character)s, "
                "which the wiki cannot store. Delete it (it often comes with pasted text)."
            ),
            code="uncarriable_character",
            params={"character": describe(char)},
        )


@functools.cache
def text_fields(model) -> tuple[models.Field, ...]:
    """The model's own fields that hold text (char, text, slug and their kinds)."""
    return tuple(
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
    )


def guard_text_fields(model) -> None:
    """
    Refuse uncarriable characters in every text field of `model` when it is
    validated (forms, the admin, `full_clean()`). Added to the field's
    validators as read, not to the validators it was declared with: the latter
    are part of its migration state.
    """
    for field in text_fields(model):
        if refuse_uncarriable not in field.validators:
            field.validators.append(refuse_uncarriable)


def strip_text_fields(instance) -> None:
    """Drop uncarriable characters from the text the instance is about to store."""
    for field in text_fields(type(instance)):
        value = getattr(instance, field.attname)
        if isinstance(value, str) and UNCARRIABLE.search(value):
            setattr(instance, field.attname, strip_uncarriable(value))
