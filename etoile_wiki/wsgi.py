"""WSGI entry point (gunicorn, mod_wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "etoile_wiki.settings")

application = get_wsgi_application()
