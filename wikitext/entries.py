"""What the wiki should know of this app's own tables (wiki/registry.py)."""

from wiki import registry

from .models import FormerPath, PageName, Rendering, WikiLink

# Links are made from names, "What links here" from links, and an old address
# redirects through its former path. The pipeline's wikitext stage returns the
# entries each of these writes shows differently (wikitext/indexing.py), so a
# new link drops its target's pages, not every page that lists what links to it.
registry.shown(PageName, WikiLink, FormerPath, reported=True)

# A text's HTML is stored the first time a page shows it: that write is a
# reader's, and changes nothing any page shows (the text it renders did).
registry.derived(Rendering)
