"""Wiki links, citations and "what links here" on the pages, kept current as entries change."""

import io
import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from history.models import Deletion
from history.recording import recorded, recover
from people.models import Person
from shows.models import Character, Show, Source
from tests.factories import CharacterFactory
from tests.pages import page
from wikitext import markup
from wikitext.display import resolve
from wikitext.models import PageName, Rendering, WikiLink

pytestmark = pytest.mark.django_db

CHEYENNE = "/shows/etoile/characters/cheyenne-toussaint/"
GAEL = "/shows/etoile/characters/gael-rodriguez/"


def prose(html):
    """The first rendered text of an entry page."""
    # The lead's classes vary (entry__lead on entry pages since the phone layout).
    start = re.search(r'<div class="[^"]*\bprose cited-text">', html).start()
    return html[start : html.index("</div>", start)]


def links_here(html):
    start = html.index('<section class="links-here"')
    section = html[start : html.index("</section>", start)]
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', section)


def text_links_here(html):
    """
    What links to a character's page by its text: without the pages its castings
    and memberships link it to (its actors, show, season and company:
    tests/wikitext/test_links_here.py).
    """
    structured = ("/people/", "/shows/etoile/season-", "/organisations/")
    return [
        (url, title)
        for url, title in links_here(html)
        if url != "/shows/etoile/" and not url.startswith(structured)
    ]


@pytest.fixture
def cheyenne(etoile):
    return Character.objects.select_related("show").get(slug="cheyenne-toussaint")


def write(entry, text, field="description"):
    with recorded(summary="Edited"):
        setattr(entry, field, text)
        entry.save()


# Links in the seed ---------------------------------------------------------------


def test_the_seed_links_its_pages_to_each_other(client, etoile):
    html = prose(page(client, CHEYENNE))
    assert f'<a class="wikilink" href="{GAEL}">Gael Rodriguez</a>' in html


def test_what_links_here_lists_the_linking_pages(client, etoile):
    assert text_links_here(page(client, GAEL)) == [(CHEYENNE, "Cheyenne Toussaint")]
    salke = links_here(page(client, "/people/jennifer-salke/"))
    assert ("/people/mike-hopkins/", "Mike Hopkins") in salke
    assert ("/organisations/amazon-mgm-studios/", "Amazon MGM Studios") in salke


def test_a_page_nothing_links_to_says_so(client, etoile):
    # A character in no text, no cast and no company: nothing links to it.
    CharacterFactory(show=Show.objects.get(slug="etoile"), name="Nobody Yet", slug="nobody-yet")
    html = page(client, "/shows/etoile/characters/nobody-yet/")
    assert links_here(html) == []
    assert "No page links here yet." in html


def test_loading_the_seed_twice_indexes_it_once(etoile):
    links, names = WikiLink.objects.count(), PageName.objects.count()
    assert links > 40
    call_command("loaddata", "etoile", verbosity=0)
    assert (WikiLink.objects.count(), PageName.objects.count()) == (links, names)


# Kept current on save and delete ---------------------------------------------------


def test_creating_the_missing_page_turns_the_link_live(client, cheyenne):
    write(cheyenne, "She admires [[Anna Pavlova]].")
    assert 'data-missing="Anna Pavlova">Anna Pavlova</span>' in page(client, CHEYENNE)

    with recorded(summary="New page"):
        pavlova = Person.objects.create(name="Anna Pavlova", slug="anna-pavlova")

    html = page(client, CHEYENNE)
    assert '<a class="wikilink" href="/people/anna-pavlova/">Anna Pavlova</a>' in html
    assert links_here(page(client, pavlova.get_absolute_url())) == [
        (CHEYENNE, "Cheyenne Toussaint")
    ]


def test_deleting_the_linked_page_marks_the_link_missing(client, cheyenne):
    gael = Character.objects.get(slug="gael-rodriguez")
    assert f'href="{GAEL}"' in page(client, CHEYENNE)
    with recorded(summary="Removed"):
        gael.castings.all().delete()
        gael.memberships.all().delete()
        gael.delete()
    html = page(client, CHEYENNE)
    assert f'href="{GAEL}"' not in html
    assert 'data-missing="Gael Rodriguez">Gael Rodriguez</span>' in html


def test_recovering_the_deleted_page_brings_its_links_back(client, cheyenne):
    gael = Character.objects.get(slug="gael-rodriguez")
    with recorded(summary="Removed"):
        gael.delete()
    assert f'href="{GAEL}"' not in page(client, CHEYENNE)
    recover(Deletion.objects.get(object_repr="Gael Rodriguez"))
    assert f'href="{GAEL}"' in page(client, CHEYENNE)
    assert text_links_here(page(client, GAEL)) == [(CHEYENNE, "Cheyenne Toussaint")]


def test_deleting_the_linking_page_removes_it_from_what_links_here(client, cheyenne):
    with recorded(summary="Removed"):
        cheyenne.castings.all().delete()
        cheyenne.memberships.all().delete()
        cheyenne.delete()
    assert text_links_here(page(client, GAEL)) == []


def test_an_edit_that_drops_the_link_drops_it_from_what_links_here(client, cheyenne):
    write(cheyenne, "No links any more.")
    assert text_links_here(page(client, GAEL)) == []
    assert "No links any more." in page(client, CHEYENNE)


# Renaming ------------------------------------------------------------------------------


def rename(entry, name, slug, field="name"):
    with recorded(summary="Renamed"):
        setattr(entry, field, name)
        entry.slug = slug
        entry.save()


def test_a_renamed_page_keeps_its_old_links_and_address(client, cheyenne):
    gael = Character.objects.select_related("show").get(slug="gael-rodriguez")
    page(client, CHEYENNE)  # rendered with the old address
    rename(gael, "Gael Rodríguez-Ortiz", "gael-rodriguez-ortiz")
    new = "/shows/etoile/characters/gael-rodriguez-ortiz/"

    # The old name in Cheyenne's text still leads to him, at his new address.
    assert f'<a class="wikilink" href="{new}">Gael Rodriguez</a>' in page(client, CHEYENNE)
    # Links by either name, any case or accents.
    write(cheyenne, "[[gael rodriguez-ortiz]] and [[GAEL RODRIGUEZ]]")
    html = prose(page(client, CHEYENNE))
    assert html.count(f'href="{new}"') == 2
    # The old address redirects, query string kept.
    response = client.get(f"{GAEL}?from=bookmark")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response.url == f"{new}?from=bookmark"
    assert text_links_here(page(client, new)) == [(CHEYENNE, "Cheyenne Toussaint")]


def test_renaming_a_show_moves_everything_under_it(client, cheyenne):
    show = Show.objects.get(slug="etoile")
    page(client, GAEL)
    rename(show, "Étoile (TV series)", "etoile-tv", field="title")
    moved = "/shows/etoile-tv/characters/cheyenne-toussaint/"
    response = client.get(CHEYENNE)
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response.url == moved
    assert client.get("/shows/etoile/season-1/").url == "/shows/etoile-tv/season-1/"
    # Texts linking to what moved link to where it is now.
    assert 'href="/shows/etoile-tv/characters/cheyenne-toussaint/"' in page(
        client, "/shows/etoile-tv/characters/gael-rodriguez/"
    )


def test_a_new_page_at_an_old_address_wins_over_the_redirect(client, cheyenne):
    gael = Character.objects.select_related("show").get(slug="gael-rodriguez")
    rename(gael, "Gael R.", "gael-r")
    assert client.get(GAEL).status_code == HTTPStatus.MOVED_PERMANENTLY
    with recorded(summary="New"):
        Character.objects.create(show=cheyenne.show, name="Other Gael", slug="gael-rodriguez")
    assert "Other Gael" in page(client, GAEL)


def test_an_unknown_address_is_still_not_found(client, etoile):
    assert client.get("/shows/etoile/characters/nobody/").status_code == HTTPStatus.NOT_FOUND
    assert client.post(GAEL).status_code in (HTTPStatus.METHOD_NOT_ALLOWED, HTTPStatus.OK)


# Citations ---------------------------------------------------------------------------------


def test_inline_citations_are_numbered_into_the_reference_list(client, cheyenne):
    Source.objects.create(key="deadline-2025-06-06-b", title="Another report")
    write(
        cheyenne,
        "Transferred.[@deadline-2025-06-06-b] Partnered.[@etoile-cancelled-after-season-one] "
        "Again.[@deadline-2025-06-06-b] Unsure.{{citation needed}} Lost.[@no-such-source]",
    )
    html = page(client, CHEYENNE)
    text = prose(html)
    marks = re.findall(r'<sup class="ref"><a href="#ref-(\d)">\[(\d)\]</a></sup>', text)
    # The lead comes first on the page, so its citations are numbered first.
    assert [a for a, _ in marks[:3]] == ["1", "2", "1"]
    assert all(a == b for a, b in marks)
    assert '<li id="ref-1" value="1">' in html
    references = html[html.index('id="references"') :]
    assert references.index("Another report") < references.index("Étoile gets cancelled")
    assert "[citation needed]" in text
    assert "no source “no-such-source”" in text


# Editors and readers -------------------------------------------------------------------------


def test_readers_see_a_missing_link_as_text_editors_as_a_link_to_create_it(
    client, cheyenne, django_user_model
):
    write(cheyenne, "She admires [[Anna Pavlova|a legend]].")
    reader = prose(page(client, CHEYENNE))
    assert (
        '<span class="wikilink wikilink--missing" data-missing="Anna Pavlova">a legend</span>'
        in reader
    )
    assert "/wiki/create/" not in reader

    user = django_user_model.objects.create_user("margot", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    html = prose(page(client, CHEYENNE))
    assert '<a class="wikilink wikilink--missing" href="/wiki/create/?name=Anna+Pavlova"' in html
    assert ">a legend</a>" in html

    create = page(client, "/wiki/create/?name=Anna+Pavlova")
    assert "/admin/people/person/add/?name=Anna+Pavlova" in create
    assert "/admin/shows/character/add/?name=Anna+Pavlova" in create


def test_the_create_page_is_for_staff_only(client, etoile):
    response = client.get("/wiki/create/?name=Anna")
    assert response.status_code == HTTPStatus.FOUND
    assert "/admin/login/" in response.url


def test_the_admin_add_form_takes_the_name_from_the_link(admin_client, etoile):
    html = page(admin_client, "/admin/people/person/add/?name=Anna+Pavlova")
    assert 'value="Anna Pavlova"' in html


# Not paid per request ---------------------------------------------------------------------------


def test_texts_are_rendered_once_and_served_from_storage(client, cheyenne, monkeypatch):
    page(client, CHEYENNE)
    stored = Rendering.objects.get(object_id=cheyenne.pk, field="description")
    calls = []
    original = markup.to_html
    monkeypatch.setattr(markup, "to_html", lambda *a: calls.append(a) or original(*a))
    page(client, CHEYENNE)
    page(client, CHEYENNE)
    assert calls == []
    assert Rendering.objects.get(pk=stored.pk).html == stored.html

    write(cheyenne, "Changed.")
    assert "Changed." in page(client, CHEYENNE)
    assert len(calls) == 1


def test_a_stale_rendering_is_never_served(client, cheyenne):
    page(client, CHEYENNE)
    # Changed behind the signals' back (a raw UPDATE): the text's hash no longer matches.
    Character.objects.filter(pk=cheyenne.pk).update(description="Updated in bulk.")
    assert "Updated in bulk." in page(client, CHEYENNE)


def test_two_entries_of_one_name_link_by_type_order(etoile):
    Person.objects.create(name="Étoile", slug="etoile-person")
    assert resolve(["etoile"])["etoile"].url == "/shows/etoile/"


def test_reindexing_rebuilds_the_index_from_the_entries(client, etoile):
    links = sorted(WikiLink.objects.values_list("object_id", "field", "target_key"))
    names = sorted(PageName.objects.values_list("object_id", "key", "current", "url"))
    WikiLink.objects.all().delete()
    PageName.objects.all().delete()
    assert text_links_here(page(client, GAEL)) == []

    out = io.StringIO()
    call_command("reindex_wikitext", stdout=out)

    assert "Indexed 1 shows, 11 characters" in out.getvalue()
    assert sorted(WikiLink.objects.values_list("object_id", "field", "target_key")) == links
    assert sorted(PageName.objects.values_list("object_id", "key", "current", "url")) == names
    assert text_links_here(page(client, GAEL)) == [(CHEYENNE, "Cheyenne Toussaint")]


def test_a_citation_of_an_unknown_source_is_refused_from_the_command_line_too(etoile):
    before = Character.objects.get(slug="susu-li").description
    args = ["shows.character", "etoile", "susu-li", "--set", "description=Claim.[@no-such-key]"]
    with pytest.raises(CommandError, match="No source has the key “no-such-key”"):
        call_command("edit_entry", *args)
    assert Character.objects.get(slug="susu-li").description == before
    good = "description=Claim.[@etoile-cancelled-after-season-one]"
    call_command("edit_entry", "shows.character", "etoile", "susu-li", "--set", good)
    assert Character.objects.get(slug="susu-li").description.startswith("Claim.")
