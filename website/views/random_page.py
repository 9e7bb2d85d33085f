import secrets

from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from search.models import SearchEntry
from wiki.languages import in_language


@never_cache
@require_safe
def random_page(request):
    """
    Any page of the wiki, each as likely as the next: one of the entries the
    search index holds (every kind with a page), in the reader's language.
    Never kept by a cache, ours or one in front: each visit draws again.
    """
    addresses = SearchEntry.objects.order_by("pk").values_list("url", flat=True)
    total = addresses.count()
    if not total:
        return redirect("website:home")
    return redirect(in_language(addresses[secrets.randbelow(total)]))
