"""The content generation changes with every write to the content, and only then."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction

from pagecache import generation
from shows.models import Character, Show
from tests.factories import CharacterFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "shows_show" ("title") VALUES (%s)', "shows_show"),
        ("INSERT OR IGNORE INTO shows_show VALUES (1)", "shows_show"),
        ('UPDATE "shows_character" SET "name" = %s', "shows_character"),
        ('  delete from "people_person" WHERE id = 1', "people_person"),
        ('TRUNCATE "shows_show", "shows_season" CASCADE', "shows_show"),
        ("REPLACE INTO shows_source VALUES (1)", "shows_source"),
        ('SELECT "shows_show"."id" FROM "shows_show"', None),
        ("SAVEPOINT s1", None),
        ("BEGIN IMMEDIATE", None),
        ('WITH x AS (SELECT 1) SELECT * FROM "x"', None),
    ],
)
def test_the_table_a_statement_writes_is_read_from_its_sql(sql, table):
    assert generation.written_table(sql) == table


def changes(action):
    before = generation.current()
    action()
    after = generation.current()
    assert before is not None
    return after != before


def test_saving_an_entry_changes_it(etoile):
    show = Show.objects.get(slug="etoile")
    assert changes(show.save)


def test_a_bulk_write_and_a_delete_change_it(etoile):
    show = Show.objects.get(slug="etoile")
    assert changes(
        lambda: Character.objects.bulk_create([Character(show=show, name="A", slug="a")])
    )
    assert changes(lambda: Character.objects.filter(slug="a").delete())


def test_raw_sql_through_django_changes_it(etoile):
    def raw():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE shows_show SET genre = genre")

    assert changes(raw)


def test_reading_and_writing_sessions_do_not(etoile):
    assert not changes(lambda: list(Show.objects.all()))

    def session():
        store = SessionStore()
        store["x"] = 1
        store.save()

    assert not changes(session)


def test_a_write_that_is_rolled_back_leaves_it_as_it_was(etoile):
    def write_then_fail():
        with transaction.atomic():
            CharacterFactory()
            raise RuntimeError("undo")

    def rolled_back():
        with pytest.raises(RuntimeError):
            write_then_fail()

    assert not changes(rolled_back)


def test_each_value_is_new_not_a_count(etoile):
    """Random, so that a restored backup's number names that backup's content only."""
    seen = set()
    show = Show.objects.get(slug="etoile")
    for _ in range(5):
        show.save()
        seen.add(generation.current())
    assert len(seen) == 5
    assert all(0 <= value < 2**62 for value in seen)
