import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Logged-in clients hash a password in every test; the default hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


@pytest.fixture
def etoile(db):
    """The seed fixture, loaded as maintainers load it."""
    call_command("loaddata", "etoile", verbosity=0)
