import pytest
from django.conf import settings
from django.utils import translation


def pytest_collection_modifyitems(config, items):
    """
    Tests of PostgreSQL itself (an outage of its server) have nothing to test on
    the SQLite run: they are left out of it, said once, rather than skipped.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    left_out = [item for item in items if item.get_closest_marker("postgresql")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """
    No connection pool inside the test process: Django's test database set-up
    opens the pool under the database's real name before it switches to the
    test name, so the pool would keep connecting to the wrong database. The app
    servers that tests/live starts run with the pool, as production does.
    """
    from django.db import connections

    for connection in connections.all(initialized_only=False):
        connection.settings_dict.get("OPTIONS", {}).pop("pool", None)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Logged-in clients hash a password in every test; the default hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    """
    A /fr/ request leaves French active in its thread (a server's next request sets
    its own); each test starts, as code outside a request does, in the default.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def live_pages(settings):
    """
    Views are tested as they render, not as the page cache replays them: the
    query counts are a view's own. tests/pagecache turns the cache back on with
    the `page_cache` fixture.
    """
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache on, empty, as in production."""
    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 600
    cache = caches[settings.PAGE_CACHE_ALIAS]
    cache.clear()
    yield cache
    # This cache, not whatever the alias names by now: a test that moved it to
    # Redis (redis_pages) must not empty the Redis database other workers use.
    cache.clear()


@pytest.fixture(scope="session")
def empty_static_root(tmp_path_factory):
    return tmp_path_factory.mktemp("staticfiles")


@pytest.fixture(autouse=True)
def plain_static_storage(settings, empty_static_root):
    """
    Serve unhashed static names in tests, so that they do not depend on a prior
    collectstatic; tests/test_static_files.py checks the hashed storage itself.
    """
    settings.STATIC_ROOT = empty_static_root
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def signed_in(user):
    """A client of its own, signed in as `user`."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(django_user_model):
    """Signed in as a member of the Editors group, which a migration makes."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("ed", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return signed_in(user)


@pytest.fixture
def etoile(db):
    """
    The seed fixture, loaded as maintainers load it: for real once per test
    process, then replayed from that load's writes (tests/seed_replay.py).
    """
    from tests.seed_replay import load_seed

    load_seed()
