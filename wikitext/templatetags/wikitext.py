from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

from wikitext.markup import plain_text
from wikitext.translations import language_of, shown_text

register = template.Library()


@register.filter
def plain(text):
    """A wiki text's words, no markup or spoilers: `{{ text|plain|truncatewords:30 }}`."""
    return plain_text(text)


@register.filter
def text(entry, field):
    """
    The wiki markup of an entry's text `field` in the reader's language when an
    editor wrote it in that language, else the original (issue 17), knowing its
    language for `{% text_lang %}`: `{{ character|text:"description"|plain }}`.
    """
    return shown_text(entry, field)


@register.simple_tag
def text_lang(shown=None):
    """
    ` lang="en"` on the wrapper of a text editors wrote (wiki text, a source's
    title) when the page's language is not the text's, so that screen readers
    read an English text on a French page as English; nothing on a page in the
    text's own language. A text handed out in the reader's language
    (`{% text_lang texts.description %}`, `wikitext.translations`) says which
    it is in; anything else is in the wiki's language (`LANGUAGE_CODE`). Pages
    are cached per language, so this varies nothing a cached page would get wrong.
    """
    language = language_of(shown) if shown is not None else settings.LANGUAGE_CODE
    if translation.get_language() == language:
        return ""
    return format_html(' lang="{}"', language)
