"""A page of a long list, as the wiki's own lists give it: a bad page number is the reader's 404."""

from django.core.paginator import InvalidPage, Page, Paginator
from django.utils.translation import gettext

from .not_found import NotFound


def page_of(request, object_list, per_page: int) -> Page:
    """The page `?page=N` asks for, or a 404 that says the list has no such page (never a 500)."""
    paginator = Paginator(object_list, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise NotFound(gettext("There is no such page of this list.")) from None
