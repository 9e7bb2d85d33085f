import shutil
from dataclasses import dataclass

import pytest
import redis
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.db import connection

from . import stack
from .stack import PASSWORD, manage, site_env

CREATE_EDITOR = (
    "from django.contrib.auth import get_user_model; "
    f"get_user_model().objects.create_superuser('editor', 'editor@example.org', '{PASSWORD}')"
)


@dataclass
class LiveSite:
    database_url: str
    vendor: str


@pytest.fixture(scope="session", autouse=True)
def redis_running():
    """Redis on 127.0.0.1:6379, as on these machines; started here if it is down."""
    stack.ensure_redis()


@pytest.fixture(autouse=True)
def empty_redis(redis_running):
    """
    Each test's servers start with an empty cache: the test wrote its wiki with
    a cache of its own, so a page (or a stamp of the page cache) an
    earlier test's servers left in Redis would name another wiki's state.
    """
    redis.Redis.from_url(stack.redis_url()).flushdb()


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Static files collected as `make serve` collects them, hashed and compressed, once."""
    stack.collected_static = tmp_path_factory.mktemp("staticfiles")
    manage(site_env("sqlite:///unused.sqlite3"), "collectstatic", "--noinput", "-v0")
    return stack.collected_static


@pytest.fixture(scope="session")
def built_sqlite_site(tmp_path_factory):
    """A migrated SQLite wiki with the seed and an editor, built once per test process."""
    path = tmp_path_factory.mktemp("live") / "wiki.sqlite3"
    env = site_env(f"sqlite:///{path}")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "loaddata", "etoile", "-v0")
    manage(env, "shell", "-c", CREATE_EDITOR)
    return path


@pytest.fixture
def live_site(request, tmp_path):
    """
    A wiki the app servers started by a test share with it: on PostgreSQL the
    suite's own test database (committed, so other processes see it); on SQLite
    a fresh copy of a built file.
    """
    if connection.vendor == "postgresql":
        # Tests using this are marked django_db(transaction=True): what they load
        # is committed, where other processes can read it.
        call_command("loaddata", "etoile", verbosity=0)
        # Hashed as the servers hash (the suite's own hasher is a fast one they lack).
        hasher = PBKDF2PasswordHasher()
        get_user_model().objects.create(
            username="editor",
            is_staff=True,
            is_superuser=True,
            password=hasher.encode(PASSWORD, hasher.salt()),
        )
        s = connection.settings_dict
        url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        return LiveSite(url, "postgresql")
    path = tmp_path / "wiki.sqlite3"
    shutil.copy(request.getfixturevalue("built_sqlite_site"), path)
    return LiveSite(f"sqlite:///{path}", "sqlite")


@pytest.fixture
def fresh_database(live_site, tmp_path):
    """An empty database of the same kind: nothing migrated, nothing loaded."""
    if live_site.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_fresh"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield live_site.database_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
