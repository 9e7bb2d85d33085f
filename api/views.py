"""
The API's operations, one set per kind the registry says the API gives
(resources.py), made when the URLconf is first read; django-ninja checks their
parameters and answers, and writes the OpenAPI document from them.

- /api/v1/<kind>: a page of the list, filtered, with links to the pages around it;
- /api/v1/<kind>/<id> and /api/v1/<kind>/slug/<its page's address parts>: one
  entry, with ?embed= lists of what belongs to it;
- /api/v1/search: the wiki's search;
- /api/v1/: what there is; /api/v1/openapi.json: the document; /api/v1/docs: its reference.
"""

import inspect
from typing import Literal

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponse
from django.utils.html import strip_tags
from ninja import NinjaAPI, Path, Query
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer
from pydantic import Field, create_model

from search import api as search_api
from search.kinds import kinds as search_kinds

from . import errors, schemas
from .links import Links, root
from .paging import PER_PAGE, PER_PAGE_MAX, Page, PageLinks, page_schema
from .resources import BIG_INT_MAX, Resource, collections, for_model

# The kinds are the registry's: a kind registered with api= is named here too.
DESCRIPTION = (
    "The wiki's typed entries as JSON, read-only: "
    + ", ".join(resource.path for resource in collections())
    + ". Every fact comes with the sources it is cited to and the passages that say "
    "it; dates come at the precision their sources give. No key is needed; requests "
    "are limited per client (429 with Retry-After past the limit)."
)


class Renderer(JSONRenderer):
    # UTF-8 as written ("Étoile", not an escape of each accented letter): the body says its charset.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=Renderer(),
    title="Étoile Wiki API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    # The reference is the wiki's own page (api/reference.py), made from the same document.
    docs_url=None,
    openapi_url="/openapi.json",
)

ERRORS = {400: schemas.Error, 404: schemas.Error, 429: schemas.Error}


@api.exception_handler(errors.ApiError)
def api_error(request, error):
    return errors.from_exception(error)


@api.exception_handler(ValidationError)
def bad_parameter(request, error):
    details = errors.validation_details(error.errors)
    return errors.response(400, "A parameter is not what this operation takes.", details=details)


@api.exception_handler(Http404)
def not_found(request, error):
    return errors.response(404, str(error) or "Nothing is at this address.")


def _signature(*parameters) -> inspect.Signature:
    request = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    response = inspect.Parameter(
        "response", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HttpResponse
    )
    return inspect.Signature([request, response, *parameters])


def _keyword(name, annotation, default) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
    )


# What the wiki reads in an address (etoile_wiki/input_checks.py refuses the
# rest with a 400 before any view): no control character or noncharacter, and in
# a path no "/" within a part; a query's values may hold a tab or a line break.
IN_PATH = r"^[^/\u0000-\u001f\u007f\ufffe\uffff]+$"
IN_QUERY = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]*$"


def _bounded(annotation, description, *, source=Query, required=False):
    default = ... if required else None
    if annotation is int:
        return source(default, ge=0, le=BIG_INT_MAX, description=description)
    pattern = IN_PATH if source is Path else IN_QUERY
    return source(default, min_length=1, max_length=300, pattern=pattern, description=description)


def _embed_parameter(resource: Resource) -> list[inspect.Parameter]:
    if not resource.embeds:
        return []
    names = Literal[tuple(resource.embeds)]
    listing = "; ".join(
        f"{name}: {embed.description.rstrip('.')}" for name, embed in resource.embeds.items()
    )
    default = Query((), description=f"Lists to give with it, repeated as needed ({listing}).")
    return [_keyword("embed", list[names], default)]


def _paging_parameters() -> list[inspect.Parameter]:
    return [
        _keyword("page", int, Query(1, ge=1, le=100_000, description="Which page, from 1.")),
        _keyword(
            "per_page",
            int,
            Query(PER_PAGE, ge=1, le=PER_PAGE_MAX, description="How many on a page."),
        ),
    ]


def _add_list(resource: Resource):
    def view(request, response, page=1, per_page=PER_PAGE, **filters):
        queryset = resource.queryset()
        for parameter in resource.filters:
            if filters.get(parameter.name) is not None:
                queryset = queryset.filter(**{parameter.lookup: filters[parameter.name]})
        links = Links(request)
        found = Page.of(request, queryset, page, per_page)
        found.link_header(response)
        return found.body(resource.items(found.rows, links))

    filters = [
        _keyword(p.name, p.annotation | None, _bounded(p.annotation, p.description))
        for p in resource.filters
    ]
    view.__signature__ = _signature(*_paging_parameters(), *filters)
    api.get(
        f"/{resource.path}",
        response={200: page_schema(resource), **ERRORS},
        operation_id=f"list_{resource.path}",
        summary=f"List {resource.path}",
        description=resource.description,
        tags=[resource.path],
        exclude_unset=True,
        url_name=f"{resource.path}-list",
    )(view)


def _detail(resource: Resource, obj, request, embed):
    links = Links(request)
    data = resource.item(obj, links)
    if embed:
        # Each list once, in the order the kind declares them.
        asked = [name for name in resource.embeds if name in embed]
        data["embedded"] = resource.embedded(obj, asked, links)
    return data


def _add_detail(resource: Resource):
    kind = str(resource.model._meta.verbose_name)

    def by_id(request, response, id, embed=None):
        obj = resource.queryset().filter(pk=id).first()
        if obj is None:
            raise errors.ApiError(404, f"No {kind} has the id {id}.")
        return _detail(resource, obj, request, embed)

    by_id.__signature__ = _signature(
        _keyword("id", int, Path(..., ge=1, le=BIG_INT_MAX, description=f"The {kind}'s id.")),
        *_embed_parameter(resource),
    )
    _get(resource, "{int:id}", f"get_{resource.name.lower()}", f"One {kind}, by id", by_id)

    def by_address(request, response, embed=None, **address):
        lookups = {p.lookup: address[p.name] for p in resource.address}
        obj = resource.queryset().filter(**lookups).first()
        if obj is None:
            said = ", ".join(f"{name} {value!r}" for name, value in address.items())
            raise errors.ApiError(404, f"No {kind} has {said}.")
        return _detail(resource, obj, request, embed)

    by_address.__signature__ = _signature(
        *(
            _keyword(
                p.name,
                p.annotation,
                _bounded(p.annotation, p.description, source=Path, required=True),
            )
            for p in resource.address
        ),
        *_embed_parameter(resource),
    )
    route = "/".join(
        f"{{int:{p.name}}}" if p.annotation is int else f"{{{p.name}}}" for p in resource.address
    )
    summary = f"One {kind}, by the parts of its page's address"
    _get(resource, f"slug/{route}", f"get_{resource.name.lower()}_by_slug", summary, by_address)


def _get(resource: Resource, route: str, operation_id: str, summary: str, view):
    """One entry's operation: its answer, the entry with the lists asked for."""
    api.get(
        f"/{resource.path}/{route}",
        response={200: resource.detail_schema, **ERRORS},
        operation_id=operation_id,
        summary=summary,
        tags=[resource.path],
        exclude_unset=True,
        url_name=operation_id,
    )(view)


def _add_collections():
    for resource in collections():
        _add_list(resource)
        _add_detail(resource)


_add_collections()


SearchKind = Literal[tuple(search_kinds())]
SearchResults = create_model(
    "SearchResults",
    __base__=PageLinks,
    __doc__="A page of the entries holding every word, best first.",
    query=(str, Field(description="The words as read.")),
    corrected=(bool, Field(description="True when nothing held them all: these look like them.")),
    results=(list[schemas.SearchHit], ...),
)


@api.get(
    "/search",
    response={200: SearchResults, **ERRORS},
    operation_id="search",
    summary="Search the wiki",
    tags=["search"],
    exclude_unset=True,
    url_name="search",
)
def search(
    request,
    response: HttpResponse,
    q: str = Query(
        ..., min_length=1, max_length=200, pattern=IN_QUERY, description="Words to find."
    ),
    type: list[SearchKind] = Query((), description="Only these kinds, repeated as needed."),
    page: int = Query(1, ge=1, le=100_000, description="Which page, from 1."),
    per_page: int = Query(PER_PAGE, ge=1, le=PER_PAGE_MAX, description="How many on a page."),
):
    found = search_api.search(q, page=page, per_page=per_page, types=list(type))
    links = Links(request)
    paging = Page.around(request, page, found.num_pages, found.per_page, found.total)
    paging.link_header(response)
    return {
        **paging.body([_hit(hit, links) for hit in found.hits]),
        "query": found.query,
        "corrected": found.corrected,
    }


def _hit(hit, links: Links) -> dict:
    model = ContentType.objects.get_for_id(hit.content_type_id).model_class()
    resource = for_model(model) if model else None
    url = None
    if resource and resource.path:
        url = links.absolute(f"{root()}{resource.path}/{hit.object_id}")
    return {
        "title": hit.title,
        "kind": hit.kind,
        "url": url,
        "page": links.absolute(hit.url),
        "snippet": _plain(hit.snippet),
        "score": hit.score,
    }


def _plain(html) -> str:
    return " ".join(strip_tags(str(html)).split())


@api.get(
    "/",
    response={200: schemas.Index, 429: schemas.Error},
    operation_id="index",
    summary="What the API gives",
    tags=["index"],
    url_name="index",
)
def index(request):
    links = Links(request)
    return {
        "version": "v1",
        "collections": {r.path: links.absolute(f"{root()}{r.path}") for r in collections()},
        "search": links.absolute(f"{root()}search"),
        "openapi": links.absolute(f"{root()}openapi.json"),
        "reference": links.absolute(f"{root()}docs"),
    }
