"""
French texts in the search index (issue 17): a column for the words of the
French texts editors wrote, and the full-text machinery of migration 0002 made
again to read it.

SQLite: Django remakes the table to add the column, which drops the triggers,
so both FTS5 tables and their triggers are made again (now over title, names,
body and body_fr) and rebuilt from the rows. PostgreSQL: the generated
`search_vector` is made again with body_fr at weight D, which English searches
leave out (`:ABC`).

Written out here rather than imported, as 0002 is; the reverse puts 0002's back.
"""

import importlib

from django.db import migrations, models

SQLITE = [
    "DROP TRIGGER IF EXISTS search_searchentry_inserted",
    "DROP TRIGGER IF EXISTS search_searchentry_deleted",
    "DROP TRIGGER IF EXISTS search_searchentry_updated",
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_trigram",
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title, names, body, body_fr,
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
        INSERT INTO search_fts (rowid, title, names, body, body_fr)
            VALUES (new.id, new.title, new.names, new.body, new.body_fr);
        INSERT INTO search_trigram (rowid, title_key) VALUES (new.id, new.title_key);
    END
    """,
    """
    CREATE TRIGGER search_searchentry_deleted AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, names, body, body_fr)
            VALUES ('delete', old.id, old.title, old.names, old.body, old.body_fr);
        INSERT INTO search_trigram (search_trigram, rowid, title_key)
            VALUES ('delete', old.id, old.title_key);
    END
    """,
    """
    CREATE TRIGGER search_searchentry_updated
    AFTER UPDATE OF title, names, body, body_fr, title_key ON search_searchentry BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, names, body, body_fr)
            VALUES ('delete', old.id, old.title, old.names, old.body, old.body_fr);
        INSERT INTO search_trigram (search_trigram, rowid, title_key)
            VALUES ('delete', old.id, old.title_key);
        INSERT INTO search_fts (rowid, title, names, body, body_fr)
            VALUES (new.id, new.title, new.names, new.body, new.body_fr);
        INSERT INTO search_trigram (rowid, title_key) VALUES (new.id, new.title_key);
    END
    """,
    "INSERT INTO search_fts (search_fts) VALUES ('rebuild')",
    "INSERT INTO search_trigram (search_trigram) VALUES ('rebuild')",
]


def _vector_of(column):
    # As 0002: punctuation parts words, as SQLite's unicode61 tokenizer parts them.
    return f"to_tsvector('etoile_search', regexp_replace({column}, '[[:punct:]]+', ' ', 'g'))"


POSTGRESQL = [
    "DROP INDEX IF EXISTS search_searchentry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
    f"""
    ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight({_vector_of("title")}, 'A')
        || setweight({_vector_of("names")}, 'B')
        || setweight({_vector_of("body")}, 'C')
        || setweight({_vector_of("body_fr")}, 'D')
    ) STORED
    """,
    "CREATE INDEX search_searchentry_vector ON search_searchentry USING gin (search_vector)",
]


def _fulltext_0002():
    return importlib.import_module("search.migrations.0002_fulltext")


def _make(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []):
        schema_editor.execute(statement)


def _unmake(apps, schema_editor):
    # Nothing may read body_fr when it goes: SQLite drops the column in place,
    # which triggers naming it refuse; PostgreSQL's vector is made as 0002 made it.
    if schema_editor.connection.vendor == "sqlite":
        for statement in _fulltext_0002().SQLITE_REVERSE:
            schema_editor.execute(statement)
    if schema_editor.connection.vendor == "postgresql":
        old = _fulltext_0002().POSTGRESQL
        schema_editor.execute(POSTGRESQL[0])
        schema_editor.execute(POSTGRESQL[1])
        schema_editor.execute(old[1])
        schema_editor.execute(old[2])


def _remake_0002_on_sqlite(apps, schema_editor):
    # Run last when going back, once body_fr is gone: 0002's tables and triggers.
    if schema_editor.connection.vendor == "sqlite":
        fulltext = _fulltext_0002()
        for statement in [*fulltext.SQLITE_REVERSE, *fulltext.SQLITE]:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_interface_labels_translatable"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, _remake_0002_on_sqlite),
        migrations.AddField(
            model_name="searchentry",
            name="body_fr",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(_make, _unmake),
    ]
