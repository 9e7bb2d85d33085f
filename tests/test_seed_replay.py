"""The seed as tests get it (tests/seed_replay.py) is the seed `loaddata` makes."""

import datetime

from django.core.management import call_command
from django.db import connection, transaction

from tests import seed_replay


def every_row() -> dict:
    """Every table's rows, times left out (a replay keeps the recording's)."""
    quote = connection.ops.quote_name
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")
            tables[table] = sorted(
                (tuple(_timeless(value) for value in row) for row in cursor.fetchall()), key=repr
            )
    return tables


def _timeless(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return "<time>"
    return value


def _in_a_savepoint(action):
    sid = transaction.savepoint_create()
    try:
        return action()
    finally:
        transaction.savepoint_rollback(sid)


def test_a_replayed_seed_is_the_seed_loaded_for_real(db):
    # The first load in a process is the recording: make sure there is one.
    _in_a_savepoint(seed_replay.load_seed)
    recording = seed_replay.load_seed.recordings[connection.vendor]

    def load_for_real():
        # From the counters the recording started at, so that the ids can match.
        seed_replay.restore_counters(recording.counters)
        call_command("loaddata", "etoile", verbosity=0)
        return every_row()

    def replay():
        assert seed_replay.load_seed() is True
        return every_row()

    loaded = _in_a_savepoint(load_for_real)
    replayed = _in_a_savepoint(replay)

    assert loaded["shows_show"], "the seed was not loaded"
    differing = [table for table in loaded if loaded[table] != replayed[table]]
    assert differing == []


def test_a_table_not_as_recorded_gets_the_seed_loaded_for_real(db):
    from shows.models import Show
    from tests.factories import SourceFactory

    _in_a_savepoint(seed_replay.load_seed)
    own = SourceFactory(title="A source of the test's own")

    assert seed_replay.load_seed() is False
    assert Show.objects.filter(slug="etoile").exists()
    assert own.pk in {source.pk for source in own._meta.model.objects.all()}
