"""
The shapes every resource of the API shares: a reference to an entry, a date at
its precision, a wiki text with its citations, a page of a list, an error.

Each kind's own shape is made from its registration (api/resources.py); these
are the parts it is made of, and their descriptions are the OpenAPI document's.
"""

import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

PRECISIONS = ("year", "part_of_year", "month", "part_of_month", "day")


class Reference(Schema):
    """Another entry, named and addressed: follow `url` for the whole of it."""

    id: int
    kind: str = Field(description='Its collection in the API ("shows", "people").')
    name: str
    url: str = Field(description="Its resource in this API.")
    page: str = Field(description="Its page on the wiki, for people.")


class PartialDate(Schema):
    """
    A date as precisely as its source gives it, never more: "2023", "early June
    2025" or "April 24, 2025". `earliest` and `latest` bound the days it can
    mean; neither is a day the source gives unless `precision` is "day".
    """

    value: str = Field(
        description='As precise as the source: "2025", "2025-06" or "2025-06-06". '
        'A part of a year or a month ("early") is in `part`.',
        examples=["2025-06"],
    )
    precision: Literal[PRECISIONS]
    part: Literal["early", "mid", "late"] | None = Field(
        description="The part of the year or month the source says, if it says one."
    )
    label: str = Field(
        description="As the wiki writes it in English.", examples=["early June 2025"]
    )
    earliest: datetime.date = Field(description="The first day the date can mean.")
    latest: datetime.date = Field(description="The last day the date can mean.")


class Citation(Schema):
    """A source a statement is cited to, and the passage of it that says so."""

    source: str = Field(description="The source's key.")
    source_url: str = Field(description="The source's resource in this API.")
    passage: str | None = Field(
        description="The passage quoted from the source; null where the citation quotes none."
    )
    reporting: str | None = Field(
        description="The key of the source the cited one reports as having said it "
        'first ("deadline-2025-06-06"), when the citation says so.'
    )


class Spoiler(Schema):
    """Words of a text that give away a part of the story, kept out of `text`."""

    episode: str | None = Field(
        description='The episode that reveals them ("S01E08"), when the text names one.'
    )
    title: str
    text: str


class Translation(Schema):
    markup: str
    text: str


class Text(Schema):
    """A wiki text: as written (markup, with its citations inline) and as words."""

    markup: str = Field(description="The wiki markup, citations and all.")
    text: str = Field(description="Its words without markup, spoilers left out.")
    spoilers: list[Spoiler]
    citations: list[Citation] = Field(description="What it cites, in the order it first does.")
    translations: dict[str, Translation] = Field(
        description='The text in other languages editors wrote it in, by code ("fr").'
    )


class ErrorDetail(Schema):
    parameter: str | None = Field(
        description='Which parameter, where one is at fault ("per_page").'
    )
    message: str


class ErrorBody(Schema):
    status: int
    code: str = Field(
        description='Stable, for programs: "not_found", "bad_request", "rate_limited".'
    )
    message: str = Field(description="For people.")
    details: list[ErrorDetail]


class Error(Schema):
    """Every error of the API has this shape, whatever its status."""

    error: ErrorBody


class SearchHit(Schema):
    title: str
    kind: str = Field(description='What kind of entry ("show", "actor", "news").')
    url: str | None = Field(description="Its resource in this API, when the API gives its kind.")
    page: str = Field(description="Its page on the wiki.")
    snippet: str = Field(description="Where the words are found in it.")
    score: float


class Index(Schema):
    version: str
    collections: dict[str, str] = Field(description="Each kind's list, by its name.")
    search: str
    openapi: str = Field(description="This API's OpenAPI 3.1 document.")
    reference: str = Field(description="This API's reference, for people.")
