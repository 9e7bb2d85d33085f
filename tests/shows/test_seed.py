"""
Setting up again never writes the seed over editors' work; resetting to it is deliberate.

`make db` (and so `make run`) runs `load_seed`, which loads the seed into an
empty wiki only. `reset_to_seed` puts the seed back on purpose, as one revision
that history keeps with the edits it undid. tests/live/test_setup_again.py
runs the Makefile's own recipe against a database other processes share.
"""

import io
import json
from http import HTTPStatus

import pytest
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.json import DjangoJSONEncoder
from reversion.models import Revision

from history.models import Deletion
from history.recording import versions_of
from history.services import entry_update
from shows.models import Character, Episode, Organisation, Show
from shows.seed import seed_path
from tests.admin.changeform import changeform_data
from wiki import registry

pytestmark = pytest.mark.django_db

EDITED_TITLE = "The Title an Editor Found"
EDITED_DESCRIPTION = "Rewritten by an editor, with a source."


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def first_episode():
    return Episode.objects.get(season__show__slug="etoile", season__number=1, number=1)


def cheyenne():
    return Character.objects.get(slug="cheyenne-toussaint")


@pytest.fixture
def edited(etoile, admin_client):
    """An episode title changed in the admin and a character description through the pipeline."""
    episode = first_episode()
    url = f"/admin/shows/episode/{episode.pk}/change/"
    form = changeform_data(admin_client.get(url))
    form["title"] = EDITED_TITLE
    assert admin_client.post(url, form).status_code == HTTPStatus.FOUND
    entry_update(
        instance=cheyenne(), changes={"description": EDITED_DESCRIPTION}, summary="Sharper"
    )
    assert first_episode().title == EDITED_TITLE


def stored_like_the_seed():
    """The wiki's entries and the seed's, each as its fields, in one comparable form."""
    seed = json.loads(seed_path().read_text())
    given = {item["model"]: set(item["fields"]) for item in seed}
    stored = []
    for model in registry.models_of(registry.entries()):
        stored += serializers.serialize(
            "python",
            model._base_manager.all(),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )

    def is_many(value):
        return isinstance(value, list) and all(isinstance(each, list | tuple) for each in value)

    def comparable(items):
        rows = []
        for item in items:
            fields = {
                # Many-to-many lists in any order; a natural key (a list too) as it is.
                name: sorted(value, key=json.dumps) if is_many(value) else value
                for name, value in item["fields"].items()
                # Left out, empty and null all say "nothing" (the seed leaves them out).
                if name in given.get(item["model"], ()) and value not in (None, "", [], (), {})
            }
            row = {"model": item["model"], "fields": fields}
            rows.append(json.dumps(row, sort_keys=True, cls=DjangoJSONEncoder))
        return sorted(rows)

    return comparable(stored), comparable(seed)


def test_load_seed_fills_an_empty_wiki_and_says_so():
    output = run("load_seed")

    assert "Loaded the seed (fixture etoile) into the empty wiki." in output
    stored, seed = stored_like_the_seed()
    assert stored == seed


def test_setting_up_again_keeps_the_editors_episode_title_and_character_description(edited):
    revisions = Revision.objects.count()

    output = run("load_seed")

    assert "Seed not loaded: the wiki already holds 86 entries" in output
    assert "reset_to_seed" in output
    assert first_episode().title == EDITED_TITLE
    assert cheyenne().description == EDITED_DESCRIPTION
    assert Revision.objects.count() == revisions


def test_a_wiki_whose_entries_were_all_deleted_is_not_refilled(db):
    """Its history is editors' work too: the seed would come back over the tombstones."""
    network = Organisation.objects.create(name="Short-lived", slug="short-lived", kind="company")
    network.delete()

    output = run("load_seed")

    assert "Seed not loaded: the wiki already holds 0 entries" in output
    assert "1 deletions" in output
    assert not Show.objects.exists()


def test_reset_to_seed_makes_the_wiki_the_seed_as_one_revision_history_keeps(edited):
    network = Organisation.objects.create(name="New Net", slug="new-net", kind="company")
    other = Show.objects.create(title="Another Show", slug="another-show", network=network)
    Show.objects.filter(slug="etoile").update(network=network)  # the seed show linked to it
    revisions = Revision.objects.count()

    output = run("reset_to_seed", "--yes")

    assert "The wiki is the seed again" in output
    assert "2 other entries deleted" in output
    stored, seed = stored_like_the_seed()
    assert stored == seed
    assert Revision.objects.count() == revisions + 1
    reset = Revision.objects.latest("pk")
    assert reset.comment == "Reset to the seed (fixture etoile)"
    assert reset.edit.detail == "reset_to_seed"
    # What went left a tombstone in the reset's revision, to be recovered from.
    gone = set(Deletion.objects.values_list("object_repr", flat=True))
    assert gone == {"New Net", "Another Show"}
    tombstones = reset.version_set.filter(content_type__model="deletion")
    assert tombstones.count() == 2
    assert not Show.objects.filter(pk=other.pk).exists()
    # The edits stay in history, one version back.
    descriptions = [v.field_dict["description"] for v in versions_of(Character, cheyenne().pk)]
    assert descriptions[0] == cheyenne().description != EDITED_DESCRIPTION
    assert EDITED_DESCRIPTION in descriptions
    titles = [v.field_dict["title"] for v in versions_of(Episode, first_episode().pk)]
    assert titles[:2] == ["", EDITED_TITLE]


def test_reset_asks_for_the_word_and_changes_nothing_without_it(edited, monkeypatch):
    revisions = Revision.objects.count()
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")

    with pytest.raises(CommandError, match='Nothing changed: the answer was not "reset"'):
        run("reset_to_seed")

    assert first_episode().title == EDITED_TITLE
    assert Revision.objects.count() == revisions

    monkeypatch.setattr("builtins.input", lambda prompt: "reset")
    output = run("reset_to_seed")
    assert "deletes the 0 entries that are not in it" in output
    assert first_episode().title == ""


def test_resetting_an_unchanged_seed_records_nothing(etoile):
    revisions = Revision.objects.count()

    run("reset_to_seed", "--yes")

    assert Revision.objects.count() == revisions


def test_reset_recovers_deleted_seed_entries_under_their_own_id_and_history(etoile):
    """A tombstone of a seed entry is not left beside a new row that takes its name."""
    jack = Character.objects.get(slug="jack-mcmillan")
    pk, castings = jack.pk, set(jack.castings.values_list("pk", flat=True))
    jack.delete()  # outside any edit: the casting and membership go in revisions of their own
    assert Deletion.objects.filter(recovered=False).count() == 3

    output = run("reset_to_seed", "--yes")

    assert "3 deleted seed entries recovered" in output
    back = Character.objects.get(slug="jack-mcmillan")
    assert back.pk == pk
    assert set(back.castings.values_list("pk", flat=True)) == castings
    assert not Deletion.objects.filter(recovered=False).exists()
    assert versions_of(Character, pk).count() == 2  # the seed's, then the recovery's
    stored, seed = stored_like_the_seed()
    assert stored == seed
