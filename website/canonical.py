"""
The canonical address of a page: `<link rel="canonical">` and `og:url`.

Absolute, from the request's own scheme and host (ALLOWED_HOSTS already refused
any other host), so the wiki needs no setting that repeats its domain. The
query string keeps only what makes a different page: a list's page number and,
per view, its filters (the news of one show, a search's words and kind).
Everything else, tracking tags and the like, is dropped, so every copy of a
page shared with `?utm_source=…` names the same address.
"""

from urllib.parse import urlencode

# The query parameters that select what a page shows, by view. The page number
# is kept on every list (as the list numbers it: `?page=last` is its number).
FILTERS = {
    "shows:news_list": ("show",),
    # Not `fulltext`: it only stops "Go" from jumping to a title; the results are the same.
    "search:results": ("q", "type"),
    "history:recent_changes": ("type",),
    "history:diff": ("from", "to"),
}


def page_number(view_name: str | None, context) -> int | None:
    """The number of the page of a list that this page shows, or None for no list."""
    if view_name == "search:results":
        found = context.get("found")
        return found.page if found else None
    page = context.get("page_obj")
    return page.number if page is not None else None


def canonical_url(request, context) -> str:
    match = request.resolver_match
    view_name = match.view_name if match else None
    kept = [
        (name, value)
        for name in FILTERS.get(view_name, ())
        if (value := request.GET.get(name, "").strip())
    ]
    number = page_number(view_name, context)
    if number and number > 1:
        kept.append(("page", number))
    url = request.build_absolute_uri(request.path)
    return f"{url}?{urlencode(kept)}" if kept else url
