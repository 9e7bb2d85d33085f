"""
Every entry page offers a signed-in editor who may change it an Edit link to
that entry's own change form, and History; readers get How to contribute
(issue 17). The links join the kept parts' key (pagecache/parts.py): an editor
who may only view never gets the copy of one who may change.
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from images.models import Image
from people.models import Person
from shows.models import Character, Episode, NewsEvent, Organisation, Season, Show, Source
from tests.conftest import signed_in
from wiki import editing

pytestmark = pytest.mark.django_db

KINDS = [Show, Season, Episode, Character, Person, Organisation, NewsEvent, Source, Image]


@pytest.fixture
def editor(editor_client):
    return editor_client


@pytest.fixture
def viewer(django_user_model):
    """Staff who may view every entry in the admin but change none."""
    user = django_user_model.objects.create_user("vi", password="pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return signed_in(user)


def entries():
    """One entry of each kind the seed holds, as its page shows it."""
    found = []
    for model in KINDS:
        entry = model.objects.order_by("pk").first()
        assert entry is not None, f"the seed holds no {model.__name__}"
        found.append(entry)
    return found


def change_form(entry):
    options = entry._meta
    return reverse(f"admin:{options.app_label}_{options.model_name}_change", args=[entry.pk])


def hrefs(html, text):
    return re.findall(rf'<a href="([^"]+)">{re.escape(text)}</a>', html)


def test_an_editor_gets_edit_links_to_the_entry_s_own_change_form(etoile, editor):
    for entry in entries():
        html = editor.get(entry.get_absolute_url()).content.decode()
        url = change_form(entry)
        # Above the title and among the page tools at the end.
        assert hrefs(html, "Edit") == [url], entry
        assert hrefs(html, "Edit this page") == [url], entry
        assert editor.get(url).status_code == 200
        tools = html.split('class="editor-tools"', 1)[1].split("</nav>", 1)[0]
        assert 'href="/history/' in tools
        assert "How to contribute" not in html


def test_the_edit_links_come_before_the_title(etoile, editor):
    show = Show.objects.get(slug="etoile")
    html = editor.get(show.get_absolute_url()).content.decode()
    assert html.index('class="editor-tools"') < html.index("<h1")


def test_readers_get_how_to_contribute_and_no_edit_link(etoile, client):
    for entry in entries():
        html = client.get(entry.get_absolute_url()).content.decode()
        assert not hrefs(html, "Edit"), entry
        assert not hrefs(html, "Edit this page"), entry
        assert "/admin/" not in html, entry
        assert hrefs(html, "How to contribute") == [reverse("website:contribute")], entry


def test_an_editor_who_may_only_view_gets_no_edit_link(etoile, viewer):
    for entry in entries():
        html = viewer.get(entry.get_absolute_url()).content.decode()
        assert 'class="editor-tools"' not in html, entry
        assert not hrefs(html, "Edit this page"), entry


def test_kept_parts_are_never_shared_between_those_who_may_change_and_those_who_may_not(
    etoile, editor, viewer, client, page_cache
):
    character = Character.objects.get(slug="cheyenne-toussaint")
    url = character.get_absolute_url()
    for first, second in ((editor, viewer), (viewer, editor)):
        page_cache.clear()
        first.get(url)
        for asker, edits in ((first, first is editor), (second, second is editor)):
            html = asker.get(url).content.decode()
            assert bool(hrefs(html, "Edit")) is edits
    assert not hrefs(client.get(url).content.decode(), "Edit")


def test_the_french_page_links_the_same_change_form(etoile, editor):
    show = Show.objects.get(slug="etoile")
    html = editor.get(f"/fr{show.get_absolute_url()}").content.decode()
    assert change_form(show) in html
    assert "Modifier" in html


def test_an_entry_the_admin_has_no_page_for_has_no_change_form():
    class Unlisted:
        class _meta:  # as a model's options are read
            app_label = "nowhere"
            model_name = "nothing"

        pk = 1

    assert editing.change_url(Unlisted()) is None


def test_how_to_contribute_names_the_contact_the_operator_gives(client, settings):
    settings.CONTRIBUTE_CONTACT = ""
    html = client.get(reverse("website:contribute")).content.decode()
    assert "mailto:" not in html
    assert "Tell the people who run this wiki" in html
    assert 'href="/admin/login/' in html

    settings.CONTRIBUTE_CONTACT = "editors@example.org"
    html = client.get(reverse("website:contribute")).content.decode()
    assert '<a href="mailto:editors@example.org">editors@example.org</a>' in html

    settings.CONTRIBUTE_CONTACT = "https://forum.example.org/etoile"
    html = client.get(reverse("website:contribute")).content.decode()
    assert '<a href="https://forum.example.org/etoile">' in html
    assert "mailto:" not in html


def test_how_to_contribute_is_in_french_too(client):
    html = client.get("/fr" + reverse("website:contribute")).content.decode()
    assert "Comment contribuer" in html
