"""
The settings tests run with: the site's own, and one app more, `tests.kinds`,
a kind of entry the wiki's code knows nothing of (tests/kinds/models.py), so
that every test also runs with a kind made known to the wiki only through its
registration.
"""

from etoile_wiki.settings import *  # noqa: F403
from etoile_wiki.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.kinds"]
ROOT_URLCONF = "tests.urls"
