from django import template

from wikitext.markup import plain_text

register = template.Library()


@register.filter
def plain(text):
    """A wiki text's words, no markup or spoilers: `{{ text|plain|truncatewords:30 }}`."""
    return plain_text(text)
