"""
Wiki text fields: a model field of this class is written in wiki markup.

    description = WikiTextField(_("description"), blank=True)
    description_fr = translation("description", "fr")

is all a wiki text needs: the field checks the sources it cites
(`validators.cited_sources_exist`), and the entry registry lists it among the
entry's wiki text fields (`wiki.registry.Entry.wikitext`), which the renderer,
the link index, search and the admin editor read.

A translation (issue 17) is a wiki text field of its own beside the original,
`<name>_<language>`, declared by the app that owns the model: the original is
the text in the wiki's language (`LANGUAGE_CODE`), which stays canonical, and
pages in the translation's language show the translation when it holds a text
(`wikitext.translations`). Why a column per language rather than
django-modeltranslation or django-parler: README, "French texts".
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import translation as i18n
from django.utils.functional import lazy
from django.utils.translation import gettext

from wiki.registry import wikitext_fields

from .validators import cited_sources_exist

__all__ = ["WikiTextField", "translation", "wikitext_fields"]


class WikiTextField(models.TextField):
    """A long text in wiki markup, shown as sanitised HTML."""

    # What the registry reads: wiki/ is below this app and never imports it.
    wiki_markup = True
    # Default validators are not written into migrations, as `validators=` would be.
    default_validators = [cited_sources_exist]

    def __init__(self, *args, translation_of: str = "", language: str = "", **kwargs):
        # The field this one translates and the language it is in; "" for an original.
        self.translation_of = translation_of
        self.language = language
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls, name, *args, **kwargs):
        if self.translation_of and self.verbose_name is None:
            original = cls._meta.get_field(self.translation_of)
            self.verbose_name = _label(original.verbose_name, self.language)
        super().contribute_to_class(cls, name, *args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.translation_of:
            kwargs |= {"translation_of": self.translation_of, "language": self.language}
        return name, path, args, kwargs


def translation(of: str, language: str) -> WikiTextField:
    """
    The text of the wiki text field `of` (declared above it) in `language`,
    labelled after it: "description (French)", "description (français)".
    Blank until an editor writes it; pages in that language show the original
    meanwhile, marked as being in the wiki's language.
    """
    languages = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    if language not in languages:
        raise ImproperlyConfigured(
            f"A translation of {of!r} into {language!r}: the wiki's other languages "
            f"(settings.LANGUAGES) are {', '.join(languages) or 'none'}."
        )
    return WikiTextField(
        blank=True,
        translation_of=of,
        language=language,
        help_text=_help(language),
    )


def _language_name(language: str) -> str:
    # Named in the interface's language, or by its own name when that is it:
    # "French" in English, "français" in French.
    info = i18n.get_language_info(language)
    return info["name_local"] if i18n.get_language() == language else info["name_translated"]


def _label_text(original, language: str) -> str:
    return f"{original} ({_language_name(language)})"


def _help_text(language: str) -> str:
    return gettext(
        "Shown instead of the text above on pages in %(language)s; while it is blank, "
        "those pages show the text above."
    ) % {"language": _language_name(language)}


_label = lazy(_label_text, str)
_help = lazy(_help_text, str)
