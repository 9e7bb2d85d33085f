from django.http import HttpResponsePermanentRedirect

from wiki.languages import in_language, split_language

from .redirects import current_path


class FormerPathRedirectMiddleware:
    """
    A page that was renamed answers at its old address: a request that would
    end in "not found" is sent on to where the page (or what was under it) is now.
    Like `django.contrib.redirects`, it only looks when nothing else answered.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        # Old addresses are stored in the default language: look the rest of a
        # /fr/ address up, and stay in French.
        language, path = split_language(request.path)
        moved = current_path(path)
        if moved is None:
            return response
        moved = in_language(moved, language) if language else moved
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{moved}?{query}" if query else moved)
