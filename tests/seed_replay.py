"""
The seed, loaded for real once per test process, replayed after that.

`loaddata etoile` runs the whole change pipeline (history, wiki text checks,
links, renderings): about 1.4 s on SQLite and 3 s on PostgreSQL, and some 950
tests ask for the seed. Most of that time goes to reading (natural keys,
comparisons with the previous version); the writes are some 390 statements. So
the first load in a process records the statements that write, with their
parameters, and later loads replay them in order, in the test's own
transaction: the same rows, ids included, in a small part of the time.

A replay is sound only from the state the recording started from. Before one,
the tables the load writes are compared with the state they were in when it was
recorded (rows and highest id), and the id counters those tables use are put
back where they stood (sequences on PostgreSQL, sqlite_sequence on SQLite;
their rows being the same, the ids above are free). Where a table differs (a
test made rows of its own before asking for the seed), or outside a test
transaction (a live server's committed data, whose commit hooks must run), the
seed is loaded for real. A replay leaves nothing in memory (no commit hooks
queued, no signals sent): a test that needs those calls `loaddata` itself.
tests/test_seed_replay.py compares a replay with a real load, table by table.
"""

import re
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection

SEED = "etoile"
# SQLite's many-to-many rows go in with INSERT OR IGNORE.
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE
)


@dataclass(frozen=True)
class Recording:
    statements: tuple  # (sql, params, many), in the order they ran
    tables: dict  # table written -> (rows, highest id) before the load
    counters: dict  # id counter -> its state before the load, for those the load moved


class Replayable:
    """
    A way of filling the database, run for real the first time in a process
    and replayed after from its writes. The seed is one; a test module may make
    its own (tests/shows/test_query_counts.py grows the seeded wiki so).
    """

    def __init__(self, name, fill, *, from_empty=False):
        self.name = name
        self.fill = fill
        # Kept only when recorded from empty tables, the state most tests ask
        # from, rather than from whatever a first test happened to make.
        self.from_empty = from_empty
        self.recordings = {}  # database vendor -> Recording

    def __call__(self) -> bool:
        """Fill the database; True when it was replayed rather than filled for real."""
        if not connection.in_atomic_block:
            self.fill()
            return False
        recording = self.recordings.get(connection.vendor)
        if recording is None:
            recording = record(self.fill)
            if not self.from_empty or all(rows == 0 for rows, _ in recording.tables.values()):
                self.recordings[connection.vendor] = recording
            return False
        if not replay(recording):
            self.fill()
            return False
        return True


def record(fill) -> Recording:
    """Fill the database for real, noting the state before and every write."""
    before = table_states(connection.introspection.table_names())
    counters_before = counter_states()
    statements = []

    def note(execute, sql, params, many, context):
        if _WRITE.match(sql):
            statements.append((sql, params, many))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        fill()
    written = {_WRITE.match(sql)[1] for sql, _params, _many in statements}
    counters_after = counter_states()
    moved = {
        name: state for name, state in counters_before.items() if counters_after.get(name) != state
    }
    # A counter the load created (SQLite's first id in a table) is put back by removing it.
    moved.update(dict.fromkeys(counters_after.keys() - counters_before.keys()))
    return Recording(
        statements=tuple(statements),
        tables={table: before[table] for table in written},
        counters=moved,
    )


load_seed = Replayable(
    "the seed", lambda: call_command("loaddata", SEED, verbosity=0), from_empty=True
)


def replay(recording: Recording) -> bool:
    if table_states(recording.tables) != recording.tables:
        return False
    restore_counters(recording.counters)
    with connection.cursor() as cursor:
        for sql, params, many in recording.statements:
            if many:
                cursor.executemany(sql, params)
            else:
                cursor.execute(sql, params)
    return True


def table_states(tables) -> dict:
    """Each table's number of rows and highest id, in one query."""
    tables = sorted(tables)
    if not tables:
        return {}
    quote = connection.ops.quote_name
    parts = []
    with connection.cursor() as cursor:
        for table in tables:
            key = _id_column(cursor, table)
            # As text: ids of every type (and session keys) in one column.
            highest = f"CAST(MAX({quote(key)}) AS TEXT)" if key else "NULL"
            parts.append(f"SELECT COUNT(*), {highest} FROM {quote(table)}")
        cursor.execute(" UNION ALL ".join(parts))
        rows = cursor.fetchall()
    return {table: tuple(row) for table, row in zip(tables, rows, strict=True)}


def _id_column(cursor, table):
    if connection.vendor == "sqlite":
        return "rowid"
    return connection.introspection.get_primary_key_column(cursor, table)


def counter_states() -> dict:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename),"
                " start_value, last_value FROM pg_sequences"
            )
            return {name: (start, last) for name, start, last in cursor.fetchall()}
        cursor.execute("SELECT name, seq FROM sqlite_sequence")
        return dict(cursor.fetchall())


def restore_counters(counters: dict) -> None:
    with connection.cursor() as cursor:
        for name, state in counters.items():
            if connection.vendor == "postgresql":
                start, last = state
                # last_value is NULL until the sequence first gives a number.
                called = last is not None
                value = last if called else start
                cursor.execute("SELECT setval(%s, %s, %s)", [name, value, called])
            elif state is None:
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [name])
            else:
                cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [state, name])
                if not cursor.rowcount:
                    cursor.execute(
                        "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [name, state]
                    )
