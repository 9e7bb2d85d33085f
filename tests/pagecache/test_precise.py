"""
A write makes stale exactly the pages that show what it changed (issue 15):
every page that shows an edited entry is made afresh, including the pages that
link to a renamed one, and every other page is still served from the cache.
Logins, sessions and the search index's upkeep make nothing stale.
"""

import io
import re
import threading
import time

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import RequestFactory

from pagecache import invalidation, middleware
from shows.models import Casting, Character
from tests.pagecache.test_page_cache import PUBLIC_PAGES

pytestmark = pytest.mark.django_db

CHEYENNE = "/shows/etoile/characters/cheyenne-toussaint/"
# Pages that change with every edit, whatever it is: the list of edits, its
# feed, and search results, which read the text itself.
EVERY_EDIT = {"/recent-changes/", "/recent-changes/feed/", "/search/?q=lou"}


def warm_all(client) -> dict[str, str]:
    pages = {}
    for url in PUBLIC_PAGES:
        client.get(url)
        response = client.get(url)
        assert response["X-Page-Cache"] == "hit", url
        pages[url] = response.content.decode()
    return pages


def statuses(client) -> dict[str, tuple[str, str]]:
    found = {}
    for url in PUBLIC_PAGES:
        response = client.get(url)
        found[url] = (response["X-Page-Cache"], response.content.decode())
    return found


def test_an_edit_remakes_the_pages_that_show_the_entry_and_no_other(
    client, etoile, page_cache, settings
):
    before = warm_all(client)
    character = Character.objects.get(slug="cheyenne-toussaint")
    character.description = "Rewritten by an editor."
    character.save()

    after = statuses(client)
    assert "Rewritten by an editor." in after[CHEYENNE][1]
    # Her name in a show's navigation box is not what changed: the box names only
    # her listing key (shows/navbox.py), so those pages stay hits.
    showing = {url for url, html in before.items() if "Cheyenne" in without_navboxes(html)}
    assert {CHEYENNE, "/shows/etoile/", "/people/lou-de-laage/"} <= showing
    for url, (status, html) in after.items():
        assert html == live(client, settings, url), url
        if url in showing or url in EVERY_EDIT:
            assert status == "miss", url
        else:
            assert status == "hit", url
    # The untouched pages really were untouched, so the hits are right; the
    # pages of her show's world that show her only in their navigation box among them.
    assert sum(status == "hit" for status, _ in after.values()) >= 8
    assert after["/shows/etoile/season-1/episode-3/"][0] == "hit"


def without_navboxes(html: str) -> str:
    return re.sub(r'<nav class="navbox".*?</nav>', "", html, flags=re.DOTALL)


def live(client, settings, url) -> str:
    """The page as it renders now, the cache aside."""
    seconds, settings.PAGE_CACHE_SECONDS = settings.PAGE_CACHE_SECONDS, 0
    try:
        return client.get(url).content.decode()
    finally:
        settings.PAGE_CACHE_SECONDS = seconds


def test_a_rename_reaches_every_page_that_names_the_entry(client, etoile, page_cache, settings):
    """Pages that list her, and pages whose texts link to her: each served page is the live one."""
    before = warm_all(client)
    character = Character.objects.get(slug="cheyenne-toussaint")
    character.name = "Cheyenne Renamed"
    character.save()

    after = statuses(client)
    for url, (status, html) in after.items():
        assert html == live(client, settings, url), url
        if "Cheyenne Toussaint" in before[url]:
            assert status == "miss", url
    assert "Cheyenne Renamed" in after["/shows/etoile/"][1]


def test_a_page_linking_to_a_renamed_entry_is_remade(client, etoile, page_cache):
    from people.models import Person
    from shows.models import Show

    show = Show.objects.get(slug="etoile")
    show.description += " Also see [[Lou de Laâge]]."
    show.save()
    person = Person.objects.get(slug="lou-de-laage")
    # An organisation page does not show her, but its text will link to her.
    client.get("/shows/etoile/")
    assert client.get("/shows/etoile/")["X-Page-Cache"] == "hit"
    person.name = "Lou Renamed"
    person.save()
    response = client.get("/shows/etoile/")
    assert response["X-Page-Cache"] == "miss"
    assert "Lou Renamed" in response.content.decode()


def test_a_row_moved_to_another_parent_reaches_the_new_parents_page(client, etoile, page_cache):
    """The new parent's page never read that row: its table's key brings it."""
    casting = Casting.objects.select_related("character", "person").first()
    other = Character.objects.exclude(pk=casting.character_id).filter(show=casting.character.show)
    other = other.first()
    url = other.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    casting.character = other
    casting.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert casting.person.name in response.content.decode()


def test_logins_sessions_and_search_upkeep_make_nothing_stale(
    client, etoile, page_cache, django_user_model
):
    django_user_model.objects.create_user("staffer", password="pw-0123456789", is_staff=True)
    warm_all(client)
    from django.test import Client

    editor = Client()
    assert editor.login(username="staffer", password="pw-0123456789")
    editor.get("/admin/")
    editor.logout()
    call_command("rebuild_search_index", stdout=io.StringIO())
    after = statuses(client)
    stale = {url for url, (status, _) in after.items() if status != "hit"}
    # Search results are read from the index itself.
    assert stale <= {"/search/?q=lou"}


def test_a_kept_page_carries_its_keys_for_a_front_cache(client, etoile, page_cache, settings):
    settings.FRONTEND_CACHE_URLS = ["http://127.0.0.1:9/"]  # one to purge: keys are sent
    character = Character.objects.get(slug="cheyenne-toussaint")
    miss = client.get(CHEYENNE)
    hit = client.get(CHEYENNE)
    for response in (miss, hit):
        keys = set(response[invalidation.KEYS_HEADER].split())
        assert {f"shows.character:{character.pk}", "table:shows_character", "all"} <= keys
        assert f"shows.show:{character.show_id}" in keys


def test_keys_invalidated_is_sent_once_after_the_commit(
    etoile, page_cache, django_capture_on_commit_callbacks
):
    told = []

    def listen(sender, keys, **kwargs):
        told.append(keys)

    invalidation.keys_invalidated.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            character = Character.objects.get(slug="cheyenne-toussaint")
            character.description = "Once."
            character.save()
            assert told == []
        for callback in callbacks:
            callback()
    finally:
        invalidation.keys_invalidated.disconnect(listen)
    assert len(told) == 1
    assert f"shows.character:{character.pk}" in told[0]
    assert "table:shows_character" not in told[0]


def test_a_rolled_back_write_tells_nothing(etoile, page_cache, django_capture_on_commit_callbacks):
    from django.db import transaction

    def write_then_fail():
        with transaction.atomic():
            character = Character.objects.get(slug="cheyenne-toussaint")
            character.description = "Undone."
            character.save()
            raise RuntimeError("undo")

    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(RuntimeError),
    ):
        write_then_fail()
    assert callbacks == []


# One request makes a stale page; the others wait for its copy ----------------------


def _request(path=CHEYENNE):
    return RequestFactory().get(path)


def test_a_request_that_waited_its_limit_makes_the_page_itself(etoile, page_cache, monkeypatch):
    """Another worker holds the right to make it but never keeps a copy (killed, say)."""
    from django.http import HttpResponse

    made = []

    def view(request):
        made.append(request.path)
        return HttpResponse("made", headers={"ETag": '"x"'})

    cached = middleware.PageCacheMiddleware(view)
    key = cached.cache_key(_request())
    caches["default"].add(f"{key}:making", 1)
    monkeypatch.setattr(middleware, "COALESCE_SECONDS", 0.05)
    started = time.monotonic()
    response = cached(_request())
    assert time.monotonic() - started >= 0.05
    assert response["X-Page-Cache"] == "miss"
    assert made == [CHEYENNE]


def test_a_waiting_request_is_served_the_copy_once_it_is_made(etoile, page_cache, monkeypatch):
    from django.http import HttpResponse

    made = []
    release = threading.Event()

    def slow_view(request):
        made.append(1)
        release.wait(5)
        return HttpResponse("made once", headers={"ETag": '"y"'})

    cached = middleware.PageCacheMiddleware(slow_view)
    results = []
    first = threading.Thread(target=lambda: results.append(cached(_request())))
    first.start()
    time.sleep(0.1)  # the first request holds the right to make it
    second = threading.Thread(target=lambda: results.append(cached(_request())))
    second.start()
    time.sleep(0.1)
    release.set()
    first.join(5)
    second.join(5)
    assert len(made) == 1
    assert sorted(r["X-Page-Cache"] for r in results) == ["miss", "waited"]
    assert {r.content for r in results} == {b"made once"}


# Every kind of entry, renamed: no served page differs from a live render ---------


def _rename(label, lookup, field):
    def rename():
        from django.apps import apps

        model = apps.get_model(label)
        entry = model.objects.get(**lookup)
        setattr(entry, field, f"{getattr(entry, field)} Renamed")
        entry.save()

    return rename


@pytest.mark.parametrize(
    "rename",
    [
        _rename("people.person", {"slug": "lou-de-laage"}, "name"),
        _rename("people.person", {"slug": "jennifer-salke"}, "name"),
        _rename("shows.organisation", {"slug": "metropolitan-ballet-theater"}, "name"),
        _rename("shows.organisation", {"slug": "deadline"}, "name"),
        _rename("shows.newsevent", {"slug": "two-season-order"}, "headline"),
        _rename("shows.show", {"slug": "etoile"}, "title"),
        _rename("shows.season", {"number": 1}, "summary"),
        _rename("shows.episode", {"number": 3}, "title"),
        _rename("shows.source", {"title__startswith": "Étoile gets cancelled"}, "title"),
    ],
    ids=["actor", "executive", "company", "outlet", "news", "show", "season", "episode", "source"],
)
def test_after_any_rename_every_served_page_is_the_live_one(
    client, etoile, page_cache, settings, rename
):
    warm_all(client)
    rename()
    for url, (_status, html) in statuses(client).items():
        assert html == live(client, settings, url), url
