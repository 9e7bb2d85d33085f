"""
The production settings and the faults an operator meets: deploy checks,
headers, the health endpoint, oversize bodies, outages, unknown hosts.
"""

import json
import os
import subprocess
import sys
import time
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from etoile_wiki import health
from images.models import Image

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_ENV = ROOT / "deploy" / "production.env"


def without_debug_or_key():
    """This process's environment less DEBUG and SECRET_KEY: production, as a fresh shell has it."""
    return {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}


def production_env():
    values = {}
    for line in PRODUCTION_ENV.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def test_check_deploy_reports_nothing_under_the_documented_production_settings():
    env = {**without_debug_or_key(), **production_env()}
    env["SECRET_KEY"] = "".join(chr(33 + (i * 7919) % 90) for i in range(64))
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_make_serve_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=without_debug_or_key(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "gunicorn" not in result.stdout


@pytest.mark.django_db
def test_responses_carry_the_security_headers(client):
    response = client.get("/")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
    assert "Strict-Transport-Security" not in response


@pytest.mark.django_db
def test_hsts_is_sent_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in client.get("/")


@pytest.mark.django_db
def test_the_health_endpoint_checks_the_database_and_the_cache(client):
    response = client.get("/health/")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_the_health_endpoint_answers_a_load_balancers_probe_by_address(client, settings):
    """Probes use the server's own address over plain HTTP: no host check, no redirect."""
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/health/", headers={"host": "10.0.0.7:8000"})
    assert response.status_code == HTTPStatus.OK
    assert client.get("/", headers={"host": "10.0.0.7:8000"}).status_code == 400


@pytest.mark.parametrize(
    "backend",
    ["etoile_wiki.cache.TolerantRedisCache", "django.core.cache.backends.redis.RedisCache"],
)
@pytest.mark.django_db
def test_the_health_endpoint_says_degraded_when_only_the_cache_is_away(client, settings, backend):
    """Pages render live without the cache: the server still serves, so 200, but says so."""
    settings.CACHES = {
        "default": {
            "BACKEND": backend,
            # Nothing listens on port 9 (discard) here: refused at once.
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    caches.close_all()
    response = client.get("/health/")
    assert response.status_code == HTTPStatus.OK
    assert json.loads(response.content) == {
        "status": "degraded",
        "database": "ok",
        "cache": "unavailable",
    }


@pytest.mark.django_db
def test_the_health_endpoint_answers_within_a_second_whatever_hangs(client, monkeypatch):
    def hang():
        time.sleep(3)

    monkeypatch.setitem(health.CHECKS, "database", hang)
    started = time.monotonic()
    response = client.get("/health/")
    assert time.monotonic() - started < 1
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json() == {"status": "unavailable", "database": "unavailable", "cache": "ok"}


@pytest.mark.django_db
def test_the_health_endpoint_says_503_when_the_database_is_away(client, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", refuse)
    response = client.get("/health/")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["database"] == "unavailable"


@pytest.mark.parametrize("url", ["/", "/shows/etoile/", "/admin/login/"])
@pytest.mark.django_db
def test_unknown_hosts_get_400(client, url):
    assert client.get(url, headers={"host": "evil.example"}).status_code == 400


@pytest.mark.django_db
def test_an_oversize_body_is_refused_unread_and_saves_nothing(admin_client, settings):
    settings.REQUEST_MAX_BYTES = 1000
    response = admin_client.post(
        "/admin/images/image/add/",
        data=b"x" * 10,
        content_type="application/octet-stream",
        CONTENT_LENGTH="5000000",
    )
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert "too large" in response.content.decode()
    assert not Image.objects.filter(file__gt="").exists()


@pytest.mark.django_db
def test_a_content_length_that_is_not_a_number_is_a_400(client):
    response = client.post("/search/", data=b"", content_type="text/plain", CONTENT_LENGTH="12x")
    assert response.status_code == HTTPStatus.BAD_REQUEST


@pytest.mark.django_db
def test_form_fields_beyond_djangos_limit_are_a_400_not_a_500(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = admin_client.post("/admin/shows/show/add/", {"title": "x" * 5000})
    assert response.status_code == HTTPStatus.BAD_REQUEST


@pytest.fixture
def quiet_client():
    """A client that gets the error page instead of the exception."""
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_a_database_outage_is_a_503_with_retry_after(quiet_client, monkeypatch, etoile):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr("shows.views.series.ShowDetailView.get_object", refuse)
    response = quiet_client.get("/shows/etoile/")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "30"
    assert "cannot reach its database or its cache" in response.content.decode()


@pytest.mark.django_db
def test_a_cache_error_that_escapes_is_a_503(quiet_client, monkeypatch, page_cache, etoile):
    """A backend that raises (Django's RedisCache; production's does not: test_cache_outage.py)."""

    def refuse(*args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to cache.internal:6379.")

    monkeypatch.setattr(type(page_cache), "get", refuse)
    response = quiet_client.get("/shows/etoile/")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_any_other_error_is_still_a_500(quiet_client, monkeypatch, etoile):
    def fail(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("shows.views.series.ShowDetailView.get_object", fail)
    response = quiet_client.get("/shows/etoile/")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "Something went wrong" in response.content.decode()
