"""The deletions list filters by the kinds of entry editors know, join rows with their entries."""

import pytest
from django.contrib.contenttypes.models import ContentType

from history.models import Deletion
from history.recording import recorded
from people.models import Person
from shows.models import Casting, Character
from tests.history.helpers import admin_url

pytestmark = pytest.mark.django_db

KINDS = [
    "Characters",
    "Episodes",
    "Images",
    "News events",
    "Organisations",
    "People",
    "Seasons",
    "Shows",
    "Sources",
    "Venues",  # the test-only kind (tests/settings.py): a new kind is listed with no change here
]
KINDS_FR = [
    "Actualités",
    "Épisodes",
    "Images",
    "Organisations",
    "Personnages",
    "Personnes",
    "Saisons",
    "Séries",
    "Sources",
    "Venues",
]


def kind_choices(response):
    spec = next(
        s for s in response.context["cl"].filter_specs if getattr(s, "parameter_name", "") == "kind"
    )
    return [str(choice["display"]) for choice in spec.choices(response.context["cl"])][1:]


@pytest.mark.parametrize(("prefix", "kinds"), [("", KINDS), ("/fr", KINDS_FR)])
def test_the_filter_lists_only_kinds_of_entry_with_readable_plurals(admin_client, prefix, kinds):
    """Not the site's ~30 content types (sessions, join tables): the entries editors know."""
    assert ContentType.objects.count() > 2 * len(kinds)
    response = admin_client.get(prefix + admin_url(Deletion, "changelist"))
    assert kind_choices(response) == kinds, "in alphabetical order, accents aside"
    assert "content_type__id__exact" not in response.content.decode()


def test_a_join_row_is_listed_under_the_entry_it_describes(admin_client, etoile):
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    other = Person.objects.exclude(castings__character=cheyenne).exclude(castings=None).first()
    other_name = str(other)
    casting = str(Casting.objects.get(character=cheyenne))
    admin_client.post(admin_url(Character, "delete", cheyenne.pk), {"post": "yes"})
    with recorded(summary="Removed"):
        other.delete()
    url = admin_url(Deletion, "changelist")

    characters = admin_client.get(url, {"kind": "shows.character"}).context["cl"].result_list
    people = admin_client.get(url, {"kind": "people.person"}).context["cl"].result_list

    assert {(d.content_type.model, d.object_repr) for d in characters} >= {
        ("character", "Cheyenne Toussaint"),
        ("casting", casting),
    }
    assert "person" not in {d.content_type.model for d in characters}
    assert ("person", other_name) in {(d.content_type.model, d.object_repr) for d in people}
    assert "character" not in {d.content_type.model for d in people}


def test_an_entrys_recover_link_opens_the_list_filtered_to_its_kind(admin_client, etoile):
    response = admin_client.get(admin_url(Character, "recoverlist"))
    assert response.url.endswith("?kind=shows.character&recovered__exact=0")
