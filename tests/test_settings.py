"""Production is the default: DEBUG off, secrets from the environment, strict headers."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]


def run_python(code, **env):
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "etoile_wiki.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_debug_is_off_unless_set():
    assert settings.DEBUG is False


def test_a_secret_key_is_required_when_debug_is_off():
    result = run_python("import django; django.setup()")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_makes_a_random_development_key():
    code = "from django.conf import settings as s; print(s.SECRET_KEY)"
    first = run_python(code, DEBUG="true")
    second = run_python(code, DEBUG="true")
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.strip()) >= 40
    assert first.stdout != second.stdout


def test_database_url_is_read_from_the_environment():
    code = "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])"
    result = run_python(code, DEBUG="true", DATABASE_URL="postgres://u@127.0.0.1:5432/x")
    assert result.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_makefile_refuses_an_interpreter_older_than_3_12(tmp_path):
    """With no suitable Python, set-up stops with a message instead of a broken venv."""
    result = subprocess.run(
        [
            "make",
            f"VENV={tmp_path}/venv",
            "PYTHON_CANDIDATES=/nonexistent/python3",
            f"{tmp_path}/venv/.python-ok",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "no Python 3.12 or newer found" in result.stderr
    assert not (tmp_path / "venv").exists()


def test_a_redis_cache_url_gives_the_cache_that_tolerates_an_outage():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.PAGE_CACHE_STAMPS_IN_CACHE]))"
    )
    result = run_python(code, SECRET_KEY="x", CACHE_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "etoile_wiki.cache.TolerantRedisCache",
        "django.contrib.sessions.backends.cached_db",
        True,
    ]
    # A cache per process: each keeps its own, and another's writes could not
    # void its copy of the content generation, so there is none.
    result = run_python(code, SECRET_KEY="x", CACHE_URL="locmemcache://")
    assert json.loads(result.stdout)[2] is False
