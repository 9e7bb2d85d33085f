"""
Posts as of a day (issue 18): not yet started, left out; ended by then, shown
ended; not ended by then, current on that day with no later end told; an end
whose span holds the day, said to be uncertain. The seed's Jennifer Salke was
head of Amazon MGM Studios until March 2025 (no source dates her start).
"""

import datetime
import re

import pytest

from shows.as_of import Held, held
from shows.models import Organisation, Position
from shows.partial_dates import PartialDate
from tests.pages import page

from .asof_pages import as_of

pytestmark = pytest.mark.django_db

D = datetime.date
PEOPLE = ("/people/jennifer-salke/", "/organisations/amazon-mgm-studios/")


def positions_part(html, url):
    """The list of posts as a reader reads it (tags and citation marks left out)."""
    heading = 'id="positions"' if url.startswith("/people/") else 'id="people"'
    part = html.split(heading, 1)[1].split("</section>", 1)[0]
    part = re.sub(r'<sup class="ref.*?</sup>', "", part, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", "", part).split())


@pytest.mark.parametrize("url", PEOPLE)
@pytest.mark.parametrize(
    ("day", "shown"),
    [
        ("2025-02-28", "current on Feb. 28, 2025"),
        ("2025-03-01", "ended March 2025: it may not have ended yet on March 1, 2025"),
        ("2025-03-30", "it may not have ended yet on March 30, 2025"),
        ("2025-03-31", "(until March 2025)"),
    ],
)
def test_salkes_post_on_both_sides_of_march_2025(client, etoile, url, day, shown):
    part = positions_part(as_of(client, url, day), url)
    assert shown in part
    if day == "2025-02-28":
        assert "March 2025" not in part


@pytest.mark.parametrize("url", PEOPLE)
def test_without_as_of_the_post_is_as_today(client, etoile, url):
    part = positions_part(page(client, url), url)
    assert "(until March 2025)" in part
    assert "current on" not in part


def test_a_post_not_yet_started_is_left_out_and_one_started_loosely_says_so(client, etoile):
    studio = Organisation.objects.get(slug="amazon-mgm-studios")
    salke = studio.positions.get().person
    Position.objects.create(person=salke, organisation=studio, title="Adviser", start="2025-06")
    # (The JSON-LD in the head keeps it: machines read the world as it is.)
    assert "Adviser" not in as_of(client, "/people/jennifer-salke/", "2025-05-31").split("<body")[1]
    html = positions_part(as_of(client, "/people/jennifer-salke/", "2025-06-15"), "/people/")
    assert "Adviser" in html
    assert "it may not have started yet then" in html
    html = positions_part(as_of(client, "/people/jennifer-salke/", "2025-07-01"), "/people/")
    assert "(from June 2025, current on July 1, 2025)" in html


@pytest.mark.parametrize(
    ("start", "end", "day", "expected"),
    [
        ("2023", "", D(2022, 12, 31), Held.NOT_YET),
        ("2023", "", D(2023, 6, 1), Held.HELD),
        ("", "2025-03", D(2025, 2, 28), Held.HELD),
        ("", "2025-03", D(2025, 3, 15), Held.MAYBE_ENDED),
        ("", "2025-03", D(2025, 3, 31), Held.ENDED),
        ("2023", "early 2025-06", D(2025, 6, 10), Held.ENDED),
        ("", "", D(2025, 6, 10), Held.HELD),
    ],
)
def test_held_on_a_day(start, end, day, expected):
    position = Position(
        start=PartialDate.parse(start) if start else None,
        end=PartialDate.parse(end) if end else None,
    )
    assert held(position, day) is expected
