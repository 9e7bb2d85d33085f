"""Request bodies larger than the largest upload the wiki accepts are refused unread."""

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat


class RequestSizeLimitMiddleware:
    """
    Django limits form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams uploaded
    files to disk whatever their size; this refuses, from the declared length,
    any body larger than REQUEST_MAX_BYTES before a byte of it is read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse(
                "The request's Content-Length is not a number.\n",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        if length > settings.REQUEST_MAX_BYTES:
            return HttpResponse(
                f"The request is too large: {filesizeformat(length)}, where at most "
                f"{filesizeformat(settings.REQUEST_MAX_BYTES)} is accepted "
                "(an image may be at most "
                f"{filesizeformat(settings.IMAGE_MAX_BYTES)}).\n",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
