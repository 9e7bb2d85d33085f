"""
Uploaded files served by the wiki itself, from MEDIA_ROOT at MEDIA_URL.

`make serve` is gunicorn alone, with no web server in front to serve
MEDIA_ROOT, so without this every uploaded picture was a 404 in production.
On when uploads are kept on local disk (SERVE_MEDIA; off by default when an
object store or a CDN serves them, and then not installed at all).

Uploads are files of the public, named by a digest of their content
(images/processing.py), so a name's bytes never change: they are cached for
a year as immutable. They were checked and re-encoded as pictures, but the
answer does not rely on it: the type comes from the name's extension and
browsers may not guess another (nosniff), and a policy of their own forbids
scripts, styles and frames and sandboxes the document, should a file ever
be opened as a page. Only GET and HEAD; a name that leaves MEDIA_ROOT (`..`,
an absolute path, a link pointing out) or names no file is a 404.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.utils.http import http_date
from django.views.static import was_modified_since

POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
IMMUTABLE = "public, max-age=31536000, immutable"


def media_prefix():
    """The path MEDIA_URL serves, or None when it is another host's (a CDN)."""
    if "://" in settings.MEDIA_URL or settings.MEDIA_URL.startswith("//"):
        return None
    return "/" + settings.MEDIA_URL.strip("/") + "/"


def media_file(name):
    """The file under MEDIA_ROOT that `name` names; Http404 for anything else."""
    if "\x00" in name or "\\" in name:
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / name).resolve()
    if not path.is_relative_to(root) or path == root or not path.is_file():
        raise Http404
    return path


class MediaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = media_prefix()
        if not settings.SERVE_MEDIA or self.prefix is None:
            raise MiddlewareNotUsed

    def __call__(self, request):
        if not request.path_info.startswith(self.prefix):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return self.secured(HttpResponseNotAllowed(["GET", "HEAD"]))
        try:
            path = media_file(request.path_info.removeprefix(self.prefix))
        except Http404:
            return self.secured(HttpResponse(status=404, content_type="text/plain"))
        return self.secured(self.file_response(request, path))

    @staticmethod
    def file_response(request, path):
        stat = path.stat()
        if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
            response = HttpResponse(status=304)
        elif request.method == "HEAD":
            response = HttpResponse()
            response["Content-Length"] = str(stat.st_size)
        else:
            response = FileResponse(path.open("rb"))
        response["Content-Type"] = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        response["Last-Modified"] = http_date(stat.st_mtime)
        response["Cache-Control"] = IMMUTABLE
        return response

    @staticmethod
    def secured(response):
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = POLICY
        return response
