"""
The public history pages: an entry's history, diffs, old versions and recent
changes, readable by anyone, refusing bad addresses with a 404, and costing the
same number of queries however long the history grows.
"""

import io
import re
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from history import rows as row_kinds
from history.models import Deletion, Edit
from history.recording import recorded, recover, tracked_models, versions_of
from people.models import Person
from shows.models import Character, Episode, NewsEvent, Organisation, Season, Show, Source
from tests.factories import CharacterFactory
from tests.pages import page

pytestmark = pytest.mark.django_db

OLD_TEXT = "The artistic director of the New York company"
NEW_TEXT = "The demanding artistic director of the New York company"


def first_change(html):
    """The newest line of a recent changes page."""
    start = html.index('<li class="change">')
    return html[start : html.index("</li>", start)]


def history_url(entry):
    label = entry._meta.concrete_model._meta.label_lower
    return reverse("history:entry", kwargs={"label": label, "object_id": entry.pk})


def diff_url(entry, **query):
    label = entry._meta.label_lower
    url = reverse("history:diff", kwargs={"label": label, "object_id": entry.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def version_url(version):
    return reverse("history:version", kwargs={"version_id": version.pk})


@pytest.fixture
def edited_jack(jack, editor):
    """Jack's description, edited once by a signed-in editor with a summary."""
    assert jack.description.startswith(OLD_TEXT)
    with recorded(user=editor, summary="Fixed the description"):
        jack.description = jack.description.replace(OLD_TEXT, NEW_TEXT)
        jack.save()
    return jack


def rows(html):
    """The list items of the versions list, in page order."""
    versions = html[html.index('id="versions"') :]
    return re.findall(r'<li class="change" id="version-(\d+)">(.*?)</li>', versions, re.S)


# Links to the history ---------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "model", "lookup"),
    [
        ("/shows/etoile/", Show, {"slug": "etoile"}),
        ("/shows/etoile/season-1/", Season, {"show__slug": "etoile", "number": 1}),
        (
            "/shows/etoile/season-1/episode-3/",
            Episode,
            {"season__show__slug": "etoile", "season__number": 1, "number": 3},
        ),
        (
            "/shows/etoile/characters/cheyenne-toussaint/",
            Character,
            {"slug": "cheyenne-toussaint"},
        ),
        ("/people/lou-de-laage/", Person, {"slug": "lou-de-laage"}),
        (
            "/organisations/metropolitan-ballet-theater/",
            Organisation,
            {"slug": "metropolitan-ballet-theater"},
        ),
        ("/news/amazon-cancels-etoile/", NewsEvent, {"slug": "amazon-cancels-etoile"}),
        (
            "/sources/etoile-cancelled-after-season-one/",
            Source,
            {"key": "etoile-cancelled-after-season-one"},
        ),
    ],
)
def test_every_entry_page_links_to_its_history(client, etoile, url, model, lookup):
    """Each kind of entry page has a "History" link to that entry's own history, which works."""
    entry = model.objects.get(**lookup)
    html = page(client, url)
    assert f'<a href="{history_url(entry)}">History</a>' in html
    assert f"History of {entry}" in page(client, history_url(entry))


def test_every_page_links_recent_changes_in_the_footer(client, etoile):
    """The footer of every page leads to the recent changes."""
    assert '<a href="/recent-changes/">Recent changes</a>' in page(client, "/")


# An entry's history -----------------------------------------------------------


def test_the_history_lists_both_versions_newest_first_with_author_summary_and_size(
    client, edited_jack
):
    """The edit comes first, signed by its editor, with its summary and how much it added."""
    html = page(client, history_url(edited_jack))
    listed = rows(html)
    versions = list(versions_of(Character, edited_jack.pk))
    assert [int(pk) for pk, _ in listed] == [v.pk for v in versions]
    newest, oldest = listed[0][1], listed[1][1]
    grown = len(versions[0].serialized_data) - len(versions[1].serialized_data)
    assert grown == len("demanding ")
    assert "margot" in newest
    assert "Fixed the description" in newest
    assert f">+{grown}</data>" in newest
    assert "fixture load" in oldest
    assert "Loaded fixture etoile" in oldest
    assert "created" in oldest
    assert (
        f'<time datetime="{versions[0].revision.date_created.isoformat(timespec="seconds")}"'
        in (newest)
    )
    assert 'href="/shows/etoile/characters/jack-mcmillan/"' in html


def test_a_shrinking_edit_shows_a_negative_size_with_a_minus_sign(client, jack, editor):
    with recorded(user=editor, summary="Shorter"):
        jack.description = "Director."
        jack.save()
    html = page(client, history_url(jack))
    assert re.search(r'class="size size--minus"[^>]*>\u2212\d+</data>', rows(html)[0][1])


def test_the_history_offers_a_comparison_of_any_two_versions_without_script(client, edited_jack):
    """A GET form with radio buttons for each version, the newest two chosen, leads to the diff."""
    html = page(client, history_url(edited_jack))
    newest, oldest = versions_of(Character, edited_jack.pk)
    action = reverse(
        "history:diff", kwargs={"label": "shows.character", "object_id": edited_jack.pk}
    )
    assert f'<form class="compare" method="get" action="{action}">' in html
    assert f'name="to" value="{newest.pk}" id="to-{newest.pk}" checked' in html
    assert f'name="from" value="{oldest.pk}" id="from-{oldest.pk}" checked' in html
    # The scripts are the reading's (issue 18) and the search box's suggestions
    # (issue 5), both deferred off a show's world; the comparison needs none.
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert len(scripts) == 2
    assert 'src="/static/js/reading.js"' in scripts[0]
    assert 'src="/static/js/search.js"' in scripts[1]
    assert all(" defer" in script for script in scripts)
    assert "style=" not in html

    submitted = page(client, f"{action}?from={oldest.pk}&to={newest.pk}")
    assert "<ins> demanding</ins>" in submitted


def test_the_history_is_paginated_fifty_versions_a_page(client, jack, editor):
    for number in range(55):
        with recorded(user=editor, summary=f"Edit {number}"):
            jack.description = f"Version {number}." + "x" * number
            jack.save()
    first = page(client, history_url(jack))
    second = page(client, history_url(jack) + "?page=2")
    assert len(rows(first)) == 50
    assert len(rows(second)) == 6
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in second
    assert "Edit 54" in rows(first)[0][1]
    assert "Loaded fixture etoile" in rows(second)[-1][1]
    # The last version of a page is measured against its predecessor on the next page.
    assert "Edit 5<" in rows(first)[-1][1]
    assert ">+1</data>" in rows(first)[-1][1]
    assert "created" in rows(second)[-1][1]


def test_a_deleted_entry_keeps_its_history_and_says_it_was_deleted(client, jack, editor):
    pk, url = jack.pk, history_url(jack)
    with recorded(user=editor, summary="Not a real character"):
        jack.delete()
    html = page(client, url)
    assert "This character has been deleted." in html
    assert 'href="/shows/etoile/characters/jack-mcmillan/"' not in html
    deletions = html[html.index('id="deletions"') : html.index('id="versions"')]
    assert "deleted" in deletions
    assert "margot" in deletions
    assert "Not a real character" in deletions
    # Its last version can still be read.
    version = versions_of(Character, pk).first()
    old = page(client, version_url(version))
    assert "This character has since been deleted." in old
    assert OLD_TEXT in old


def test_a_recovered_entry_shows_the_recovery_in_its_history(client, jack, editor):
    with recorded(user=editor, summary="Removed"):
        Character.objects.get(pk=jack.pk).delete()
    recover(Deletion.objects.get(content_type__model="character"), user=editor)
    html = page(client, history_url(jack))
    assert "recovered since" in html
    assert "Read the current version" in html


# Differences --------------------------------------------------------------------


def test_the_diff_shows_removed_and_added_words(client, jack, editor):
    with recorded(user=editor, summary="Reworded"):
        jack.description = jack.description.replace("artistic director", "ruthless director")
        jack.save()
    newest, oldest = versions_of(Character, jack.pk)
    html = page(client, diff_url(jack, **{"from": oldest.pk, "to": newest.pk}))
    assert "The <del>artistic</del><ins>ruthless</ins> director of the" in html
    assert "Description" in html
    assert "Reworded" in html
    assert "Loaded fixture etoile" in html
    assert "margot" in html
    assert "fixture load" in html
    assert f'href="{version_url(oldest)}"' in html
    assert f'href="{version_url(newest)}"' in html


def test_the_diff_compares_with_the_previous_version_by_default(client, edited_jack):
    newest, _ = versions_of(Character, edited_jack.pk)
    assert "<ins> demanding</ins>" in page(client, diff_url(edited_jack, to=newest.pk))
    assert "<ins> demanding</ins>" in page(client, diff_url(edited_jack))


def test_versions_given_the_wrong_way_round_are_swapped(client, edited_jack):
    """`from` newer than `to` compares them oldest first rather than failing."""
    newest, oldest = versions_of(Character, edited_jack.pk)
    html = page(client, diff_url(edited_jack, **{"from": newest.pk, "to": oldest.pk}))
    assert "<ins> demanding</ins>" in html


def test_comparing_a_version_with_itself_says_there_is_nothing_to_compare(client, edited_jack):
    newest = versions_of(Character, edited_jack.pk).first()
    html = page(client, diff_url(edited_jack, **{"from": newest.pk, "to": newest.pk}))
    assert "These are the same version" in html


def test_a_relation_change_shows_the_added_entry_linked(client, jack, editor):
    source = Source.objects.create(key="new-interview", title="A new interview")
    with recorded(user=editor, summary="Cited an interview"):
        jack.sources.add(source)
    html = page(client, diff_url(jack))
    assert 'Added: <ins><a href="/sources/new-interview/">A new interview</a></ins>' in html
    assert "Sources" in html


def test_a_removed_relation_to_a_deleted_entry_is_named_without_a_link(client, jack, editor):
    source = Source.objects.create(key="dubious", title="A dubious blog")
    with recorded(user=editor, summary="Cited a blog"):
        jack.sources.add(source)
    with recorded(user=editor, summary="Removed the blog"):
        jack.sources.remove(source)
    source_pk = source.pk
    with recorded(user=editor, summary="Deleted the blog"):
        source.delete()
    html = page(client, diff_url(jack))
    assert f'Removed: <del><span class="unknown">source #{source_pk} (deleted)</span></del>' in (
        html
    )


def test_the_diff_steps_to_the_older_and_newer_edit(client, edited_jack, editor):
    with recorded(user=editor, summary="Third"):
        edited_jack.description = "Third."
        edited_jack.save()
    third, second, first = versions_of(Character, edited_jack.pk)
    html = page(client, diff_url(edited_jack, to=second.pk))
    assert f'href="{diff_url(edited_jack, to=first.pk)}">← Older edit' in html
    assert f'href="{diff_url(edited_jack, to=third.pk)}">Newer edit →' in html


def test_the_first_version_diffs_against_nothing(client, jack):
    first = versions_of(Character, jack.pk).get()
    html = page(client, diff_url(jack, to=first.pk))
    assert "this is the first version" in html
    assert "<ins>Jack McMillan</ins>" in html


# Old versions -------------------------------------------------------------------


def test_the_permanent_link_shows_the_old_text_with_the_old_version_notice(client, edited_jack):
    _, oldest = versions_of(Character, edited_jack.pk)
    html = page(client, version_url(oldest))
    assert "This is an old version of Jack McMillan</strong>, saved on" in html
    assert "It may differ from the current version." in html
    assert "by fixture load" in html
    assert f"<p>{OLD_TEXT}" in html
    assert NEW_TEXT not in html
    assert '<a href="/shows/etoile/">Étoile</a>' in html
    assert '<a href="/shows/etoile/characters/jack-mcmillan/">Current version</a>' in html
    assert f'href="{history_url(edited_jack)}"' in html
    newest = versions_of(Character, edited_jack.pk).first()
    assert f"from={oldest.pk}&amp;to={newest.pk}" in html
    for label in ["Show", "Name", "Slug", "Description", "Sources"]:
        assert f"<dt>{label}</dt>" in html


def test_the_permanent_link_of_the_latest_version_says_it_is_current(client, edited_jack):
    newest = versions_of(Character, edited_jack.pk).first()
    html = page(client, version_url(newest))
    assert "This is the current version of Jack McMillan" in html
    assert "old version" not in html


# Recent changes -------------------------------------------------------------------


def test_recent_changes_lists_the_edit_first(client, edited_jack):
    html = page(client, "/recent-changes/")
    first = first_change(html)
    assert 'href="/shows/etoile/characters/jack-mcmillan/">Jack McMillan</a>' in first
    assert "changed" in first
    assert "by margot" in first
    assert "Fixed the description" in first
    assert f'href="{history_url(edited_jack)}">history</a>' in first
    newest = versions_of(Character, edited_jack.pk).first()
    assert f'href="{diff_url(edited_jack, to=newest.pk)}">diff</a>' in first
    assert ">+10</data>" in first
    assert 'type="application/atom+xml"' in html


def test_recent_changes_filters_by_type_of_entry(client, edited_jack):
    html = page(client, "/recent-changes/?type=shows.character")
    assert "Recent changes to characters" in html
    assert '<option value="shows.character" selected>' in html
    tags = set(re.findall(r'<span class="tag">([^<]+)</span>', html))
    assert tags == {"character"}
    assert "Jack McMillan" in html
    sources = page(client, "/recent-changes/?type=shows.source")
    # The seed's sources came in its load: one line, naming sources only.
    assert "Fixture load" in first_change(sources)
    assert 'href="/sources/etoile-cancelled-after-season-one/"' in first_change(sources)
    assert "Jack McMillan" not in sources


def test_a_deletion_shows_in_recent_changes_as_deleted_with_its_type(client, jack, editor):
    with recorded(user=editor, summary="Duplicate entry"):
        Character.objects.get(pk=jack.pk).delete()
    html = page(client, "/recent-changes/")
    first = first_change(html)
    assert '<span class="kind kind--deleted">deleted</span>' in first
    assert "Jack McMillan" in first
    assert '<span class="tag">character</span>' in first
    assert "Duplicate entry" in first
    assert "by margot" in first
    assert 'href="/shows/etoile/characters/jack-mcmillan/"' not in first
    assert f'href="{history_url(jack)}">history</a>' in first

    characters = page(client, "/recent-changes/?type=shows.character")
    assert "kind--deleted" in characters
    assert "kind--deleted" not in page(client, "/recent-changes/?type=shows.source")


def test_recent_changes_credits_commands_by_name(client, jack, call_edit_entry):
    call_edit_entry()
    html = page(client, "/recent-changes/")
    assert "by command edit_entry shows.character etoile jack-mcmillan" in html


@pytest.fixture
def call_edit_entry(jack):
    def call():
        call_command(
            "edit_entry",
            "shows.character",
            "etoile",
            "jack-mcmillan",
            "--set",
            "description=Director.",
            "--summary",
            "Scripted",
            stdout=io.StringIO(),
        )

    return call


# Bad addresses ---------------------------------------------------------------------


def other_entrys_version():
    return versions_of(Character, Character.objects.get(slug="cheyenne-toussaint").pk).get()


@pytest.mark.parametrize(
    "url",
    [
        "/history/shows.nothing/1/",
        "/history/nonsense/1/",
        "/history/auth.user/1/",
        "/history/history.deletion/1/",
        "/history/shows.character/999999/",
        "/history/shows.character/abc/",
        "/history/shows.character/{jack}/?page=99",
        "/history/shows.character/{jack}/?page=abc",
        "/history/shows.character/{jack}/diff/?to=abc",
        "/history/shows.character/{jack}/diff/?from=1.5",
        "/history/shows.character/{jack}/diff/?to=999999",
        "/history/shows.character/{jack}/diff/?to=-3",
        "/history/shows.character/999999/diff/",
        "/history/auth.user/1/diff/",
        "/history/version/999999/",
        "/history/version/abc/",
        "/history/version/99999999999999999999999/",
        "/history/shows.character/99999999999999999999999/",
        "/history/shows.character/{jack}/diff/?to=99999999999999999999999",
        "/recent-changes/?type=nonsense",
        "/recent-changes/?type=auth.user",
        "/recent-changes/?type=shows.",
        "/recent-changes/?page=999",
        "/recent-changes/?page=0",
        "/recent-changes/feed/?type=nonsense",
    ],
)
def test_bad_addresses_are_not_found_in_the_sites_style(client, jack, url):
    response = client.get(url.format(jack=jack.pk))
    assert response.status_code == HTTPStatus.NOT_FOUND
    if "feed" not in url:
        assert "Page not found" in response.content.decode()


def test_a_version_of_another_entry_is_not_found(client, jack):
    other = other_entrys_version()
    response = client.get(diff_url(jack, to=other.pk))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "is not a version of this character" in response.content.decode()


def test_versions_of_two_different_entries_are_not_compared(client, jack):
    own = versions_of(Character, jack.pk).get()
    response = client.get(diff_url(jack, **{"from": other_entrys_version().pk, "to": own.pk}))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "These versions belong to different entries" in response.content.decode()


def test_an_unknown_type_says_so(client, etoile):
    response = client.get("/recent-changes/?type=shows.spaceship")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "There is no entry type “shows.spaceship” on this wiki." in response.content.decode()


def test_the_version_of_a_deletion_has_no_permanent_link(client, jack, editor):
    with recorded(user=editor, summary="Gone"):
        Character.objects.get(pk=jack.pk).delete()
    deletion = Deletion.objects.get(content_type__model="character")
    tombstone = Version.objects.get_for_object(deletion).get()
    assert client.get(version_url(tombstone)).status_code == HTTPStatus.NOT_FOUND


def test_the_pages_answer_get_only(client, edited_jack):
    for url in [history_url(edited_jack), diff_url(edited_jack), "/recent-changes/"]:
        assert client.post(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED


# Query counts ----------------------------------------------------------------------


def edit_many(entry, count, user=None):
    for number in range(count):
        with recorded(user=user, summary=f"Edit {number}", via=Edit.Via.OTHER):
            entry.description = f"Version {number} of the description." + " word" * number
            entry.save()


def count_queries(client, url):
    client.get(url)  # content types and the like, cached once per process
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return len(queries)


def page_costs(client, jack):
    versions = versions_of(Character, jack.pk)
    latest, oldest = versions.first(), versions.last()
    return {
        "history": count_queries(client, history_url(jack)),
        "diff": count_queries(client, diff_url(jack)),
        "diff from the first": count_queries(
            client, diff_url(jack, **{"from": oldest.pk, "to": latest.pk})
        ),
        "old version": count_queries(client, version_url(oldest)),
        "recent changes to characters": count_queries(
            client, "/recent-changes/?type=shows.character"
        ),
    }


COSTS = {
    "history": 4,
    "diff": 6,
    "diff from the first": 6,
    "old version": 5,
    # The revisions' count, their page, their versions, the live entries they name.
    "recent changes to characters": 4,
}


def test_the_pages_cost_the_same_with_three_or_a_hundred_and_twenty_edits(
    client, jack, editor, django_user_model
):
    """
    120 versions of one entry cost no more queries to list, diff or show than 3;
    nor does a deletion among the changes listed.
    """
    with recorded(user=editor, summary="A duplicate"):
        CharacterFactory(show=jack.show).delete()
    edit_many(jack, 2, user=editor)
    few = page_costs(client, jack)
    edit_many(jack, 118, user=django_user_model.objects.create_user("second"))
    many = page_costs(client, jack)
    assert few == many == COSTS
    assert count_queries(client, history_url(jack) + "?page=3") == COSTS["history"]


def test_recent_changes_of_every_type_cost_the_same_however_many_edits(client, jack, editor):
    """
    A page of one entry's edits costs the same at 60 edits and at 120. A page
    mixing types looks live entries up once per type, so it costs at most one
    query per kind of entry more.
    """
    mixed = count_queries(client, "/recent-changes/")
    edit_many(jack, 60, user=editor)
    sixty = count_queries(client, "/recent-changes/")
    edit_many(jack, 60, user=editor)
    assert count_queries(client, "/recent-changes/") == sixty == 4
    # The seed's load names an entry of every kind it holds, rows aside (filed under theirs).
    kinds = [
        model
        for model in tracked_models()
        if not row_kinds.is_row(model) and model._base_manager.exists()
    ]
    assert mixed == sixty + len(kinds) - 1


@pytest.mark.parametrize("route", ["", "diff/?from=1&to=2"])
def test_an_actors_history_lives_at_the_persons_address(client, etoile, route):
    lou = Person.objects.get(slug="lou-de-laage")
    response = client.get(f"/history/people.actor/{lou.pk}/{route}")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response.url == f"/history/people.person/{lou.pk}/{route}"
