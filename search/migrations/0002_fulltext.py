"""
The full-text machinery around search_searchentry, for the database in use.

SQLite: two FTS5 tables over the entries (external content: they hold the
index, the entries table holds the text) and the triggers that keep them in
step on every insert, update and delete (https://sqlite.org/fts5.html,
"External Content Tables").

PostgreSQL: the unaccent and pg_trgm extensions, a text search configuration
(`simple` with `unaccent` first), a generated `tsvector` column with its GIN
index, and a trigram GIN index on the folded title.

Written out here rather than imported, so that this migration does tomorrow
what it did the day it was written. search/backends/ reads what it makes.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

SQLITE = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title, names, body,
        content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2',
        prefix='2 3'
    )
    """,
    """
    CREATE VIRTUAL TABLE search_trigram USING fts5(
        title_key,
        content='search_searchentry', content_rowid='id',
        tokenize='trigram'
    )
    """,
    """
    CREATE TRIGGER search_searchentry_inserted AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts (rowid, title, names, body)
            VALUES (new.id, new.title, new.names, new.body);
        INSERT INTO search_trigram (rowid, title_key) VALUES (new.id, new.title_key);
    END
    """,
    """
    CREATE TRIGGER search_searchentry_deleted AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, names, body)
            VALUES ('delete', old.id, old.title, old.names, old.body);
        INSERT INTO search_trigram (search_trigram, rowid, title_key)
            VALUES ('delete', old.id, old.title_key);
    END
    """,
    """
    CREATE TRIGGER search_searchentry_updated
    AFTER UPDATE OF title, names, body, title_key ON search_searchentry BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, names, body)
            VALUES ('delete', old.id, old.title, old.names, old.body);
        INSERT INTO search_trigram (search_trigram, rowid, title_key)
            VALUES ('delete', old.id, old.title_key);
        INSERT INTO search_fts (rowid, title, names, body)
            VALUES (new.id, new.title, new.names, new.body);
        INSERT INTO search_trigram (rowid, title_key) VALUES (new.id, new.title_key);
    END
    """,
    # Rows already there (none on a fresh database).
    "INSERT INTO search_fts (search_fts) VALUES ('rebuild')",
    "INSERT INTO search_trigram (search_trigram) VALUES ('rebuild')",
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_searchentry_inserted",
    "DROP TRIGGER IF EXISTS search_searchentry_deleted",
    "DROP TRIGGER IF EXISTS search_searchentry_updated",
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_trigram",
]


def _vector_of(column):
    # Punctuation parts words, as SQLite's unicode61 tokenizer parts them.
    return f"to_tsvector('etoile_search', regexp_replace({column}, '[[:punct:]]+', ' ', 'g'))"


POSTGRESQL = [
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'etoile_search') THEN
            CREATE TEXT SEARCH CONFIGURATION etoile_search (COPY = pg_catalog.simple);
            ALTER TEXT SEARCH CONFIGURATION etoile_search
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
        END IF;
    END $$
    """,
    f"""
    ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight({_vector_of("title")}, 'A')
        || setweight({_vector_of("names")}, 'B')
        || setweight({_vector_of("body")}, 'C')
    ) STORED
    """,
    "CREATE INDEX search_searchentry_vector ON search_searchentry USING gin (search_vector)",
    """
    CREATE INDEX search_searchentry_title_trgm
    ON search_searchentry USING gin (title_key gin_trgm_ops)
    """,
]

POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_searchentry_title_trgm",
    "DROP INDEX IF EXISTS search_searchentry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS etoile_search",
]


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        # Both do nothing unless the database is PostgreSQL.
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
