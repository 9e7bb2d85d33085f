"""
The wiki in French: under /fr/, every address keeps the language, the interface
is French, the content is as editors wrote it, and nothing is mixed up in the
page cache or the indexes. English stays at the plain addresses.
"""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation

from search.models import SearchEntry
from shows.models import Show
from wikitext.models import FormerPath

pytestmark = pytest.mark.django_db

SHOW = "/shows/etoile/"
CHEYENNE = "/shows/etoile/characters/cheyenne-toussaint/"


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page)[1]


def internal_links(page: str) -> list[str]:
    """
    Links to the wiki's pages in the page's body, the language switcher left out,
    and the JSON API, which has one address in every language (issue 19).
    """
    body = page.split("<body>", 1)[1]
    body = re.sub(r'<nav class="site-languages".*?</nav>', "", body, flags=re.S)
    links = re.findall(r'href="(/[^"]*)"', body)
    return [href for href in links if not href.startswith(("/static/", "/api/"))]


def test_a_french_page_is_french_and_its_content_as_written(client, etoile):
    response = client.get(f"/fr{SHOW}")
    page = response.text
    assert response.status_code == HTTPStatus.OK
    assert html_lang(page) == "fr"
    assert response["Content-Language"] == "fr"
    for words in ("Aller au contenu", "Séries", "Actualités", "Saisons", "Distribution"):
        assert words in page, words
    # Dates for the locale, at their precision.
    assert "24 avril 2025" in page
    assert "début juin 2025" in page
    # Content stays as editors wrote it.
    assert "followed the lives of ballet dancers" in page


def test_english_stays_at_the_plain_address(client, etoile):
    response = client.get(SHOW)
    assert html_lang(response.text) == "en"
    assert response["Content-Language"] == "en"
    assert "Skip to content" in response.text
    assert "April 24, 2025" in response.text


def test_a_browser_asking_for_french_still_gets_the_address_language(client, etoile):
    """The address alone says the language: what is cached is the same for everyone."""
    response = client.get(SHOW, headers={"accept-language": "fr-FR,fr;q=0.9"})
    assert html_lang(response.text) == "en"


@pytest.mark.parametrize(
    "path", ["/fr/", f"/fr{SHOW}", f"/fr{CHEYENNE}", "/fr/people/lou-de-laage/", "/fr/news/"]
)
def test_every_link_on_a_french_page_stays_in_french(client, etoile, path):
    links = internal_links(client.get(path).text)
    assert links
    assert [link for link in links if not link.startswith("/fr/")] == []


def test_links_inside_wiki_text_are_stored_once_and_shown_in_the_readers_language(client, etoile):
    english = client.get(SHOW).text
    french = client.get(f"/fr{SHOW}").text
    assert 'href="/people/amy-sherman-palladino/"' in english
    assert 'href="/fr/people/amy-sherman-palladino/"' in french


def test_the_language_switcher_links_the_same_page_in_the_other_language(client, etoile):
    page = client.get(f"{SHOW}?utm_source=x").text
    switcher = re.search(r'<nav class="site-languages".*?</nav>', page, re.S)[0]
    assert 'href="/fr/shows/etoile/?utm_source=x" hreflang="fr" lang="fr">Français</a>' in switcher
    assert '<span aria-current="true" lang="en">English</span>' in switcher
    french = client.get(f"/fr{SHOW}").text
    assert 'href="/shows/etoile/" hreflang="en" lang="en">English</a>' in french
    # The head names each language's version of the canonical page, English as the default.
    assert '<link rel="alternate" hreflang="fr" href="http://testserver/fr/shows/etoile/">' in page
    assert '<link rel="alternate" hreflang="en" href="http://testserver/shows/etoile/">' in french
    default = '<link rel="alternate" hreflang="x-default" href="http://testserver/shows/etoile/">'
    assert default in french


def test_the_switcher_on_a_missing_page_leads_to_the_same_address_or_home(client, etoile):
    missing_show = client.get("/fr/shows/no-such-show/")
    assert missing_show.status_code == HTTPStatus.NOT_FOUND
    assert html_lang(missing_show.text) == "fr"
    assert 'href="/shows/no-such-show/" hreflang="en"' in missing_show.text
    nowhere = client.get("/fr/nothing-here/")
    assert nowhere.status_code == HTTPStatus.NOT_FOUND
    assert 'href="/" hreflang="en" lang="en">English</a>' in nowhere.text
    assert 'hreflang="x-default"' not in nowhere.text


@pytest.mark.parametrize("path", ["/de/shows/etoile/", "/xx/", "/en/shows/etoile/", "/fr-ca/"])
def test_an_unknown_language_code_is_a_page_not_found(client, etoile, path):
    response = client.get(path)
    assert response.status_code == HTTPStatus.NOT_FOUND
    # The site's own 404 page (in French for a code Django reads as French).
    assert 'class="site-header"' in response.text
    assert re.search(r"<h1>(Page not found|Page introuvable)</h1>", response.text)


def test_search_and_suggestions_answer_in_the_readers_language(client, etoile):
    results = client.get("/fr/search/?q=lou&fulltext=1").text
    assert 'href="/fr/people/lou-de-laage/"' in results
    suggestions = client.get("/fr/search/suggest/?q=lou").json()
    assert suggestions["suggestions"][0]["url"] == "/fr/people/lou-de-laage/"
    going = client.get("/fr/search/?q=Lou+de+La%C3%A2ge")
    assert going.status_code == HTTPStatus.FOUND
    assert going["Location"] == "/fr/people/lou-de-laage/"


def test_an_entry_saved_by_a_french_editor_is_indexed_at_its_plain_address(etoile):
    with translation.override("fr"):
        show = Show.objects.create(title="Une série", slug="une-serie")
        assert show.get_absolute_url() == "/fr/shows/une-serie/"
    assert SearchEntry.objects.get(title="Une série").url == "/shows/une-serie/"


def test_a_renamed_page_answers_at_its_old_french_address_in_french(client, etoile):
    show = Show.objects.get(slug="etoile")
    show.slug = "etoile-ballet"
    show.save()
    assert FormerPath.objects.filter(path=SHOW).exists()
    response = client.get(f"/fr{CHEYENNE}")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/fr/shows/etoile-ballet/characters/cheyenne-toussaint/"
    assert client.get(CHEYENNE)["Location"] == "/shows/etoile-ballet/characters/cheyenne-toussaint/"


def test_french_and_english_pages_are_cached_apart(client, etoile, page_cache):
    client.get(SHOW)
    french = client.get(f"/fr{SHOW}")
    assert french["X-Page-Cache"] == "miss"
    again = client.get(f"/fr{SHOW}")
    assert again["X-Page-Cache"] == "hit"
    assert again["Content-Language"] == "fr"
    assert html_lang(again.content.decode()) == "fr"
    assert html_lang(client.get(SHOW).content.decode()) == "en"


def test_the_french_admin_is_french_and_never_cached(client, etoile, page_cache):
    login = reverse("admin:login")
    with translation.override("fr"):
        french_login = reverse("admin:login")
    assert (login, french_login) == ("/admin/login/", "/fr/admin/login/")
    client.get(french_login)
    response = client.get(french_login)
    assert "X-Page-Cache" not in response
    assert "Nom d\u2019utilisateur" in response.text


def test_robots_keep_crawlers_out_of_the_tools_in_every_language(client, etoile):
    robots = client.get("/robots.txt").text
    for path in ("/admin/", "/fr/admin/", "/search/", "/fr/search/", "/wiki/", "/fr/wiki/"):
        assert f"Disallow: {path}\n" in robots


def test_the_news_feed_comes_in_french_too(client, etoile):
    feed = client.get("/fr/news/feed/atom/").text
    assert "Étoile Wiki\u00a0: actualités" in feed
    assert "/fr/news/" in feed
