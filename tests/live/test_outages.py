"""
PostgreSQL or Redis going away mid-run: clear 503s, never a half-written edit,
and service again as soon as it is back.

The app server reaches each service through a TCP proxy that the test cuts
(every connection dropped, new ones refused) and restores. SQLite has no server
to lose: on the SQLite run only the cache goes away.
"""

import secrets
import time

import pytest
from django.db import connection

from .stack import Browser, Server, TcpProxy, redis_url, site_env

pytestmark = pytest.mark.django_db(transaction=True)

CHEYENNE = "/shows/etoile/characters/cheyenne-toussaint/"
SEED_TEXT = "principled and determined"
SERVICES = ["cache", "database"] if connection.vendor == "postgresql" else ["cache"]


@pytest.fixture
def stack(live_site):
    proxies = {"cache": TcpProxy(6379)}
    extra = {
        "CACHE_URL": redis_url(proxies["cache"].port),
        "DATABASE_POOL_TIMEOUT": "2",
        "DATABASE_CONNECT_TIMEOUT": "2",
    }
    database_url = live_site.database_url
    if live_site.vendor == "postgresql":
        proxies["database"] = TcpProxy(5432)
        database_url = database_url.replace(":5432/", f":{proxies['database'].port}/")
    server = Server(site_env(database_url, **extra), workers=1)
    try:
        yield server, proxies
    finally:
        server.stop()
        for proxy in proxies.values():
            proxy.close()


def get(server, path=CHEYENNE):
    return Browser().get(f"{server.url}{path}", Host="localhost")


@pytest.mark.parametrize("service", SERVICES)
def test_an_outage_gives_503s_and_service_returns_with_it(stack, service):
    server, proxies = stack
    assert get(server)[0] == 200

    proxies[service].cut()
    started = time.monotonic()
    status, headers, html = get(server)
    assert status == 503, html
    assert headers["Retry-After"] == "30"
    assert "cannot reach its database or its cache" in html
    # A clear answer, soon: no worker hangs on a service that is gone.
    assert time.monotonic() - started < 10
    status, _, body = get(server, "/health/")
    assert status == 503
    assert f'"{service}": "unavailable"' in body

    # Back within seconds: Redis at the next request; PostgreSQL when the pool's
    # next reconnection attempt succeeds (it backs off from 1 s; 2.3 s measured).
    proxies[service].restore()
    restored = time.monotonic()
    while get(server)[0] == 503 and time.monotonic() - restored < 10:
        time.sleep(0.2)
    status, _, html = get(server)
    assert status == 200
    assert SEED_TEXT in html
    assert get(server, "/health/")[0] == 200


@pytest.mark.parametrize("service", SERVICES)
def test_an_edit_sent_during_an_outage_is_refused_whole(stack, service):
    server, proxies = stack
    editor = Browser()
    editor.log_in(server, "editor")
    change = editor.character_change_path(server)
    url = f"{server.url}{change}"
    status, _, form = editor.get(url)
    assert status == 200
    fields = editor.form_fields_of(form)
    new_text = f"Sent during an outage ({secrets.token_hex(4)})."

    proxies[service].cut()
    status, _, html = editor.post(url, [*fields, ("description", new_text)])
    assert status == 503, html
    proxies[service].restore()

    assert new_text not in get(server)[2]
    status, _, history = editor.get(f"{server.url}/recent-changes/")
    assert status == 200
    assert new_text not in history
    # And the same edit goes through once the service is back.
    status, _, form = editor.get(url)
    fields = editor.form_fields_of(form)
    status, _, html = editor.post(url, [*fields, ("description", new_text)])
    assert status == 302, html
    assert new_text in get(server)[2]
