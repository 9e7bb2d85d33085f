"""
Lists of entries are told apart from the entries themselves (issue 17).

A navigation box shows of each entry only its name, its address and its place.
Besides an entry's own key, the change pipeline (wiki/changes.py) tells through
`keys_noted`:

- the entry's listing key (`shown.listing_key`) when a field of its registry
  `listing` changed, or it was created or deleted;
- the members key (`shown.members_key`) of each entry whose lists it joined or
  left (`listed_under`): created, deleted, moved, linked or unlinked;
- with any listing key, `shown.ANY_LISTING` (checked as each write is told).

An edit of anything else (a description) tells neither, whichever path it takes.
"""

from http import HTTPStatus

import pytest
import reversion
from django.core.management import call_command
from django.urls import reverse

from history.models import Deletion
from history.recording import recorded, recover, versions_of
from people.models import Person
from shows.models import Casting, Character, Episode, NewsEvent, Season, Show
from tests.admin.changeform import changeform_data
from tests.factories import CharacterFactory, ShowFactory
from wiki import changes, shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def noted():
    """Every key `keys_noted` tells while the test runs, in one set."""
    told: set[str] = set()

    def receive(sender, using, keys, **kwargs):
        # Every listing key comes with the key of any listing (lists cut to
        # their first few by name: What links here), and only then.
        listings = any(key.endswith(":listing") for key in keys)
        assert (shown.ANY_LISTING in keys) == listings, keys
        told.update(keys - {shown.ANY_LISTING})

    changes.keys_noted.connect(receive, dispatch_uid="test_listing_keys")
    yield told
    changes.keys_noted.disconnect(dispatch_uid="test_listing_keys")


def listing(instance) -> str:
    return shown.listing_key(type(instance)._meta.label_lower, instance.pk)


def members(kind, parent) -> str:
    return shown.members_key(kind._meta.label_lower, type(parent)._meta.label_lower, parent.pk)


@pytest.fixture
def cheyenne(etoile):
    return Character.objects.get(slug="cheyenne-toussaint")


def test_a_description_edit_tells_no_list(cheyenne, noted):
    cheyenne.description = "Rewritten by an editor."
    cheyenne.save()
    assert noted == set()


@pytest.mark.parametrize("field", ["name", "slug"])
def test_a_new_name_or_address_tells_the_entrys_listing_and_nothing_else(cheyenne, noted, field):
    setattr(cheyenne, field, "cheyenne-renamed")
    cheyenne.save()
    assert noted == {listing(cheyenne)}


def test_a_new_entry_tells_its_listing_and_its_parents_members(etoile, noted):
    show = Show.objects.get(slug="etoile")
    character = CharacterFactory(show=show)
    assert noted == {listing(character), members(Character, show)}


def test_a_deleted_entry_tells_its_listing_and_its_parents_members(cheyenne, noted):
    show, pk = cheyenne.show, cheyenne.pk
    with recorded(summary="Gone"):
        cheyenne.delete()
    assert shown.listing_key("shows.character", pk) in noted
    assert members(Character, show) in noted
    # Her castings went with her: the cast lists lost them.
    assert members(Casting, show) in noted


def test_an_entry_moved_to_another_parent_tells_both_parents(cheyenne, noted):
    old, new = cheyenne.show, ShowFactory()
    Casting.objects.filter(character=cheyenne).delete()
    noted.clear()
    cheyenne.show = new
    cheyenne.save()
    assert noted == {members(Character, old), members(Character, new)}


def test_a_castings_place_in_the_cast_tells_its_listing(cheyenne, noted):
    casting = cheyenne.castings.get()
    casting.order += 5
    casting.save()
    assert noted == {listing(casting)}


def test_an_episode_is_listed_under_its_season(etoile, noted):
    episode = Episode.objects.get(season__number=1, number=3)
    episode.summary = "Only the summary."
    episode.save()
    assert noted == set()
    episode.number = 9
    episode.save()
    assert noted == {listing(episode)}


def test_links_to_a_show_tell_its_news_members_from_either_side(etoile, noted):
    show = Show.objects.get(slug="etoile")
    other = ShowFactory()
    event = NewsEvent.objects.filter(shows=show).first()
    noted.clear()
    event.shows.add(other)
    assert noted == {members(NewsEvent, other)}
    noted.clear()
    other.news_events.remove(event)
    assert noted == {members(NewsEvent, other)}
    noted.clear()
    # A clear names no ids: the links it removes are read before it runs.
    event.shows.clear()
    assert noted == {members(NewsEvent, show)}
    noted.clear()
    event.people.clear()  # not a list the event is listed under
    assert noted == set()


def test_a_deleted_news_event_leaves_the_news_of_each_of_its_shows(etoile, noted):
    show = Show.objects.get(slug="etoile")
    event = NewsEvent.objects.filter(shows=show).first()
    with recorded(summary="Gone"):
        event.delete()
    assert members(NewsEvent, show) in noted


def test_an_admin_save_tells_a_rename_and_not_a_description(admin_client, cheyenne, noted):
    url = reverse("admin:shows_character_change", args=[cheyenne.pk])
    data = changeform_data(admin_client.get(url))
    data["description"] += " She dances."
    assert admin_client.post(url, data).status_code == HTTPStatus.FOUND
    assert noted == set()

    data = changeform_data(admin_client.get(url))
    data["name"] = "Cheyenne Renamed"
    assert admin_client.post(url, data).status_code == HTTPStatus.FOUND
    assert noted == {listing(cheyenne)}


def test_a_revert_tells_the_listing_only_when_it_puts_back_a_name(cheyenne, noted):
    def revert_to_the_seed():
        with reversion.create_revision():
            versions_of(Character, cheyenne.pk).last().revert()

    cheyenne.description = "Changed."
    cheyenne.save()
    revert_to_the_seed()
    # A revert saves the row as the version holds it, read again to compare.
    assert noted == set()

    cheyenne.refresh_from_db()
    cheyenne.name = "Cheyenne Renamed"
    cheyenne.save()
    noted.clear()
    revert_to_the_seed()
    assert noted == {listing(cheyenne)}


def test_a_recovery_tells_the_lists_it_comes_back_to(cheyenne, noted):
    show, pk = cheyenne.show, cheyenne.pk
    with recorded(summary="Gone"):
        cheyenne.delete()
    noted.clear()
    recover(Deletion.objects.get(object_id=str(pk), content_type__model="character"))
    assert {shown.listing_key("shows.character", pk), members(Character, show)} <= noted
    assert members(Casting, show) in noted


def test_loading_the_seed_again_tells_no_list(etoile, noted):
    """A fixture's rows are not loaded before their save: each is read once to compare."""
    call_command("loaddata", "etoile", verbosity=0)
    assert noted == set()


def test_loading_the_seed_into_an_empty_wiki_tells_every_list(db, noted):
    call_command("loaddata", "etoile", verbosity=0)
    show = Show.objects.get(slug="etoile")
    season = Season.objects.get(show=show, number=1)
    assert {members(Season, show), members(Character, show), members(Episode, season)} <= noted
    assert members(NewsEvent, show) in noted
    assert listing(Person.objects.get(slug="lou-de-laage")) in noted


def test_a_bulk_update_through_the_pipeline_tells_what_it_renamed(cheyenne, noted):
    changes.updated(Character.objects.filter(pk=cheyenne.pk), description="Only text.")
    assert noted == set()
    changes.updated(Character.objects.filter(pk=cheyenne.pk), name="Renamed in bulk")
    assert noted == {listing(cheyenne)}


def test_the_keys_are_purged_from_the_front_caches_after_the_commit(
    cheyenne, page_cache, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Varnish files pages under these keys too (their xkey header): its purge names them."""
    from pagecache import purge

    settings.FRONTEND_CACHE_URLS = ["http://127.0.0.1:9/"]
    settings.FRONTEND_REPURGE_SECONDS = 0
    purged = []
    monkeypatch.setattr(purge, "purge_keys", lambda keys, urls: purged.append(set(keys)))
    with django_capture_on_commit_callbacks(execute=True):
        cheyenne.name = "Cheyenne Renamed"
        cheyenne.save()
        assert purged == []
    assert len(purged) == 1
    assert {listing(cheyenne), f"shows.character:{cheyenne.pk}"} <= purged[0]
