"""
Characters XML 1.0 and PostgreSQL cannot carry (wiki/text.py) are refused
where an editor types them, dropped on every other way in, and never break an
output that must be XML, even when an older row still holds them.
"""

import html
import io
import json
import re
import xml.etree.ElementTree as ET
from http import HTTPStatus

import pytest
from django.contrib.syndication.views import Feed
from django.core.management import CommandError, call_command
from reversion.models import Revision

from history.recording import recorded
from shows.models import NewsEvent
from tests.admin.changeform import changeform_data
from tests.bad_input.routes import all_routes
from wiki import registry, text

pytestmark = pytest.mark.django_db

VT, ESC = "\x0b", "\x1b"


def news_admin(event=None):
    if event is None:
        return "/admin/shows/newsevent/add/"
    return f"/admin/shows/newsevent/{event.pk}/change/"


def test_every_text_field_of_every_entry_kind_refuses_uncarriable_characters():
    """The validator is on each text field of each registered kind, the test-only one included."""
    checked = []
    for entry in registry.entries():
        for field in text.text_fields(entry.model):
            assert text.refuse_uncarriable in field.validators, f"{entry.label}.{field.name}"
            checked.append(f"{entry.label}.{field.name}")
    assert "shows.newsevent.headline" in checked
    assert "kinds.venue.name" in checked


def test_a_headline_with_a_vertical_tab_is_refused_in_the_admin_naming_it(admin_client, etoile):
    data = changeform_data(admin_client.get(news_admin()))
    data.update(headline=f"Ballet{VT}news", slug="ballet-news", date="2025-06")

    response = admin_client.post(news_admin(), data)

    assert response.status_code == HTTPStatus.OK
    assert html.escape("U+000B (VT)") in response.content.decode()
    assert not NewsEvent.objects.filter(slug="ballet-news").exists()


def test_an_edit_summary_with_an_escape_is_refused_in_the_admin_naming_it(admin_client, etoile):
    event = NewsEvent.objects.get(slug="two-season-order")
    data = changeform_data(admin_client.get(news_admin(event)))
    data.update(headline="A new headline", edit_summary=f"Fixed{ESC}[0m")

    response = admin_client.post(news_admin(event), data)

    assert response.status_code == HTTPStatus.OK
    assert html.escape("U+001B (ESC)") in response.content.decode()
    event.refresh_from_db()
    assert event.headline != "A new headline"


def test_a_plain_save_stores_the_text_stripped(etoile):
    event = NewsEvent.objects.get(slug="two-season-order")
    event.headline = f"Two{VT} seasons"
    event.summary = f"Ordered{ESC} straight to series.\x00"
    event.save()

    event.refresh_from_db()
    assert (event.headline, event.summary) == ("Two seasons", "Ordered straight to series.")


def test_the_edit_command_refuses_the_character_and_strips_it_from_the_summary(etoile):
    with pytest.raises(CommandError, match=re.escape("U+000B (VT)")):
        call_command(
            "edit_entry", "shows.newsevent", "two-season-order", "--set", f"headline=A{VT}B"
        )
    call_command(
        "edit_entry",
        "shows.newsevent",
        "two-season-order",
        "--set",
        "headline=Two seasons",
        "--summary",
        f"Shorter{ESC} headline",
        stdout=io.StringIO(),
    )
    assert Revision.objects.latest("pk").comment == "Shorter headline"


def test_a_fixture_holding_control_characters_is_stored_stripped(etoile, tmp_path):
    fixture = tmp_path / "odd.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "shows.newsevent",
                    "fields": {
                        "slug": "odd-news",
                        "date": "2025",
                        "kind": "other",
                        "headline": f"Odd{VT} news",
                        "summary": f"Pasted{ESC} text",
                        "shows": [["etoile"]],
                    },
                }
            ]
        )
    )

    call_command("loaddata", str(fixture), verbosity=0)

    event = NewsEvent.objects.get(slug="odd-news")
    assert (event.headline, event.summary) == ("Odd news", "Pasted text")


def test_a_summary_given_to_a_recorded_edit_is_stored_stripped(etoile):
    event = NewsEvent.objects.get(slug="two-season-order")
    with recorded(summary=f"Typo{ESC} fixed"):
        event.headline = "Two seasons ordered"
        event.save()
    assert Revision.objects.latest("pk").comment == "Typo fixed"


# What is stored already ---------------------------------------------------------


@pytest.fixture
def stored_control_characters(etoile):
    """Rows written before the characters were refused, as raw writes leave them."""
    NewsEvent.objects.filter(slug="two-season-order").update(
        headline=f"Two{VT} seasons", summary=f"Ordered{ESC} [[Étoile]]\ufffe"
    )
    Revision.objects.update(comment=f"Loaded{ESC} by a script{VT}")


def every_feed_url():
    """Every feed the URLconf serves, with each show-scoped one for Étoile."""
    urls = []
    for route in all_routes():
        if isinstance(route.callback, Feed):
            urls.append(route.fill(**dict.fromkeys(route.parameters, "etoile")))
    return urls


def test_every_feed_answers_well_formed_xml_over_stored_control_characters(
    client, stored_control_characters
):
    urls = every_feed_url()
    assert len(urls) == 5, urls
    for url in [*urls, "/recent-changes/feed/?type=shows.newsevent"]:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        body = response.content.decode()
        ET.fromstring(response.content)  # raises on what XML 1.0 cannot carry
        assert not text.UNCARRIABLE.search(body), url
    assert "Two seasons" in client.get("/news/feed/atom/").content.decode()
    assert "Loaded by a script" in client.get("/recent-changes/feed/").content.decode()


def test_sitemaps_answer_well_formed_xml_over_stored_control_characters(
    client, stored_control_characters
):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [element.text for element in index.iter() if element.tag.endswith("loc")]
    assert locations
    for location in locations:
        response = client.get(location.removeprefix("http://testserver"))
        assert response.status_code == HTTPStatus.OK, location
        ET.fromstring(response.content)


def test_json_ld_leaves_stored_control_characters_out(client, stored_control_characters):
    body = client.get("/news/two-season-order/").content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    document = json.loads(script.group(1))
    headlines = [node.get("name") for node in document["@graph"]]
    assert "Two seasons" in headlines
    assert not text.UNCARRIABLE.search(script.group(1))
    assert "\\u000b" not in script.group(1)
