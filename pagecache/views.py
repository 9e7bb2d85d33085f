"""Entry views whose shared parts are kept between requests (parts.py)."""

from wiki import editing

from . import parts


class KeptPartsMixin:
    """
    For a DetailView whose template extends a frame with `{% part %}` regions.

    A kept copy is replayed without calling `get_object()` or
    `get_context_data()`: the frame needs only the request. A copy is kept only
    of a 200 answer; a missing entry (404) or a redirect is made every time.
    """

    def is_editor(self) -> bool:
        # Editors get links to create missing pages (wikitext.display).
        return self.request.user.is_staff

    def parts_variant(self) -> str:
        # Every way the parts differ from one reader to another: an editor's
        # links to create missing pages, and the Edit link of one who may
        # change this kind ({% edit_url %}). Anything else inside a part that
        # comes to depend on who reads (a preference, say) must join it.
        if not self.is_editor():
            return "reader"
        # `model`: every entry view names its kind, as a DetailView may.
        return "editor-change" if editing.may_change(self.request.user, self.model) else "editor"

    def get(self, request, *args, **kwargs):
        key = parts.key_for(request, variant=self.parts_variant())
        stored = parts.kept(key)
        if stored is not None:
            with parts.replaying(stored):
                return self.render_to_response({"view": self}).render()
        with parts.recording(key) as recorder:
            response = super().get(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            recorder.keep = response.status_code == 200
        return response
