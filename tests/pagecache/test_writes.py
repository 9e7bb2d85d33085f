"""
Each write stamps the keys of what it changed (pagecache/writes.py and the
change pipeline), and only what pages show: an entry edited in place stamps its
own key, a row added, removed or moved stamps its table, a session or a login
stamps nothing.
"""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction

from pagecache import writes
from pagecache.models import ContentGeneration, Stamp
from shows.models import Character, Show
from tests.factories import CharacterFactory

pytestmark = pytest.mark.django_db

STAMPS_TABLE = Stamp._meta.db_table


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
    assert writes.written_table(sql) == table


@pytest.fixture(autouse=True)
def _cache_on(page_cache):
    """Stamps are written only while the page cache is on."""


def stamped(action) -> set[str]:
    """The keys `action` stamped."""
    before = dict(Stamp.objects.values_list("name", "value"))
    action()
    after = dict(Stamp.objects.values_list("name", "value"))
    return {name for name, value in after.items() if before.get(name) != value}


def changes(action) -> bool:
    return bool(stamped(action))


def test_saving_an_entry_in_place_stamps_the_entry_not_its_table(etoile):
    show = Show.objects.get(slug="etoile")
    show.description += " More."
    keys = stamped(show.save)
    assert f"shows.show:{show.pk}" in keys
    assert "table:shows_show" not in keys


def test_moving_a_row_to_another_parent_stamps_its_table(etoile):
    """The new parent's pages list it, and had no key of it."""
    character = Character.objects.get(slug="cheyenne-toussaint")
    other = Show.objects.create(title="Another", slug="another")
    character.show = other
    keys = stamped(character.save)
    assert {f"shows.character:{character.pk}", "table:shows_character"} <= keys


def test_a_row_saved_without_being_loaded_stamps_its_table(etoile):
    """A fixture's row, or `Model(pk=...)`: nothing says where it stood."""
    stored = Character.objects.get(slug="cheyenne-toussaint")
    fields = {f.attname: getattr(stored, f.attname) for f in Character._meta.concrete_fields}
    assert "table:shows_character" in stamped(Character(**fields).save)


def test_adding_and_removing_a_row_stamp_its_table(etoile):
    show = Show.objects.get(slug="etoile")
    assert "table:shows_character" in stamped(lambda: CharacterFactory(show=show))
    character = Character.objects.get(slug="cheyenne-toussaint")
    assert {f"shows.character:{character.pk}", "table:shows_character"} <= stamped(character.delete)


def test_a_bulk_write_and_a_delete_change_it(etoile):
    show = Show.objects.get(slug="etoile")
    assert "table:shows_character" in stamped(
        lambda: Character.objects.bulk_create([Character(show=show, name="A", slug="a")])
    )
    assert "table:shows_character" in stamped(lambda: Character.objects.filter(slug="a").delete())
    assert "table:shows_character" in stamped(
        lambda: Character.objects.filter(slug="cheyenne-toussaint").update(name="B")
    )


def test_raw_sql_through_django_changes_it(etoile):
    def raw():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE shows_show SET genre = genre")

    assert stamped(raw) == {"table:shows_show"}


def test_a_new_link_stamps_its_target_not_every_page_that_reads_links(etoile):
    """Its target's "what links here" changed; the link table's own key is never stamped."""
    from people.models import Person

    show = Show.objects.get(slug="etoile")
    person = Person.objects.get(slug="lou-de-laage")
    show.description += " With [[Lou de Laâge]]."
    keys = stamped(show.save)
    assert f"people.person:{person.pk}" in keys
    assert not {key for key in keys if key.startswith("table:wikitext_")}


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


def test_each_write_stamps_a_higher_number_than_any_before(etoile):
    """A page made before a write is filed under a lower number, so the stamp outdates it."""
    show = Show.objects.get(slug="etoile")
    seen = []
    for _ in range(3):
        show.save()
        seen.append(Stamp.objects.get(name=f"shows.show:{show.pk}").value)
        assert ContentGeneration.objects.get().value == seen[-1]
    assert seen == sorted(set(seen))


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
                assert table not in writes.TRACKED
            else:
                assert writes.TRACKED.get(table, "missing") is None, table
    assert writes.TRACKED["auth_user"] == {"username"}


@pytest.mark.parametrize(
    "table",
    ["django_session", "django_admin_log", "django_migrations", "auth_group", STAMPS_TABLE],
)
def test_tables_no_page_shows_are_not_tracked(table):
    assert table not in writes.TRACKED


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
    assert writes.changes_pages(sql) is shown


def test_after_migrating_every_page_is_expired_once(etoile, monkeypatch):
    """Once, not once per app: each expiry also purges every front cache."""
    from django.core.management.sql import emit_post_migrate_signal

    from pagecache import invalidation
    from pagecache.stamps import ALL

    calls = []
    expire_all = invalidation.expire_all
    monkeypatch.setattr(
        invalidation, "expire_all", lambda using: calls.append(using) or expire_all(using)
    )
    keys = stamped(lambda: emit_post_migrate_signal(0, False, "default"))
    assert keys == {ALL}
    assert calls == ["default"]
