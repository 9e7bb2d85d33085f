from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

from wikitext.markup import plain_text

register = template.Library()


@register.filter
def plain(text):
    """A wiki text's words, no markup or spoilers: `{{ text|plain|truncatewords:30 }}`."""
    return plain_text(text)


@register.simple_tag
def text_lang():
    """
    ` lang="en"` on the wrapper of a text editors wrote (wiki text, a source's
    title) when the page's language is not the texts' (`LANGUAGE_CODE`), so that
    screen readers read an English text on a French page as English; nothing on
    a page in the texts' own language. Pages are cached per language, so this
    varies nothing a cached page would get wrong.
    """
    language = settings.LANGUAGE_CODE
    if translation.get_language() == language:
        return ""
    return format_html(' lang="{}"', language)
