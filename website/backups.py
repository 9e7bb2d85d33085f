"""
Backing up the whole wiki and restoring it, with each database's own tools.

Why not `dumpdata` then `loaddata`: the dump names rows by natural key, and the
kinds of entry link to each other in a cycle (pictures cite sources, shows
and characters list their pictures), so no order of models loads every row
before another names it; a load into an empty database stops at the first
such name. A database's own copy keeps every row, id and index as it is.

- SQLite: the online backup API (`sqlite3.Connection.backup`), consistent
  while the site serves; restoring copies the backup's pages over the live
  database in one step.
- PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore
  --single-transaction --clean --if-exists`: all of it or, on any error,
  nothing.

A file is checked before anything is touched: a backup of the other kind of
database, or no backup at all, is refused with a message and the data stays
as it was. After a restore, migrations run (the backup may be from an older
release) and every cached page is expired.
"""

import io
import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.db import connections
from django.utils import timezone

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
# How each kind of file begins (the SQLite file format; pg_dump's custom format).
MAGIC = {SQLITE: b"SQLite format 3\x00", POSTGRESQL: b"PGDMP"}
DESCRIPTION = {SQLITE: "an SQLite backup", POSTGRESQL: "a PostgreSQL dump (pg_dump custom format)"}
SUFFIX = {SQLITE: ".sqlite3", POSTGRESQL: ".pgdump"}


class BackupError(Exception):
    """A backup or restore that could not be made; the message says why."""


def vendor(database="default") -> str:
    return connections[database].vendor


def default_path(directory: Path, database="default") -> Path:
    """backups/wiki-2026-12-05T0930Z.sqlite3: sorts by time, says what it is."""
    stamp = timezone.now().strftime("%Y-%m-%dT%H%M%SZ")
    return directory / f"wiki-{stamp}{SUFFIX.get(vendor(database), '')}"


def kind_of(path: Path) -> str | None:
    """Which kind of backup the file is, by how it begins; None if neither."""
    with path.open("rb") as file:
        start = file.read(16)
    return next((kind for kind, magic in MAGIC.items() if start.startswith(magic)), None)


def backup(path: Path, database="default") -> str:
    """Write a backup of the database to `path`; returns its kind. Never a half-written file."""
    kind = _supported(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside it, then renamed: a failed backup leaves no file by that name.
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    partial = Path(partial)
    try:
        if kind == SQLITE:
            _backup_sqlite(database, partial)
        else:
            _pg("pg_dump", database, "--format=custom", "--no-owner", f"--file={partial}")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return kind


def check(path: Path, database="default") -> str:
    """Refuse, before touching anything, a file this database cannot be restored from."""
    kind = _supported(database)
    if not path.is_file():
        raise BackupError(f"No file {path}.")
    found = kind_of(path)
    if found is None:
        raise BackupError(
            f"{path} is not a backup: it is neither {DESCRIPTION[SQLITE]} nor "
            f"{DESCRIPTION[POSTGRESQL]}. Nothing was changed."
        )
    if found != kind:
        raise BackupError(
            f"{path} is {DESCRIPTION[found]}, but this wiki runs on {_name(kind)}: restore it "
            f"into a wiki on {_name(found)}. Nothing was changed."
        )
    if kind == SQLITE:
        _check_sqlite(path)
    else:
        _pg("pg_restore", None, "--list", str(path), what=f"{path} is damaged, nothing was changed")
    return kind


def restore(path: Path, database="default") -> str:
    """Replace the database's contents with the backup's, then migrate and expire cached pages."""
    kind = check(path, database)
    if kind == SQLITE:
        _restore_sqlite(path, database)
    else:
        # No connection of this process may hold a table the restore drops.
        connections[database].close()
        _pg(
            "pg_restore",
            database,
            "--single-transaction",
            "--clean",
            "--if-exists",
            "--no-owner",
            str(path),
            what="The restore failed and was rolled back; nothing was changed",
        )
    call_command("migrate", database=database, interactive=False, verbosity=0)
    call_command("expire_pages", database=database, stdout=io.StringIO())
    return kind


def _supported(database) -> str:
    kind = vendor(database)
    if kind not in MAGIC:
        raise BackupError(f"Backups cover SQLite and PostgreSQL, not {kind}.")
    return kind


def _name(kind) -> str:
    return {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}[kind]


def _raw(database) -> sqlite3.Connection:
    connection = connections[database]
    connection.ensure_connection()
    return connection.connection


def _backup_sqlite(database, path: Path) -> None:
    target = sqlite3.connect(path)
    try:
        _raw(database).backup(target)
        # The copy carries the live database's WAL mode; a backup is one file.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()


def _check_sqlite(path: Path) -> None:
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        ok = source.execute("PRAGMA quick_check").fetchone() == ("ok",)
        tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is damaged ({error}). Nothing was changed.") from None
    finally:
        source.close()
    if not ok:
        raise BackupError(f"{path} is damaged (integrity check failed). Nothing was changed.")
    if "django_migrations" not in tables:
        raise BackupError(f"{path} is an SQLite file but not a wiki's. Nothing was changed.")


def _restore_sqlite(path: Path, database) -> None:
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        # One step (all pages at once): other connections see the old database
        # or the restored one, never a mix.
        source.backup(_raw(database))
    finally:
        source.close()
    # Connections opened before the restore still cache the old schema.
    connections[database].close()


def _pg(program, database, *args, what=None) -> None:
    env = dict(os.environ)
    command = [program, *args]
    if database is not None:
        settings = connections[database].settings_dict
        if settings.get("PASSWORD"):
            env["PGPASSWORD"] = settings["PASSWORD"]
        for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if settings.get(key):
                command.append(f"{option}={settings[key]}")
        command.append(f"--dbname={settings['NAME']}")
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{program} is not installed (PostgreSQL's client tools).") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1:] or ["no message"]
        raise BackupError(f"{what or program + ' failed'}: {detail[0]}")
