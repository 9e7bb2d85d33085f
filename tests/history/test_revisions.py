"""
Recent changes list edits, not rows (issue 17): a fixture load or an edit that
saved several entries is one line, naming them, with a page of its own; the rows
that belong to an entry (castings, credits, memberships, positions) are listed
with it, and their history addresses lead to its history.
"""

import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from history import rows
from history.recording import recorded, tracked_models, versions_of
from people.models import Person
from shows.models import Casting, Character, Membership, Show
from tests.factories import (
    CastingFactory,
    CharacterFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    ShowFactory,
)
from tests.pages import page
from wiki import registry

pytestmark = pytest.mark.django_db


def lines(html):
    return re.findall(r'<li class="change">(.*?)</li>\s*(?=<li class="change">|</ol>)', html, re.S)


def history_of(entry):
    label = entry._meta.concrete_model._meta.label_lower
    return reverse("history:entry", kwargs={"label": label, "object_id": entry.pk})


def revision_url(revision):
    return reverse("history:revision", kwargs={"revision_id": revision.pk})


def count_queries(client, url):
    client.get(url)  # content types, cached once per process
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == HTTPStatus.OK, url
    return len(queries)


def seed_revision():
    return Version.objects.get_for_model(Show).get().revision


def entry_count():
    return sum(m._base_manager.count() for m in tracked_models() if not rows.is_row(m))


def test_the_rows_of_the_wiki_are_declared_with_the_entries_they_belong_to():
    """Castings, credits, memberships, positions and status changes are rows, in no sitemap."""
    assert {m._meta.model_name for m in rows.row_models()} == {
        "casting",
        "credit",
        "membership",
        "position",
        "statuschange",
    }
    assert not any(entry.is_row for entry in registry.in_sitemap())


def test_a_fixture_load_is_one_line_naming_how_many_entries_it_saved(client, etoile):
    html = page(client, "/recent-changes/")
    (line,) = lines(html)
    assert '<span class="kind kind--batch">Fixture load</span>' in line
    assert f"{entry_count()} entries:" in line
    assert re.search(r"and \d+ more", line)
    assert f'href="{revision_url(seed_revision())}"' in line
    assert "by fixture load" in line
    assert "casting" not in line.lower()


def test_the_revision_page_lists_every_entry_with_its_rows_under_it(client, etoile):
    html = page(client, revision_url(seed_revision()))
    entries = html[html.index('id="entries"') :]
    tags = re.findall(r'<span class="tag">([^<]+)</span>', entries)
    assert len(tags) == entry_count()
    assert not {"casting", "credit", "membership", "position"} & set(tags)
    # Cheyenne's line holds her casting, marked as one.
    start = entries.index(">Cheyenne Toussaint</a>")
    cheyenne = entries[start : entries.index('<li class="change">', start)]
    assert "Casting: Lou de Laâge as Cheyenne Toussaint (Étoile)" in cheyenne
    # And every row of the seed is somewhere on the page.
    row_count = sum(model.objects.count() for model in rows.row_models())
    assert entries.count('<ul class="change__rows">') > 0
    assert len(re.findall(r"<li>\s*<span class=\"kind kind--created\">", entries)) == row_count


def test_an_edit_of_an_entry_and_its_rows_is_one_line_for_the_entry(client, etoile):
    """An admin form saving a character and a new casting of it: one line, the character's."""
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    understudy = PersonFactory()
    with recorded(summary="Added a casting"):
        cheyenne.description += " More."
        cheyenne.save()
        CastingFactory(show=cheyenne.show, character=cheyenne, person=understudy)
    first = lines(page(client, "/recent-changes/"))[0]
    assert '<span class="kind kind--changed">changed</span>' in first
    assert ">Cheyenne Toussaint</a>" in first
    assert '<span class="tag">character</span>' in first
    assert ">1 related row</a>" in first
    assert "Added a casting" in first


def test_a_change_to_a_row_alone_is_listed_under_its_entry(client, etoile):
    casting = Casting.objects.filter(character__slug="cheyenne-toussaint").get()
    with recorded(summary="Billing"):
        casting.order = 9
        casting.save()
    first = lines(page(client, "/recent-changes/"))[0]
    assert ">Cheyenne Toussaint</a>" in first
    assert '<span class="tag">character</span>' in first
    revision = versions_of(Casting, casting.pk).first().revision
    assert f'href="{revision_url(revision)}">1 related row</a>' in first
    # Listed among characters' changes and people's, never as a type of its own.
    characters = lines(page(client, "/recent-changes/?type=shows.character"))
    assert ">Cheyenne Toussaint</a>" in characters[0]
    assert ">Lou de Laâge</a>" in lines(page(client, "/recent-changes/?type=people.person"))[0]
    assert 'value="shows.casting"' not in page(client, "/recent-changes/")
    assert client.get("/recent-changes/?type=shows.casting").status_code == HTTPStatus.NOT_FOUND


def test_a_deleted_row_is_listed_under_the_entry_it_belonged_to(client, etoile):
    casting = Casting.objects.filter(character__slug="cheyenne-toussaint").get()
    with recorded(summary="Wrong casting"):
        casting.delete()
    first = lines(page(client, "/recent-changes/"))[0]
    assert ">Cheyenne Toussaint</a>" in first
    assert "1 related row" in first
    revision = Version.objects.order_by("-pk").first().revision
    detail = page(client, revision_url(revision))
    assert '<span class="kind kind--deleted">deleted</span>' in detail
    assert "Casting: Lou de Laâge as Cheyenne Toussaint (Étoile)" in detail


@pytest.mark.parametrize("deleted", [False, True])
def test_a_castings_history_address_leads_to_its_characters_history(client, etoile, deleted):
    casting = Casting.objects.filter(character__slug="cheyenne-toussaint").get()
    cheyenne, pk = casting.character, casting.pk
    if deleted:
        with recorded(summary="Gone"):
            casting.delete()
    response = client.get(f"/history/shows.casting/{pk}/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response.url == history_of(cheyenne)


@pytest.mark.parametrize(
    ("make_row", "owner"),
    [
        (lambda: CastingFactory(character=None, show=ShowFactory()), "person"),
        (lambda: PositionFactory(), "person"),
        (lambda: MembershipFactory(), "character"),
    ],
)
def test_every_rows_history_address_leads_to_its_entrys(client, make_row, owner):
    row = make_row()
    label = row._meta.label_lower
    response = client.get(f"/history/{label}/{row.pk}/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response.url == history_of(getattr(row, owner))


def test_a_row_without_history_is_not_found(client, db):
    assert client.get("/history/shows.casting/999/").status_code == HTTPStatus.NOT_FOUND


def test_an_entrys_history_lists_its_rows_changes_including_deleted_ones(client, etoile):
    """A casting is listed under both its character and its person."""
    casting = Casting.objects.filter(character__slug="cheyenne-toussaint").get()
    cheyenne, lou, pk = casting.character, casting.person, casting.pk
    with recorded(summary="Billing changed"):
        casting.order = 7
        casting.save()
    with recorded(summary="Casting removed"):
        casting.delete()
    for entry in (cheyenne, lou):
        html = page(client, history_of(entry))
        row_lines = re.findall(r'<li class="change change--row"[^>]*>(.*?)</li>', html, re.S)
        assert len(row_lines) == 3, entry  # created by the load, changed, deleted
        assert all('<span class="tag tag--row">casting</span>' in line for line in row_lines)
        assert "kind--deleted" in row_lines[0]
        assert "Billing changed" in row_lines[1]
        casting_diff = reverse("history:diff", kwargs={"label": "shows.casting", "object_id": pk})
        assert f'href="{casting_diff}?to=' in row_lines[1]
        # Only the entry's own versions can be compared.
        assert 'name="from"' not in "".join(row_lines)
    # A casting moved to another character: its versions from before stay in the
    # first one's history, the move is in the second one's.
    other = CastingFactory(character=CharacterFactory(show=cheyenne.show))
    old_owner = other.character
    with recorded(summary="Moved"):
        other.character = CharacterFactory(show=cheyenne.show)
        other.save()
    before = page(client, history_of(old_owner))
    assert 'class="change change--row"' in before
    assert "Moved" not in before
    assert "Moved" in page(client, history_of(other.character))


def test_recent_changes_cost_the_same_however_many_rows_an_edit_saved(client, etoile):
    """Lines, their entries and their rows: a fixed number of queries, rows deleted or not."""
    show = Show.objects.get()
    organisation = OrganisationFactory()

    def batch(count):
        with recorded(summary=f"{count} members"):
            for _ in range(count):
                MembershipFactory(character=CharacterFactory(show=show), organisation=organisation)
        with recorded(summary="Some gone"):
            Membership.objects.filter(organisation=organisation).first().delete()

    def costs():
        urls = [
            "/recent-changes/",
            "/recent-changes/?type=shows.character",
            "/recent-changes/feed/",
            revision_url(Version.objects.order_by("-pk").first().revision),
            history_of(organisation),
        ]
        return [count_queries(client, url) for url in urls]

    batch(2)
    few = costs()
    batch(40)
    assert costs() == few


def test_recent_changes_are_paginated_by_edit_and_the_feed_matches_the_first_page(client, etoile):
    lou = Person.objects.get(slug="lou-de-laage")
    for number in range(55):
        with recorded(summary=f"Edit {number}"):
            lou.biography = f"Version {number}."
            lou.save()
            PersonFactory()
    first = lines(page(client, "/recent-changes/"))
    second = lines(page(client, "/recent-changes/?page=2"))
    assert len(first) == 50
    assert len(second) == 6  # five edits and the seed's load
    assert "Fixture load" in second[-1]
    feed = client.get("/recent-changes/feed/").content.decode()
    assert feed.count("<entry>") == 50
    assert "Edit 54" in feed
    assert "Edit 4<" not in feed
