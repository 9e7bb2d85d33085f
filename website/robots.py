"""
/robots.txt: crawlers may read the wiki, not its tools.

Kept out: the admin; the search (endless addresses, one per query, whose
results are the wiki's own pages); the editors' tools under /wiki/ (creating a
page, the markup help: both need a login); the random page (a redirect that
differs on every visit); and the load balancers' probe.

Let in: everything readers see, the history included. An entry's history, its
versions and the diffs between them are the wiki's public record of who
changed what and why, linked from every entry; a crawler reaches only the
diffs those pages link (one per version, not every pair), and anonymous reads
come from the page cache. The sitemap names the pages worth indexing; the
history is not in it.
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from wiki.languages import in_language

DISALLOWED = ("/admin/", "/search/", "/wiki/", "/random/")


def localized(paths):
    """Each path in every language: English at its plain address, the others under /<code>/."""
    return [in_language(path, code) for code, _name in settings.LANGUAGES for path in paths]


@require_safe
def robots_txt(request):
    return render(
        request,
        "robots.txt",
        {
            "disallowed": [*localized(DISALLOWED), settings.HEALTH_CHECK_PATH],
            "sitemap": request.build_absolute_uri(reverse("sitemap_index")),
        },
        content_type="text/plain; charset=utf-8",
    )
