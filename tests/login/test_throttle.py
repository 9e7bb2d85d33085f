"""
Login throttling (django-axes): wrong passwords are counted per name and per
address; past the limit logging in that way pauses for the cool-off, with a
clear 429 page, then works again. Every failure is logged, never its password.
"""

import logging
from datetime import timedelta
from http import HTTPStatus

import pytest
from axes.models import AccessAttempt
from django.test import Client

from pagecache.models import Stamp

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "the-right-password-7"
WRONG = "hunter2-wrong"
ATTACKER = "203.0.113.9"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("margot", password=PASSWORD, is_staff=True)


def log_in(client, username, password, address=ATTACKER, url=LOGIN, **headers):
    return client.post(
        url,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        headers=headers,
    )


def fail(client, times, username="margot", address=ATTACKER):
    return [log_in(client, username, WRONG, address).status_code for _ in range(times)]


def logged_in(response):
    return response.status_code == HTTPStatus.FOUND and response.url == "/admin/"


def let_the_cool_off_pass(minutes=16):
    """The clock moves on: the counted failures are older than the cool-off."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=minutes)
        attempt.save(update_fields=["attempt_time"])


def test_the_right_password_after_five_wrong_ones_is_refused_until_the_cool_off_ends(editor):
    client = Client()
    # Four wrong passwords are answered with the form again; the fifth locks.
    assert fail(client, 5) == [HTTPStatus.OK] * 4 + [HTTPStatus.TOO_MANY_REQUESTS]

    response = log_in(client, "margot", PASSWORD)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    html = response.content.decode()
    assert "Too many failed logins" in html
    assert "paused for 15 minutes" in html
    assert response["Retry-After"] == str(15 * 60)
    assert response["Cache-Control"] == "no-store"
    assert "_auth_user_id" not in client.session

    let_the_cool_off_pass()
    assert logged_in(log_in(client, "margot", PASSWORD))


def test_the_limit_and_the_cool_off_come_from_the_settings(editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=3)
    client = Client()
    assert fail(client, 2) == [HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS]
    response = log_in(client, "margot", PASSWORD)
    assert "paused for 3 minutes" in response.content.decode()
    let_the_cool_off_pass(minutes=4)
    assert logged_in(log_in(client, "margot", PASSWORD))


def test_guesses_during_the_pause_are_not_checked_and_do_not_stretch_it(editor):
    client = Client()
    fail(client, 5)
    counted = AccessAttempt.objects.get().failures_since_start
    assert fail(client, 10) == [HTTPStatus.TOO_MANY_REQUESTS] * 10
    assert AccessAttempt.objects.get().failures_since_start == counted
    let_the_cool_off_pass()
    assert logged_in(log_in(client, "margot", PASSWORD))


def test_another_editor_from_another_address_is_not_affected(editor, django_user_model):
    django_user_model.objects.create_user("jack", password=PASSWORD, is_staff=True)
    fail(Client(), 5)
    assert logged_in(log_in(Client(), "jack", PASSWORD, address="198.51.100.20"))


def test_one_address_guessing_many_names_is_stopped(editor):
    client = Client()
    statuses = [log_in(client, f"name{i}", WRONG).status_code for i in range(5)]
    assert statuses[-1] == HTTPStatus.TOO_MANY_REQUESTS
    # The address is paused, whatever name it tries next.
    assert log_in(client, "margot", PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS
    # The name itself was guessed once only: from elsewhere it logs in.
    assert logged_in(log_in(Client(), "margot", PASSWORD, address="198.51.100.20"))


def test_one_name_guessed_from_many_addresses_is_stopped(editor):
    statuses = [
        log_in(Client(), "margot", WRONG, address=f"192.0.2.{i}").status_code for i in range(5)
    ]
    assert statuses[-1] == HTTPStatus.TOO_MANY_REQUESTS
    response = log_in(Client(), "margot", PASSWORD, address="198.51.100.20")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_a_success_before_the_limit_starts_the_count_again(editor):
    client = Client()
    fail(client, 4)
    assert logged_in(log_in(client, "margot", PASSWORD))
    assert fail(Client(), 4) == [HTTPStatus.OK] * 4


def test_every_failure_is_logged_with_the_name_and_address_never_the_password(editor, caplog):
    with caplog.at_level(logging.WARNING):
        fail(Client(), 5)
    failures = [r.getMessage() for r in caplog.records if "login failure by" in r.getMessage()]
    assert len(failures) == 5
    assert all("margot" in line and ATTACKER in line for line in failures)
    assert any("Locking out" in r.getMessage() for r in caplog.records)
    assert WRONG not in caplog.text
    assert WRONG not in AccessAttempt.objects.get().post_data


def test_the_locked_out_page_is_in_french_under_fr(editor):
    client = Client()
    fail(client, 5)
    response = log_in(client, "margot", PASSWORD, url="/fr/admin/login/")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    html = response.content.decode()
    assert "Trop de connexions échouées" in html
    assert "15 minutes" in html
    assert 'href="/fr/admin/login/"' in html


@pytest.mark.parametrize(
    ("proxies", "forwarded", "counted_as"),
    [
        # No proxy of ours: a client's own X-Forwarded-For changes nothing.
        (0, "192.0.2.1", "10.0.0.5"),
        # One proxy: the address it saw, not what the client wrote before it.
        (1, "192.0.2.1, 198.51.100.7", "198.51.100.7"),
        (2, "192.0.2.1, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        # A header that is not an address falls back to the peer.
        (1, "not-an-address", "10.0.0.5"),
    ],
)
def test_behind_proxies_the_clients_address_is_the_one_the_proxies_saw(
    editor, settings, proxies, forwarded, counted_as
):
    settings.TRUSTED_PROXY_COUNT = proxies
    log_in(Client(), "margot", WRONG, address="10.0.0.5", x_forwarded_for=forwarded)
    assert AccessAttempt.objects.get().ip_address == counted_as


def test_failed_logins_and_lockouts_leave_cached_pages_alone(editor, page_cache, etoile):
    before = list(Stamp.objects.values_list("name", "value"))
    fail(Client(), 7)
    assert list(Stamp.objects.values_list("name", "value")) == before


def test_a_login_without_a_request_is_left_to_the_password_check(editor):
    """A shell's or the test client's login has no address to count: not refused, not counted."""
    from django.contrib.auth import authenticate

    assert authenticate(username="margot", password=WRONG) is None
    assert authenticate(username="margot", password=PASSWORD) == editor
    assert Client().login(username="margot", password=PASSWORD)
    assert not AccessAttempt.objects.exists()
