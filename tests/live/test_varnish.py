"""
The site behind real Varnish (deploy/varnish/etoile.vcl), as `make serve-cdn`
runs it: readers' pages come from Varnish without reaching gunicorn; an edit,
whichever way it is made (the admin, `edit_entry`, a plain `save()` in a
shell), purges the pages that show the entry within a second, from the process
that made it, and leaves the others cached; signed-in editors always reach the
app; a purge from elsewhere is refused; a save while Varnish is down succeeds
and says so in the log.

On the PostgreSQL run the app server uses Redis as in production; on SQLite
its cache is in memory.
"""

import secrets
import time

import pytest

from .stack import Browser, Server, free_port, manage, redis_url, site_env
from .varnish import Varnish, purge, request, require_varnish

pytestmark = pytest.mark.django_db(transaction=True)

CHEYENNE = "/shows/etoile/characters/cheyenne-toussaint/"
# A page that does not show her: an executive of the studio.
ELSEWHERE = "/people/jennifer-salke/"
# A page that shows her only in its navigation box (shows/navbox.py), under her
# listing key (shows.character:<id>:listing), not her own.
IN_THE_BOX = "/shows/etoile/season-1/episode-3/"
SEED_TEXT = "principled and determined"
FRESH_WITHIN = 1.0


@pytest.fixture
def front(live_site, tmp_path):
    require_varnish()
    port = free_port()
    extra = {
        "FRONTEND_CACHE_URLS": f"http://127.0.0.1:{port}/",
        "GUNICORN_ACCESS_LOG": str(tmp_path / "access.log"),
        # Varnish appends the reader's address to X-Forwarded-For.
        "TRUSTED_PROXY_COUNT": "1",
    }
    if live_site.vendor == "postgresql":
        extra["CACHE_URL"] = redis_url()
    env = site_env(live_site.database_url, **extra)
    server = Server(env, workers=1)
    try:
        varnish = Varnish(server.port, port=port)
    except BaseException:
        server.stop()
        raise
    try:
        yield server, varnish, env, tmp_path / "access.log"
    finally:
        varnish.stop()
        server.stop()


def read(varnish, path=CHEYENNE):
    status, headers, body = request(varnish.port, "GET", path)
    assert status == 200, body
    return headers["X-Cache"], body


def asked(access_log, path):
    """How many requests for `path` reached gunicorn."""
    # gunicorn logs a request just after it has answered it.
    time.sleep(0.3)
    if not access_log.exists():
        return 0
    return sum(f'"GET {path} ' in line for line in access_log.read_text().splitlines())


def cached(varnish, *paths):
    """Read each page until Varnish serves it (the first read is the miss that keeps it)."""
    for path in paths:
        read(varnish, path)
        assert read(varnish, path)[0] == "hit", path


def fresh_within(varnish, text, seconds=FRESH_WITHIN, path=CHEYENNE):
    """Seconds until the page (the character's) through Varnish shows `text`."""
    started = time.monotonic()
    while True:
        state, body = read(varnish, path)
        if text in body:
            return time.monotonic() - started, state
        assert time.monotonic() - started < seconds, f"still stale after {seconds} s"
        time.sleep(0.02)


def test_a_page_is_served_from_varnish_without_asking_the_app(front):
    _server, varnish, _env, access_log = front
    first, body = read(varnish)
    assert first == "miss"
    assert SEED_TEXT in body
    before = asked(access_log, CHEYENNE)
    for _ in range(3):
        state, again = read(varnish)
        assert state == "hit"
        assert again == body
    assert asked(access_log, CHEYENNE) == before == 1
    _, headers, _ = request(varnish.port, "GET", CHEYENNE)
    assert "s-maxage=" in headers["Cache-Control"]
    assert "xkey" not in headers


def test_an_edit_made_any_way_is_fresh_within_a_second_and_other_pages_stay_cached(front):
    server, varnish, env, _log = front
    cached(varnish, CHEYENNE, ELSEWHERE)
    took = {}

    editor = Browser()
    # Through Varnish, as an editor's browser goes: it passes the admin to the app.
    editor.log_in(varnish, "editor")
    change = editor.character_change_path(varnish)
    text = f"Edited in the admin ({secrets.token_hex(4)})."
    status, html = editor.change(varnish, change, description=text, edit_summary="Test")
    assert status == 302, html
    took["admin"], state = fresh_within(varnish, text)
    assert state == "miss"
    assert read(varnish, ELSEWHERE)[0] == "hit"
    assert read(varnish)[0] == "hit"

    text = f"Edited by a command ({secrets.token_hex(4)})."
    manage(
        env,
        *("edit_entry", "shows.character", "etoile", "cheyenne-toussaint"),
        *("--set", f"description={text}", "--summary", "Test"),
    )
    took["edit_entry"], _ = fresh_within(varnish, text)
    assert read(varnish, ELSEWHERE)[0] == "hit"

    text = f"Saved in a shell ({secrets.token_hex(4)})."
    manage(
        env,
        "shell",
        "-c",
        "from shows.models import Character; "
        "c = Character.objects.get(slug='cheyenne-toussaint'); "
        f"c.description = {text!r}; c.save()",
    )
    took["save()"], _ = fresh_within(varnish, text)
    assert read(varnish, ELSEWHERE)[0] == "hit"
    print("Through Varnish, fresh after:", {k: f"{v * 1000:.0f} ms" for k, v in took.items()})
    assert "Could not purge" not in server.log()


def save_in_a_shell(env, **values):
    assignments = "; ".join(f"c.{name} = {value!r}" for name, value in values.items())
    manage(
        env,
        "shell",
        "-c",
        "from shows.models import Character; "
        f"c = Character.objects.get(slug='cheyenne-toussaint'); {assignments}; c.save()",
    )


def test_a_new_address_purges_the_pages_whose_navigation_box_links_her_a_description_not(
    front,
):
    """The purge carries the listing key a navigation box is filed under (issue 17)."""
    _server, varnish, env, _log = front
    cached(varnish, CHEYENNE, IN_THE_BOX)
    text = f"Only her description ({secrets.token_hex(4)})."
    save_in_a_shell(env, description=text)
    fresh_within(varnish, text)
    assert read(varnish, IN_THE_BOX)[0] == "hit"

    # A new address: a change of no field that orders a list, so no table's key
    # is purged, only her own and her listing key.
    slug = f"cheyenne-{secrets.token_hex(4)}"
    save_in_a_shell(env, slug=slug)
    took, state = fresh_within(varnish, f"/shows/etoile/characters/{slug}/", path=IN_THE_BOX)
    assert state == "miss"
    print(f"The box through Varnish links her new address after {took * 1000:.0f} ms")


def test_a_signed_in_editor_is_never_served_from_varnish(front):
    _server, varnish, _env, access_log = front
    cached(varnish, CHEYENNE)
    editor = Browser()
    editor.log_in(varnish, "editor")
    before = asked(access_log, CHEYENNE)
    for _ in range(2):
        status, headers, _html = editor.get(f"{varnish.url}{CHEYENNE}")
        assert status == 200
        assert headers["X-Cache"] == "pass"
        assert "private" in headers["Cache-Control"]
    assert asked(access_log, CHEYENNE) == before + 2


def test_a_purge_from_outside_the_acl_is_refused(front):
    _server, varnish, _env, _log = front
    cached(varnish, CHEYENNE)
    status, _, _ = purge(varnish.port, "all", source="127.0.0.2")
    assert status == 403
    assert read(varnish)[0] == "hit"


def test_with_varnish_down_a_save_succeeds_and_the_warning_is_logged(front):
    server, varnish, _env, _log = front
    editor = Browser()
    editor.log_in(server, "editor")
    change = editor.character_change_path(server)
    varnish.stop()
    text = f"Saved with Varnish away ({secrets.token_hex(4)})."
    started = time.monotonic()
    status, html = editor.change(server, change, description=text, edit_summary="Test")
    assert status == 302, html
    assert time.monotonic() - started < 5
    status, _, body = Browser().get(f"{server.url}{CHEYENNE}", Host="localhost")
    assert text in body
    deadline = time.monotonic() + 5
    while "Could not purge" not in server.log():
        assert time.monotonic() < deadline, server.log()
        time.sleep(0.1)
    assert f"front cache at http://127.0.0.1:{varnish.port}/" in server.log()


def test_each_reading_of_a_page_is_kept_apart_and_an_edit_purges_every_one(front):
    """`?as_of=` and `?watched=` are part of the address (issue 18): nothing personal is kept."""
    _server, varnish, env, _log = front
    readings = (CHEYENNE, f"{CHEYENNE}?as_of=2025-06-01", f"{CHEYENNE}?watched=S01E07")
    cached(varnish, *readings)
    assert "as the world stood on" in read(varnish, readings[1])[1]
    assert "as the world stood on" not in read(varnish, readings[0])[1]
    for path in readings:
        _, headers, body = request(varnish.port, "GET", path)
        assert "Set-Cookie" not in headers
        # Another reader, with cookies of their own, is served the same copy.
        _, theirs, their_body = request(varnish.port, "GET", path, {"Cookie": "csrftoken=x"})
        assert theirs["X-Cache"] == "hit"
        assert their_body == body

    text = f"Seen in every reading ({secrets.token_hex(4)})."
    save_in_a_shell(env, description=text)
    for path in readings:
        fresh_within(varnish, text, path=path)


def test_a_reading_written_another_way_is_sent_to_the_one_address_kept(front):
    _server, varnish, _env, _log = front
    status, headers, _ = request(varnish.port, "GET", f"{CHEYENNE}?watched=s1e7")
    assert status == 301
    assert headers["Location"] == f"{CHEYENNE}?watched=S01E07"
    status, _, body = request(varnish.port, "GET", f"{CHEYENNE}?as_of=someday")
    assert status == 400
    assert "“someday” is not one" in body


def test_the_api_is_served_and_purged_as_the_pages_are(front):
    """The JSON API (issue 19) rides the same caches: kept by key, purged by an edit."""
    _server, varnish, env, access_log = front
    cheyenne = "/api/v1/characters/slug/etoile/cheyenne-toussaint"
    elsewhere = "/api/v1/people/slug/jennifer-salke"
    cached(varnish, cheyenne, elsewhere)
    assert asked(access_log, cheyenne) == 1
    _, headers, _ = request(varnish.port, "GET", cheyenne, {"Origin": "https://app.example"})
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert headers["Content-Type"] == "application/json; charset=utf-8"

    text = f"Read by programs ({secrets.token_hex(4)})."
    save_in_a_shell(env, description=text)
    fresh_within(varnish, text, path=cheyenne)
    assert read(varnish, elsewhere)[0] == "hit"
