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


def test_a_staff_login_does_not_change_it(etoile, client, django_user_model):
    """A login writes `last_login` and a session: nothing any page shows."""
    django_user_model.objects.create_user("staffer", password="pw-0123456789", is_staff=True)
    assert not changes(lambda: client.login(username="staffer", password="pw-0123456789"))
    assert not changes(client.logout)


def test_renaming_a_user_changes_it(etoile, django_user_model):
    """History pages name each revision's author."""
    user = django_user_model.objects.create_user("staffer")
    user.username = "renamed"
    assert changes(user.save)
    assert changes(lambda: django_user_model.objects.filter(pk=user.pk).update(username="again"))


def test_storing_a_rendering_does_not(etoile):
    def render():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM wikitext_rendering")

    assert not changes(render)


def test_the_admin_log_does_not(etoile, django_user_model):
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.contrib.contenttypes.models import ContentType

    user = django_user_model.objects.create_user("staffer")
    show = Show.objects.get(slug="etoile")
    assert not changes(
        lambda: LogEntry.objects.log_actions(user.pk, [show], ADDITION, single_object=True)
    )
    assert ContentType.objects.get_for_model(Show)


CONTENT_APPS = ("shows", "people", "images", "history", "wikitext", "search", "reversion", "kinds")


def test_every_table_of_wiki_content_is_tracked():
    """A new model in a content app is tracked unless declared derived: pages never go stale."""
    from django.apps import apps

    from wiki import registry

    derived = registry.derived_tables()
    for app in CONTENT_APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in derived:
                assert table not in generation.TRACKED
            else:
                assert generation.TRACKED.get(table, "missing") is None, table
    assert generation.TRACKED["auth_user"] == {"username"}


@pytest.mark.parametrize(
    "table",
    ["django_session", "django_admin_log", "django_migrations", "auth_group", generation.TABLE],
)
def test_tables_no_page_shows_are_not_tracked(table):
    assert table not in generation.TRACKED


@pytest.mark.parametrize(
    ("sql", "shown"),
    [
        ('UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"."id" = %s', False),
        ('UPDATE "auth_user" SET "password" = %s, "username" = %s WHERE "id" = %s', True),
        ("UPDATE auth_user SET USERNAME = 'x'", True),
        ('INSERT INTO "auth_user" ("password", "username") VALUES (%s, %s)', True),
        ('DELETE FROM "django_session" WHERE "session_key" = %s', False),
        ('UPDATE "shows_character" SET "name" = %s', True),
        ('INSERT INTO "shows_character_sources" ("character_id", "source_id") VALUES (1, 2)', True),
    ],
)
def test_a_write_changes_pages_when_it_writes_what_they_show(sql, shown):
    assert generation.changes_pages(sql) is shown
