"""
What each field of a model is in the API, read from the field itself: its type
in the resource's schema, its value, and what a list must fetch with it so that
a page of a hundred entries costs the queries of one.

Fields that carry the wiki's own kinds of value say so by an attribute, as the
rest of the core reads them (wiki/registry.py): `wiki_markup` (a wiki text),
`wiki_fact_citations` (citations of single facts), `wiki_row_citation` (a
row's quoted citation), `wiki_partial_date` (a date at its source's precision).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from wiki import registry
from wikitext import markup

from . import schemas
from .links import Links


@dataclass(frozen=True)
class FieldSpec:
    name: str
    annotation: Any
    value: Callable[[models.Model, Links], Any]
    description: str = ""
    # Relations a list reads with its rows: select_related paths, prefetch names.
    select: tuple[str, ...] = ()
    prefetch: tuple[models.Prefetch, ...] = field(default_factory=tuple)


def spec(model, name: str) -> FieldSpec:
    """How the API gives `model`'s field `name`."""
    model_field = model._meta.get_field(name)
    description = str(getattr(model_field, "help_text", "") or "")
    if getattr(model_field, "wiki_markup", False):
        return FieldSpec(name, schemas.Text, _text(model, name), description)
    if getattr(model_field, "wiki_fact_citations", False):
        return FieldSpec(
            name,
            dict[str, list[schemas.Citation]],
            _fact_citations(name),
            "The passages of sources that give single facts, by the fact's field.",
        )
    if getattr(model_field, "wiki_row_citation", False):
        return FieldSpec(name, list[schemas.Citation], _row_citation(name), description)
    if getattr(model_field, "wiki_partial_date", False):
        return FieldSpec(name, schemas.PartialDate | None, _partial_date(name), description)
    if model_field.is_relation:
        _given(model, model_field)
    if model_field.many_to_many and not model_field.auto_created:
        target = model_field.related_model
        queryset = target._default_manager.all()
        if related := registry.related_of(target):
            queryset = queryset.select_related(*related)
        return FieldSpec(
            name,
            list[schemas.Reference],
            _many(name),
            description,
            prefetch=(models.Prefetch(name, queryset=queryset),),
        )
    if model_field.many_to_one:
        target = model_field.related_model
        select = (name, *(f"{name}__{path}" for path in registry.related_of(target)))
        return FieldSpec(name, schemas.Reference | None, _one(name), description, select=select)
    return _plain(model_field, description)


def _given(model, model_field) -> None:
    """A reference leads to the other entry's resource: refuse to start without one."""
    target = registry.get(model_field.related_model)
    if target is None or target.api is None or target.api.path is None:
        raise ImproperlyConfigured(
            f"{model._meta.label}.{model_field.name} refers to "
            f"{model_field.related_model._meta.label}, which the API does not give: "
            "register it with api=registry.Api(path=...) or leave the field out."
        )


def _plain(model_field, description: str) -> FieldSpec:
    name = model_field.name
    if model_field.choices:
        values = tuple(str(value) for value, _ in model_field.flatchoices)
        if model_field.blank:
            values = ("", *values) if "" not in values else values
        annotation = Literal[values]
    elif isinstance(model_field, models.BooleanField):
        annotation = bool
    elif isinstance(model_field, models.IntegerField):
        annotation = int
    elif isinstance(model_field, models.CharField | models.TextField):
        annotation = str
    else:
        # A field no one has said how to give: refuse to start rather than guess.
        raise ImproperlyConfigured(
            f"The API cannot give {model_field.model._meta.label}.{name} "
            f"({type(model_field).__name__}): say how in api/fields.py."
        )
    if model_field.null:
        annotation = annotation | None
    return FieldSpec(name, annotation, lambda obj, links: getattr(obj, name), description)


def _one(name):
    def value(obj, links):
        target = getattr(obj, name)
        return None if target is None else links.reference(target)

    return value


def _many(name):
    def value(obj, links):
        return [links.reference(target) for target in getattr(obj, name).all()]

    return value


def date_data(date) -> dict | None:
    """A partial date (a `wiki_partial_date` field's value) as the API gives it."""
    if not date:
        return None
    return {
        "value": date.html_datetime(),
        "precision": date.precision.name.lower(),
        "part": date.part or None,
        "label": str(date),
        "earliest": date.start,
        "latest": date.end,
    }


def _partial_date(name):
    def value(obj, links):
        return date_data(getattr(obj, name))

    return value


def computed(declared) -> FieldSpec:
    """A value an app works out (registry.Computed), given as it declares it."""
    return FieldSpec(
        declared.name,
        declared.annotation,
        declared.value,
        declared.description,
        prefetch=tuple(declared.prefetch),
    )


def citations(text: str, links: Links) -> list[dict]:
    """Every citation of a text in order: the quoted ones with their passages."""
    parsed = markup.parse(text or "")
    found = [
        {
            "source": quote.key,
            "source_url": links.source(quote.key),
            "passage": quote.passage,
            "reporting": quote.reporting or None,
        }
        for quote in parsed.quotes
    ]
    quoted = {quote.key for quote in parsed.quotes}
    found += [
        {"source": key, "source_url": links.source(key), "passage": None, "reporting": None}
        for key in parsed.citations
        if key not in quoted
    ]
    return found


def _text(model, name):
    entry = registry.get(model)
    translations = entry.translations.get(name, {}) if entry else {}

    def value(obj, links):
        written = getattr(obj, name) or ""
        return {
            "markup": written,
            "text": markup.plain_text(written),
            "spoilers": [
                {"episode": str(block.episode) if block.episode else None, **_words(block)}
                for block in markup.spoiler_texts(written)
            ],
            "citations": citations(written, links),
            "translations": {
                language: {"markup": other, "text": markup.plain_text(other)}
                for language, field_name in translations.items()
                if (other := getattr(obj, field_name))
            },
        }

    return value


def _words(block) -> dict:
    return {"title": block.title, "text": block.text}


def _fact_citations(name):
    def value(obj, links):
        stored = getattr(obj, name) or {}
        return {fact: citations(text, links) for fact, text in stored.items()}

    return value


def _row_citation(name):
    def value(obj, links):
        return citations(getattr(obj, name), links)

    return value
