"""
Each kind the API gives, made from its registration (wiki/registry.py `Api`):
its schema, the one queryset that reads a page of it with everything it shows,
and how an entry becomes JSON. Nothing here names a kind.

A page of a list costs the same queries for one row as for a hundred: the
count, the rows (with the entries they reference joined in), one query per
many-to-many field, and one per embedded list (each with its own).
"""

import functools
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from ninja import Schema
from pydantic import Field, create_model

from wiki import registry

from . import fields
from .links import Links

# The largest id or number a parameter may give: what every database stores.
BIG_INT_MAX = 2**63 - 1


# What the API gives of every resource besides the fields its kind declares.
RESERVED = ("id", "links", "embedded")


class ResourceLinks(Schema):
    self: str = Field(description="This resource in this API.")
    page: str = Field(description="Its page on the wiki, for people.")


@dataclass(frozen=True)
class Parameter:
    """A parameter of an address or a filter: its name, its lookup and its type."""

    name: str
    lookup: str
    annotation: type
    description: str = ""


@dataclass(frozen=True)
class Embedded:
    name: str
    description: str
    resource: "Resource"
    # The lookup from the embedded rows to the entry they come with.
    via: str


@dataclass
class Resource:
    entry: registry.Entry
    specs: list[fields.FieldSpec]
    schema: type[Schema]
    filters: list[Parameter]
    address: list[Parameter]
    embeds: dict[str, Embedded] = field(default_factory=dict)
    detail_schema: type[Schema] | None = None

    @property
    def model(self):
        return self.entry.model

    @property
    def path(self) -> str | None:
        return self.entry.api.path

    @property
    def name(self) -> str:
        return self.model._meta.object_name

    @property
    def description(self) -> str:
        return self.entry.api.description

    def queryset(self) -> models.QuerySet:
        select = list(self.entry.depends_on)
        prefetch = []
        for spec in self.specs:
            select += spec.select
            prefetch += spec.prefetch
        ordering = self.entry.api.ordering or self.model._meta.ordering or ()
        queryset = self.model._default_manager.all()
        if select:
            queryset = queryset.select_related(*select)
        # The primary key last: a list's pages never share or skip a row.
        return queryset.prefetch_related(*prefetch).order_by(*ordering, "pk")

    def item(self, obj, links: Links) -> dict[str, Any]:
        data = {"id": obj.pk}
        if self.path:
            data["links"] = {"self": links.resource(obj), "page": links.page(obj)}
        for spec in self.specs:
            data[spec.name] = spec.value(obj, links)
        return data

    def items(self, objs, links: Links) -> list[dict[str, Any]]:
        return [self.item(obj, links) for obj in objs]

    def embedded(self, obj, names, links: Links) -> dict[str, list]:
        """The lists `names` asked for, of one entry: one query each (and their own)."""
        found = {}
        for name in names:
            embed = self.embeds[name]
            rows = embed.resource.queryset().filter(**{embed.via: obj.pk})
            found[name] = embed.resource.items(rows, links)
        return found


def _parameter_name(lookup: str) -> str:
    """A lookup's parameter: "show__slug" is "show", "season__number" "season"."""
    steps = lookup.split("__")
    if len(steps) > 1 and steps[-1] in ("slug", "key"):
        return steps[-2]
    return steps[0]


def _lookup_field(model, lookup: str):
    current, found = model, None
    for step in lookup.split("__"):
        found = current._meta.get_field(step)
        current = found.related_model if found.is_relation else current
    return found


def _annotation(model_field) -> type:
    if isinstance(model_field, models.IntegerField):
        return int
    return str


def _parameters(model, lookups: dict[str, str]) -> list[Parameter]:
    """{parameter: lookup} as parameters, each typed as the field its lookup ends at."""
    found = []
    for name, lookup in lookups.items():
        model_field = _lookup_field(model, lookup)
        description = str(model_field.verbose_name)
        found.append(Parameter(name, lookup, _annotation(model_field), description))
    return found


def _via(model, relation: str):
    """The embedded rows' model and their lookup back to `model`'s entries."""
    current, back = model, []
    for step in relation.split("__"):
        try:
            relation_field = current._meta.get_field(step)
        except FieldDoesNotExist as error:
            raise ImproperlyConfigured(f"{model._meta.label}: no relation {relation}.") from error
        if not (relation_field.one_to_many or relation_field.many_to_many):
            raise ImproperlyConfigured(
                f"{model._meta.label}.{relation}: an embed is a list (a reverse or "
                "many-to-many relation)."
            )
        if relation_field.auto_created:
            back.append(relation_field.field.name)
        else:
            back.append(relation_field.related_query_name())
        current = relation_field.related_model
    return current, "__".join(reversed(back))


def _make_schema(name, entry, specs, *, with_address: bool, doc: str) -> type[Schema]:
    definitions = {"id": (int, Field(description="Its number in the wiki, for ever."))}
    if with_address:
        definitions["links"] = (ResourceLinks, ...)
    for spec in specs:
        if spec.name in RESERVED:
            raise ImproperlyConfigured(
                f"{entry.model._meta.label}.{spec.name}: the API gives {', '.join(RESERVED)} "
                "of every resource itself; leave the field out of api=."
            )
        definitions[spec.name] = (spec.annotation, Field(description=spec.description or None))
    return create_model(name, __base__=Schema, __doc__=doc, **definitions)


@functools.cache
def resources() -> dict[type[models.Model], Resource]:
    """Every kind registered with `api=`, by model, in the order they registered."""
    made = {}
    for entry in registry.in_api():
        specs = [fields.spec(entry.model, name) for name in entry.api.fields]
        specs += [fields.computed(declared) for declared in entry.api.computed]
        name = entry.model._meta.object_name
        doc = entry.api.description or str(entry.model._meta.verbose_name).capitalize()
        schema = _make_schema(name, entry, specs, with_address=bool(entry.api.path), doc=doc)
        address = {_parameter_name(lookup): lookup for lookup in entry.address}
        address = _parameters(entry.model, address) if entry.api.path else []
        filters = _parameters(entry.model, entry.api.filters)
        made[entry.model] = Resource(entry, specs, schema, filters, address)
    for resource in made.values():
        for embed in resource.entry.api.embeds:
            target_model, via = _via(resource.model, embed.relation)
            target = made.get(target_model._meta.concrete_model)
            if target is None:
                raise ImproperlyConfigured(
                    f"{resource.model._meta.label} embeds {embed.relation}, whose kind "
                    "the API does not give: register it with api=."
                )
            resource.embeds[embed.name] = Embedded(embed.name, embed.description, target, via)
        resource.detail_schema = _detail_schema(resource)
    return made


def _detail_schema(resource: Resource) -> type[Schema]:
    if not resource.embeds:
        return resource.schema
    lists = {
        name: (list[embed.resource.schema] | None, Field(None, description=embed.description))
        for name, embed in resource.embeds.items()
    }
    embedded = create_model(
        f"{resource.name}Embedded",
        __base__=Schema,
        __doc__="The lists asked for with ?embed=, and only those.",
        **lists,
    )
    return create_model(
        f"{resource.name}Detail",
        __base__=resource.schema,
        __doc__=resource.schema.__doc__,
        embedded=(embedded | None, Field(None, description="Present when ?embed= asks.")),
    )


def collections() -> list[Resource]:
    """The kinds with collections of their own (/api/v1/<path>)."""
    return [resource for resource in resources().values() if resource.path]


def for_model(model) -> Resource | None:
    entry = registry.get(model)
    return resources().get(entry.model) if entry else None
