"""
A wiki text is declared once, on its model, as a `WikiTextField`: the entry
registry reads the entry's wiki text fields from the model (wiki/registry.py),
and the field checks its citations by itself (wikitext/fields.py).
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured

from people.models import Actor, Person
from shows.models import Show, Source
from wiki import registry
from wikitext.fields import WikiTextField, translation, wikitext_fields
from wikitext.validators import cited_sources_exist

# The long texts README.md lists under "Wiki text".
README_WIKI_TEXT = {
    ("shows.show", "description"),
    ("shows.show", "synopsis"),
    ("shows.season", "summary"),
    ("shows.episode", "summary"),
    ("shows.character", "description"),
    ("people.person", "biography"),
    ("shows.organisation", "description"),
    ("shows.newsevent", "summary"),
}


def declared():
    """Every field of type WikiTextField, in every model of the project."""
    return {
        (model._meta.label_lower, field.name)
        for model in apps.get_models()
        if not model._meta.proxy
        for field in model._meta.concrete_fields
        if isinstance(field, WikiTextField)
    }


def test_the_registry_lists_exactly_the_wiki_text_fields_of_the_models():
    registered = {(entry.label, name) for entry in registry.entries() for name in entry.wikitext}
    assert registered == declared()
    originals = {(entry.label, name) for entry in registry.entries() for name in entry.originals}
    # The site's own are the README's; the test-only kind (tests/kinds) adds its one.
    assert originals - {("kinds.venue", "description")} == README_WIKI_TEXT
    # The rest are their French texts (issue 17), `<name>_fr`.
    assert registered - originals == {(label, f"{name}_fr") for label, name in README_WIKI_TEXT}


def test_every_wiki_text_of_the_site_can_be_written_in_french():
    for label, name in README_WIKI_TEXT:
        model = apps.get_model(label)
        assert registry.translation_field(model, name, "fr") == f"{name}_fr"
        french = model._meta.get_field(f"{name}_fr")
        assert (french.translation_of, french.language) == (name, "fr")
        assert str(french.verbose_name) == f"{model._meta.get_field(name).verbose_name} (French)"
    # A kind that declares none has none: its pages show the original in every language.
    assert apps.get_model("kinds.venue") not in {
        entry.model for entry in registry.entries() if entry.translations
    }


def test_wikitext_fields_keeps_the_models_order_and_reads_through_a_proxy():
    assert wikitext_fields(Show) == ("description", "description_fr", "synopsis", "synopsis_fr")
    assert wikitext_fields(Actor) == wikitext_fields(Person) == ("biography", "biography_fr")
    assert registry.original_fields(Show) == ("description", "synopsis")
    assert wikitext_fields(Source) == ()
    assert wikitext_fields(Group) == ()


def test_every_wiki_text_field_checks_its_citations():
    for label, name in declared():
        field = apps.get_model(label)._meta.get_field(name)
        assert cited_sources_exist in field.validators, (label, name)


def test_the_citation_check_stays_out_of_migrations():
    """A default validator is the field class's, so migrations do not repeat it."""
    _, path, _, kwargs = WikiTextField(blank=True).deconstruct()
    assert path == "wikitext.fields.WikiTextField"
    assert "validators" not in kwargs


def test_register_takes_no_list_of_wiki_text_fields(monkeypatch):
    """The model declares them; a second list could only repeat it or disagree."""
    monkeypatch.setattr(registry._registry, "closed", False)
    with pytest.raises(ImproperlyConfigured, match="WikiTextField"):
        registry.register(Group, wikitext=("name",))
    assert not registry.is_entry(Group)


def test_a_translation_into_a_language_the_wiki_has_not_is_refused():
    with pytest.raises(ImproperlyConfigured, match="'de'"):
        translation("description", "de")
