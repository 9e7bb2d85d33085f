"""
A source's archived copy (issue 16): held to check quotes, recorded in history,
editable in the admin, and never shown publicly in full.
"""

from http import HTTPStatus
from pathlib import Path

import pytest

from history.recording import recorded, versions_of
from shows.models import Source
from tests.pages import page
from tests.shows.test_fixture import SEED_KEY

pytestmark = pytest.mark.django_db

ARTICLE = Path("/work/shared/seed/000_f1fec618571b51fc.txt")
# A word of the archive no other text of the wiki has.
WORD = "Quillfeatherine"


@pytest.fixture
def archived(etoile):
    """The seed article's source, its archive changed once so that history holds two versions."""
    source = Source.objects.get(key=SEED_KEY)
    with recorded(summary="Archive amended"):
        source.archived_text += f"\n\nA closing line with {WORD} in it."
        source.save()
    return source


def test_the_fixture_holds_the_seed_article_exactly(etoile):
    source = Source.objects.get(key=SEED_KEY)
    if ARTICLE.exists():
        assert source.archived_text == ARTICLE.read_text(encoding="utf-8")
    assert source.archived_text.startswith("Étoile gets cancelled by Amazon Prime")
    assert source.archived_text.endswith(
        "Viewers can still stream season one of Étoile on Prime Video."
    )


@pytest.mark.parametrize(
    "url",
    [
        f"/sources/{SEED_KEY}/",
        f"/fr/sources/{SEED_KEY}/",
        "/sources/",
        "/organisations/deadline/",
        "/news/feed/atom/",
        "/news/feed/rss/",
        "/recent-changes/feed/",
        "/sitemap.xml",
        "/sitemap-sources.xml",
    ],
)
def test_no_public_page_shows_the_archive(client, archived, url):
    """Not the source's page or JSON-LD, not search results or snippets, feeds or sitemaps."""
    response = client.get(url, follow=True)
    assert response.status_code == HTTPStatus.OK, url
    content = response.content.decode()
    assert WORD not in content
    assert "\nthumbnail\n" not in content
    assert ">thumbnail<" not in content


@pytest.mark.parametrize("query", [WORD, "thumbnail", "Quillfeatherine in it"])
@pytest.mark.parametrize("path", ["/search/?fulltext=1&q=", "/search/suggest/?q="])
def test_search_finds_nothing_by_the_archive(client, archived, path, query):
    """Its words are not indexed: no result, no suggestion, no snippet."""
    content = page(client, f"{path}{query}")
    assert f"/sources/{SEED_KEY}/" not in content
    assert "A closing line" not in content


def test_the_public_history_says_the_archive_changed_not_what_it_says(client, archived):
    versions = list(versions_of(Source, archived.pk).order_by("pk"))
    assert versions[-1].field_dict["archived_text"].endswith(f"{WORD} in it.")
    history = f"/history/shows.source/{archived.pk}/"
    diff = f"{history}diff/?from={versions[-2].pk}&to={versions[-1].pk}"
    for url in (history, diff, f"/history/version/{versions[-1].pk}/"):
        content = page(client, url)
        assert WORD not in content, url
        assert "Viewers can still stream" not in content, url
    length = len(archived.archived_text)
    content = page(client, diff)
    assert "archived copy" in content.lower()
    assert f"not shown ({length} characters)" in content


def test_the_archive_is_edited_in_the_admin_with_its_purpose_said(admin_client, etoile):
    source = Source.objects.get(key=SEED_KEY)
    response = admin_client.get(f"/admin/shows/source/{source.pk}/change/")
    content = response.content.decode()
    assert 'name="archived_text"' in content
    assert "Quoted passages citing this source are checked against it" in content
