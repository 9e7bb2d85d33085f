from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

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
