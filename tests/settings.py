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

# Every test process reads the API from one address, counted in one cache: a
# limit no run reaches, so the throttle still runs on every request.
# tests/api/test_http.py sets its own limit for a client of its own.
API_RATE_LIMIT = "1000000/min"
