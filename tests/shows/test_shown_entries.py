"""
What an entry page says it shows (wiki/shown.py), read without model instances.

The page cache files a page under the keys of the entries it shows and drops it
when one of them changes. An instance loaded while the page renders adds its own
key; a read that makes none must name its rows itself. Each page is rendered
inside `collecting()`, straight through its view (a cache in the middleware may
collect for itself), and every entry it lists from such a read must be there.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Subquery
from django.test import RequestFactory
from django.urls import resolve

from people.models import Person
from shows.models import Character, Season, Show
from tests.factories import CharacterFactory
from wiki import shown
from wikitext import display
from wikitext.models import PageName, WikiLink

pytestmark = pytest.mark.django_db


def keys_of(url: str) -> set[str]:
    """The keys gathered while the page's view makes and renders it."""
    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    match = resolve(url)
    request.resolver_match = match
    with shown.collecting() as keys:
        response = match.func(request, *match.args, **match.kwargs)
        response.render()
    assert response.status_code == 200, url
    return keys


def linking_to(entry) -> set[str]:
    """The keys of the entries whose texts link to `entry`, read from the link tables."""
    content_type = ContentType.objects.get_for_model(entry)
    names = PageName.objects.filter(content_type=content_type, object_id=entry.pk)
    links = WikiLink.objects.filter(target_key__in=Subquery(names.values("key"))).exclude(
        content_type=content_type, object_id=entry.pk
    )
    return {key_of(ct, pk) for ct, pk in links.values_list("content_type_id", "object_id")}


def key_of(content_type_id, pk) -> str:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return shown.entry_key(model._meta.label_lower, pk)


PAGES = {
    "/shows/etoile/": lambda: Show.objects.get(slug="etoile"),
    "/shows/etoile/season-1/": lambda: Season.objects.get(show__slug="etoile", number=1),
    "/shows/etoile/characters/cheyenne-toussaint/": lambda: Character.objects.get(
        slug="cheyenne-toussaint"
    ),
    "/people/lou-de-laage/": lambda: Person.objects.get(slug="lou-de-laage"),
}


@pytest.fixture
def linked(etoile):
    """Besides the seed's links, a new character whose text links to every page tested."""
    targets = [get() for get in PAGES.values()]
    names = [
        PageName.objects.filter(
            content_type=ContentType.objects.get_for_model(entry), object_id=entry.pk, current=True
        )
        .values_list("name", flat=True)
        .first()
        for entry in targets
    ]
    CharacterFactory(
        show=Show.objects.get(slug="etoile"),
        description=" ".join(f"[[{name}]]" for name in names),
    )


@pytest.mark.parametrize("url", PAGES)
def test_the_page_names_every_entry_that_links_to_it(linked, url):
    """
    What links here lists entries by their names and addresses alone. A list
    cut to its first 25 names those and, for the rest, every rename's key.
    """
    entry = PAGES[url]()
    expected = linking_to(entry)
    assert expected, f"some entry's text links to {url}"
    keys = keys_of(url)
    if display.links_here(entry).more:
        assert shown.ANY_LISTING in keys
        first = display.linking_names(entry)[: display.LINKS_HERE_SHOWN]
        assert {key_of(ct, pk) for ct, pk, _title, _url in first} <= keys
    else:
        assert shown.ANY_LISTING not in keys
        assert expected <= keys
