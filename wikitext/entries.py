"""What the wiki should know of this app's own tables (wiki/registry.py)."""

from wiki import registry

from .models import Rendering

# A text's HTML is stored the first time a page shows it: that write is a
# reader's, and changes nothing any page shows (the text it renders did).
registry.derived(Rendering)
