"""
Addresses in the API's answers: absolute, so that a client follows them as
they come (the page cache files each answer under its scheme and host).
"""

from urllib.parse import quote

from django.conf import settings
from django.utils.functional import cached_property

from wiki import registry
from wiki.sources import source_model

VERSION = "v1"


def root() -> str:
    """The path every resource of this version is under: "/api/v1/"."""
    return f"{settings.API_PREFIX}{VERSION}/"


def collection(model) -> str | None:
    entry = registry.get(model)
    return entry.api.path if entry and entry.api else None


class Links:
    """Makes a request's absolute addresses: of resources, references and pages."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def origin(self) -> str:
        return self.request.build_absolute_uri("/").rstrip("/")

    def absolute(self, path: str) -> str:
        return self.origin + path

    def resource(self, obj) -> str:
        return self.absolute(f"{root()}{collection(type(obj))}/{obj.pk}")

    def page(self, obj) -> str:
        return self.absolute(obj.get_absolute_url())

    def reference(self, obj) -> dict:
        return {
            "id": obj.pk,
            "kind": collection(type(obj)),
            "name": str(obj),
            "url": self.resource(obj),
            "page": self.page(obj),
        }

    @cached_property
    def sources(self) -> str:
        return self.absolute(f"{root()}{collection(source_model())}/slug/")

    def source(self, key: str) -> str:
        return self.sources + quote(key)
