from django.apps import apps
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from wiki import registry, shown
from wiki.paging import page_of

from . import display, syntax


@staff_member_required
@require_safe
def create(request):
    """Where a missing wiki link takes an editor: the kinds of page that name could be."""
    name = " ".join(request.GET.get("name", "").split())[:200]
    return render(
        request,
        "wikitext/create.html",
        {"name": name, "choices": display.create_choices(name, request.user) if name else []},
    )


@staff_member_required
@require_safe
def syntax_help(request):
    """The markup, construct by construct: what to type and what readers get."""
    context = {
        **admin.site.each_context(request),
        "title": gettext("Wiki markup help"),
        "examples": syntax.shown_examples(),
    }
    return render(request, "wikitext/help.html", context)


# The full list of what links to an entry, a page at a time.
LINKS_HERE_PER_PAGE = 100


@require_safe
def links_here(request, label, object_id):
    """Every page that links to an entry, in its text or its structured data, 100 a page."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404(gettext("There is no such kind of page.")) from None
    entry = registry.get(model)
    if entry is None or not entry.linkable:
        raise Http404(gettext("There is no such kind of page."))
    # An id past what a database column holds names no entry (and must not reach SQLite).
    instance = model._default_manager.filter(pk=object_id).first() if object_id < 2**63 else None
    if instance is None:
        raise Http404(gettext("There is no such page."))
    page = page_of(request, display.linking_names(instance), LINKS_HERE_PER_PAGE)
    if page.has_other_pages():
        # Which entries a page of the list holds can change with any rename (wiki/shown.py).
        shown.add([shown.ANY_LISTING])
    return render(
        request,
        "wikitext/links_here.html",
        {
            "entry": instance,
            "linking": display.linking_entries(page),
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
        },
    )
