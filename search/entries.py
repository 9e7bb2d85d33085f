"""What the wiki should know of this app's own tables (wiki/registry.py)."""

from wiki import registry

from .models import SearchEntry

# Search results and suggestions are read from it.
registry.shown(SearchEntry)
