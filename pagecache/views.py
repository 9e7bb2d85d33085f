"""Entry views whose shared parts are kept between requests (parts.py)."""

from . import parts


class KeptPartsMixin:
    """
    For a DetailView whose template extends a frame with `{% part %}` regions.

    A kept copy is replayed without calling `get_object()` or
    `get_context_data()`: the frame needs only the request. A copy is kept only
    of a 200 answer; a missing entry (404) or a redirect is made every time.
    """

    def is_editor(self) -> bool:
        # The only way the parts differ from one reader to another (missing
        # links editors may create). Anything inside a part that comes to
        # depend on who reads (a permission, a preference) must join the key.
        return self.request.user.is_staff

    def get(self, request, *args, **kwargs):
        key = parts.key_for(request, editor=self.is_editor())
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
