"""
Login throttling on real app servers: the count of wrong passwords is kept in
the database, so guesses spread over every worker and every server add up,
and the right password after the limit is refused with the 429 page.
"""

import pytest

from .stack import PASSWORD, Browser, Server, form_fields, site_env

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def servers(live_site):
    env = site_env(live_site.database_url)
    started = []
    try:
        for _ in range(2):
            started.append(Server(env, workers=2))
        yield started
    finally:
        for server in started:
            server.stop()


def try_password(server, password):
    """A fresh browser each time, as a script would: no cookie ties the guesses together."""
    browser = Browser()
    url = f"{server.url}/admin/login/"
    status, _, html = browser.get(url)
    assert status == 200, html
    fields = dict(form_fields(html, "login-form"))
    fields.update(username="editor", password=password)
    return browser.post(url, fields)


def test_guesses_spread_over_servers_add_up_and_the_right_password_waits(servers):
    statuses = [try_password(servers[i % 2], f"guess-{i}")[0] for i in range(5)]
    assert statuses == [200, 200, 200, 200, 429]

    status, headers, html = try_password(servers[0], PASSWORD)
    assert status == 429
    assert "Too many failed logins" in html
    assert headers["Retry-After"] == "900"
    status, _, _ = try_password(servers[1], PASSWORD)
    assert status == 429
