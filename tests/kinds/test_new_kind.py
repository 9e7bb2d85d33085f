"""
A new kind of entry needs one registration and no change to the core.

`tests.kinds` (installed for tests by tests/settings.py) declares `Venue` as
any app would: a model, an admin, a page, and one `register()` call in its
entries.py. From that alone the wiki keeps its history, links to it and from
it (with "what links here"), finds it in search, lists it in the sitemap,
serves its pages fresh from the page cache, and edits it in the admin with an
edit summary and the wiki-text editor.
"""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from history.recording import versions_of
from search import api
from shows.models import Character, Show
from tests.admin.changeform import changeform_data
from tests.kinds.models import Venue
from tests.pages import page
from wiki import registry
from wikitext.editor import WikitextEditor

pytestmark = pytest.mark.django_db


@pytest.fixture
def venue(etoile):
    venue = Venue.objects.create(
        name="Palais Test",
        slug="palais-test",
        description="Where [[Cheyenne Toussaint]] rehearses [@etoile-cancelled-after-season-one].",
    )
    venue.shows.add(Show.objects.get(slug="etoile"))
    return venue


def links_here(html):
    start = html.index('<section class="links-here"')
    section = html[start : html.index("</section>", start)]
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', section)


def test_the_kind_is_known_to_the_wiki_only_through_its_registration():
    entry = registry.get(Venue)

    assert entry.label == "kinds.venue"
    assert entry in registry.linkable()
    assert "venue" in registry.search_kinds()


def test_its_history_is_kept_and_shown(client, venue):
    venue.description += " More."
    venue.save()

    # Made, given its show, changed: three saves outside an edit, three versions.
    versions = list(versions_of(Venue, venue.pk))
    assert len(versions) == 3
    html = page(client, f"/history/kinds.venue/{venue.pk}/")
    assert "Saved venue outside an edit" in html
    assert "Palais Test" in page(client, "/recent-changes/?type=kinds.venue")


def test_its_text_links_out_and_pages_it_links_to_list_it(client, venue):
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")

    html = page(client, venue.get_absolute_url())

    assert f'href="{cheyenne.get_absolute_url()}"' in html
    assert '<a href="#ref-1">[1]</a>' in html  # the citation, numbered
    assert (venue.get_absolute_url(), "Palais Test") in links_here(
        page(client, cheyenne.get_absolute_url())
    )


def test_other_texts_link_to_it_by_name_and_it_lists_them(client, venue):
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    cheyenne.description += " She dances at the [[palais test]]."
    cheyenne.save()

    assert f'href="{venue.get_absolute_url()}"' in page(client, cheyenne.get_absolute_url())
    assert (cheyenne.get_absolute_url(), "Cheyenne Toussaint") in links_here(
        page(client, venue.get_absolute_url())
    )


def test_search_finds_it_under_its_own_kind(client, venue):
    results = api.search("palais", types=["venue"])

    assert [(hit.title, hit.type_name) for hit in results.hits] == [("Palais Test", "Venue")]
    assert '<span class="badge">Venue</span>' in page(client, "/search/?q=palais&fulltext=1")
    # "Go" on its exact title opens its page.
    response = client.get("/search/", {"q": "Palais Test"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == venue.get_absolute_url()


def test_a_rename_moves_its_search_entry_and_its_links(client, venue):
    old = venue.get_absolute_url()
    venue.name, venue.slug = "Salle Test", "salle-test"
    venue.save()

    assert [hit.title for hit in api.search("salle").hits] == ["Salle Test"]
    assert not api.search("palais").hits
    # Its old address leads to the new one.
    response = client.get(old)
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == venue.get_absolute_url()


def test_the_sitemap_lists_it_in_its_own_section(client, venue, settings):
    settings.ALLOWED_HOSTS = ["wiki.example.org"]
    index = client.get("/sitemap.xml", headers={"host": "wiki.example.org"}).content.decode()
    section = client.get("/sitemap-venues.xml", headers={"host": "wiki.example.org"})

    assert "https://wiki.example.org/sitemap-venues.xml" in index.replace("http://", "https://")
    assert f"wiki.example.org{venue.get_absolute_url()}</loc>" in section.content.decode()


def test_pages_showing_it_are_fresh_after_it_changes(client, venue, page_cache):
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    url = cheyenne.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    venue.name = "Salle Nouvelle"
    venue.save()

    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert (venue.get_absolute_url(), "Salle Nouvelle") in links_here(response.content.decode())


def test_the_admin_edits_it_with_a_summary_and_the_wiki_text_editor(admin_client, venue):
    url = reverse("admin:kinds_venue_change", args=[venue.pk])
    response = admin_client.get(url)
    form = response.context["adminform"].form
    assert isinstance(form.fields["description"].widget, WikitextEditor)

    data = changeform_data(response)
    data["description"] = "Rebuilt."
    data["edit_summary"] = "New text"
    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    latest = versions_of(Venue, venue.pk).first()
    assert latest.revision.comment == "New text"
    assert latest.field_dict["description"] == "Rebuilt."


def test_a_deleted_one_is_forgotten_everywhere_and_can_be_recovered(admin_client, venue):
    pk = venue.pk
    url = reverse("admin:kinds_venue_delete", args=[pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == HTTPStatus.FOUND
    assert not api.search("palais").hits

    recover_url = reverse("admin:history_deletion_changelist")
    assert "Palais Test" in admin_client.get(recover_url).content.decode()
