from django.http import HttpResponsePermanentRedirect

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
        moved = current_path(request.path)
        if moved is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{moved}?{query}" if query else moved)
