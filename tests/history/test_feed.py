"""The recent changes as an Atom feed: valid, linked to each change, filterable, cheap."""

import xml.etree.ElementTree as ET
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from history import rows
from history.recording import recorded, tracked_models, versions_of
from shows.models import Character, Show, Source

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, query=""):
    response = client.get("/recent-changes/feed/" + query)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entries(root):
    return root.findall(f"{ATOM}entry")


def text(element, path):
    return element.find(f"{ATOM}{path}").text


def link(element):
    return element.find(f"{ATOM}link").get("href")


def test_the_feed_is_atom_with_the_latest_fifty_changes(client, jack, editor):
    """After the seed's load and 60 edits the feed holds the newest 50 edits, the last first."""
    for number in range(59):
        with recorded(user=editor, summary=f"Edit {number}"):
            jack.description = f"Version {number}."
            jack.save()
    with recorded(user=editor, summary="Fixed the description"):
        jack.description = "The demanding director."
        jack.save()
    root = feed(client)
    assert root.tag == f"{ATOM}feed"
    assert text(root, "title") == "Étoile Wiki: recent changes"
    assert link(root) == "http://testserver/recent-changes/"
    assert root.find(f"{ATOM}updated").text
    items = entries(root)
    assert len(items) == 50

    first = items[0]
    version = versions_of(Character, jack.pk).first()
    diff = reverse("history:diff", kwargs={"label": "shows.character", "object_id": jack.pk})
    assert text(first, "title") == "Jack McMillan (character) changed by margot"
    assert link(first) == f"http://testserver{diff}?to={version.pk}"
    assert text(first, "id") == link(first)
    assert first.find(f"{ATOM}author/{ATOM}name").text == "margot"
    assert text(first, "updated").startswith(str(version.revision.date_created.year))
    assert "Fixed the description" in text(first, "summary")
    assert len({text(item, "id") for item in items}) == 50, "every entry has its own id"


def test_a_fixture_load_is_one_item_naming_how_many_entries_it_saved(client, etoile):
    """The seed's load saved every entry and row in one revision: one item, as on the page."""
    (item,) = entries(feed(client))
    revision = Version.objects.get_for_model(Show).get().revision
    url = reverse("history:revision", kwargs={"revision_id": revision.pk})
    entry_count = sum(model.objects.count() for model in tracked_models() if not rows.is_row(model))
    assert text(item, "title") == f"Fixture load: {entry_count} entries by fixture load"
    assert link(item) == f"http://testserver{url}"
    assert "and " in text(item, "summary")
    assert "Casting" not in text(item, "summary")


def test_a_creation_links_to_its_version_and_a_fixture_load_is_credited(client, etoile):
    source = Source.objects.create(key="interview", title="An interview")
    item = entries(feed(client))[0]
    version = versions_of(Source, source.pk).get()
    url = reverse("history:version", kwargs={"version_id": version.pk})
    assert link(item) == f"http://testserver{url}"
    assert text(item, "title").startswith("An interview (source) created by")
    seed = entries(feed(client))[-1]
    assert seed.find(f"{ATOM}author/{ATOM}name").text == "fixture load"


def test_a_deletion_is_an_entry_that_links_to_the_history(client, jack, editor):
    pk = jack.pk
    with recorded(user=editor, summary="Duplicate"):
        jack.delete()
    titles = [text(item, "title") for item in entries(feed(client))]
    assert "Jack McMillan (character) deleted by margot" in titles
    item = entries(feed(client))[titles.index("Jack McMillan (character) deleted by margot")]
    history = reverse("history:entry", kwargs={"label": "shows.character", "object_id": pk})
    assert link(item).startswith(f"http://testserver{history}#version-")


def test_the_feed_filters_by_type_of_entry(client, jack, editor):
    with recorded(user=editor, summary="Edit"):
        jack.description = "Director."
        jack.save()
    root = feed(client, "?type=shows.character")
    assert text(root, "title") == "Étoile Wiki: recent changes to characters"
    assert link(root) == "http://testserver/recent-changes/?type=shows.character"
    self_link = root.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == "http://testserver/recent-changes/feed/?type=shows.character"
    titles = [text(item, "title") for item in entries(root)]
    assert titles[0] == "Jack McMillan (character) changed by margot"
    # The seed's load, which saved every character, is one item naming them.
    characters = Character.objects.count()
    assert titles[1:] == [f"Fixture load: {characters} entries by fixture load"]
    assert client.get("/recent-changes/feed/?type=shows.spaceship").status_code == (
        HTTPStatus.NOT_FOUND
    )


def test_the_recent_changes_page_announces_the_feed(client, etoile):
    html = client.get("/recent-changes/?type=shows.source").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Étoile Wiki: recent changes to sources" '
        'href="/recent-changes/feed/?type=shows.source">'
    ) in html


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(queries)


def test_the_feed_costs_the_same_with_three_or_a_hundred_and_twenty_edits(client, jack, editor):
    """The revisions, their versions with sizes and tombstones, the entries they name."""

    def edit(count):
        for number in range(count):
            with recorded(user=editor, summary=f"Edit {number}"):
                jack.description = f"Version {number}." + " word" * number
                jack.save()

    with recorded(user=editor, summary="Removed a source"):
        Source.objects.create(key="gone", title="Gone").delete()
    edit(3)
    few = [
        count_queries(client, url)
        for url in ("/recent-changes/feed/", "/recent-changes/feed/?type=shows.character")
    ]
    edit(117)
    many = [
        count_queries(client, url)
        for url in ("/recent-changes/feed/", "/recent-changes/feed/?type=shows.character")
    ]
    # The revisions, their versions, then the live entries once per kind: the
    # seed's load among the newest 50 names every kind, 60 edits of Jack one.
    assert many == [3, 3]
    assert few[1] == 3
    assert few[0] <= 2 + len(tracked_models())
