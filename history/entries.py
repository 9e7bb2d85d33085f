"""What the wiki should know of this app's own tables (wiki/registry.py)."""

from django.contrib.auth import get_user_model
from reversion.models import Revision, Version

from wiki import registry

from .models import Deletion, Edit

# Entry histories, versions, diffs and recent changes read these.
registry.shown(Revision, Version, Deletion, Edit)
# Pages name who made each revision, and nothing else of a user: a login's
# `last_login` or a password change shows on no page.
registry.shown(get_user_model(), columns=(get_user_model().USERNAME_FIELD,))
