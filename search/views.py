from urllib.parse import parse_qsl, urlencode

from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from wiki.reading import reading_of

from . import api
from .kinds import kinds
from .query import clean


def _link(**params) -> str:
    return reverse("search:results") + "?" + urlencode({k: v for k, v in params.items() if v})


@require_safe
def results(request):
    """
    Results for `?q=`, best first, a page at a time. A query that is exactly one
    entry's title goes to its page, as MediaWiki's "Go" does, unless the reader
    asked for every page that mentions it (`fulltext=1`, the "Search" button).
    """
    query = clean(request.GET.get("q", ""))
    fulltext = bool(request.GET.get("fulltext"))
    types = [key for key in request.GET.getlist("type") if key in kinds()][:1]
    reading = reading_of(request)
    go = query and not fulltext and not types and "page" not in request.GET
    if go and (url := api.exact_match(query)):
        # The reader's choices (as_of, watched) go with them to the page.
        return HttpResponseRedirect(f"{url}?{reading.query()}" if reading.query() else url)
    found = (
        api.search(query, page=request.GET.get("page", 1), types=types, watched=reading.watched)
        if query
        else None
    )
    # The filters and pages keep the search, always as a full-text one, and the reading.
    base = {"q": query, "fulltext": "1", **dict(parse_qsl(reading.query()))}
    context = {
        "search_query": query,
        "found": found,
        "type": types[0] if types else "",
        "all_link": _link(**base),
        "type_links": [
            (count, _link(**base, type=count.kind))
            for count in (found.type_counts if found else [])
        ],
        "pages_query": urlencode({**base, **({"type": types[0]} if types else {})}),
    }
    return render(request, "search/results.html", context)


@require_safe
def suggestions(request):
    """Titles for the search box as the reader types: JSON, one query at most."""
    query = clean(request.GET.get("q", ""))[:100]
    found = api.suggest(query)
    response = JsonResponse(
        {
            "query": query,
            "suggestions": [{"title": s.title, "url": s.url, "type": s.type_name} for s in found],
            "fulltext_url": _link(q=query, fulltext="1") if query else "",
        }
    )
    # What readers type is theirs: no shared cache keeps it.
    response["Cache-Control"] = "private, max-age=60"
    return response
