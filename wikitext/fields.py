"""
Wiki text fields: a model field of this class is written in wiki markup.

    description = WikiTextField(_("description"), blank=True)

is the one declaration a wiki text needs: the field checks the sources it cites
(`validators.cited_sources_exist`), and the entry registry lists it among the
entry's wiki text fields (`wiki.registry.Entry.wikitext`), which the renderer,
the link index, search and the admin editor read.
"""

from django.db import models

from wiki.registry import wikitext_fields

from .validators import cited_sources_exist

__all__ = ["WikiTextField", "wikitext_fields"]


class WikiTextField(models.TextField):
    """A long text in wiki markup, shown as sanitised HTML."""

    # What the registry reads: wiki/ is below this app and never imports it.
    wiki_markup = True
    # Default validators are not written into migrations, as `validators=` would be.
    default_validators = [cited_sources_exist]
