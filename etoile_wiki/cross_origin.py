"""
Cross-Origin-Resource-Policy on every response (Django sets COOP, not CORP).

`same-origin`: no other site may load the wiki's pages, scripts, styles or
pictures into its own (hotlinked pictures, a page read through a side
channel such as Spectre). Nothing of the wiki is meant to be embedded
elsewhere; pictures kept on an object store or a CDN are that host's to mark.
"""

from django.conf import settings


class CrossOriginResourcePolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.SECURE_CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response
