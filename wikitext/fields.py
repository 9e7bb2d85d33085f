"""Which fields of which entries are written in wiki markup: as their apps registered them."""

from wiki.registry import wikitext_fields

__all__ = ["wikitext_fields"]
