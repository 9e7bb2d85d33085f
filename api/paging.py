"""
Pages of a list: a count, the rows of one page, and links to the pages around
it, in the body and in a Link header (RFC 8288), so a client walks a list
without working out addresses.
"""

import math

from django.db import models
from ninja import Schema
from pydantic import Field, create_model

from .errors import ApiError

PER_PAGE = 25
PER_PAGE_MAX = 100


class Page:
    def __init__(self, request, number: int, pages: int, per_page: int, count: int):
        self.request, self.number, self.pages = request, number, pages
        self.per_page, self.count = per_page, count
        self.rows = []

    @classmethod
    def of(cls, request, queryset: models.QuerySet, number: int, per_page: int) -> "Page":
        """Page `number` of `queryset`: two queries (its count, its rows)."""
        count = queryset.count()
        page = cls.around(request, number, max(1, math.ceil(count / per_page)), per_page, count)
        start = (number - 1) * per_page
        page.rows = list(queryset[start : start + per_page])
        return page

    @classmethod
    def around(cls, request, number: int, pages: int, per_page: int, count: int) -> "Page":
        if number > pages:
            raise ApiError(404, f"No page {number}: there are {pages}.", code="page_not_found")
        return cls(request, number, pages, per_page, count)

    def url(self, number: int) -> str:
        query = self.request.GET.copy()
        query["page"] = str(number)
        return self.request.build_absolute_uri(f"{self.request.path}?{query.urlencode()}")

    def links(self) -> dict[str, str | None]:
        return {
            "first": self.url(1),
            "previous": self.url(self.number - 1) if self.number > 1 else None,
            "next": self.url(self.number + 1) if self.number < self.pages else None,
            "last": self.url(self.pages),
        }

    def link_header(self, response) -> None:
        response["Link"] = ", ".join(
            f'<{url}>; rel="{rel}"' for rel, url in self.links().items() if url
        )

    def body(self, results: list) -> dict:
        return {
            "count": self.count,
            "page": self.number,
            "pages": self.pages,
            "per_page": self.per_page,
            **self.links(),
            "results": results,
        }


class PageLinks(Schema):
    count: int = Field(description="How many there are in all.")
    page: int
    pages: int
    per_page: int
    first: str
    previous: str | None
    next: str | None
    last: str


def page_schema(resource) -> type[Schema]:
    return create_model(
        f"{resource.name}Page",
        __base__=PageLinks,
        __doc__=f"A page of {resource.path}.",
        results=(list[resource.schema], ...),
    )
