"""
Every page type read as of a day and as today (issue 18): each answers, the
banner names the day only when one is asked, and what the day changes is said
in French on French pages.
"""

import pytest

from tests.pages import page

from .asof_pages import as_of

pytestmark = pytest.mark.django_db

PAGE_TYPES = {
    "home": "/",
    "show": "/shows/etoile/",
    "season": "/shows/etoile/season-1/",
    "episode": "/shows/etoile/season-1/episode-1/",
    "character": "/shows/etoile/characters/jack-mcmillan/",
    "person": "/people/lou-de-laage/",
    "organisation": "/organisations/amazon-mgm-studios/",
    "news-list": "/news/",
    "news-event": "/news/amazon-cancels-etoile/",
    "search": "/search/?q=ballet&fulltext=1",
}
BANNER = "You are reading the wiki as the world stood on"


@pytest.mark.parametrize("url", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_every_page_type_reads_as_of_a_day_and_as_today(client, etoile, url):
    then = as_of(client, url, "2025-06-01")
    assert BANNER in then
    assert '<time datetime="2025-06-01">June 1, 2025</time>' in then
    assert BANNER not in page(client, url)


@pytest.mark.parametrize(
    ("url", "said"),
    [
        (
            "/fr/news/?as_of=2025-06-01",
            "pour dire s\u2019ils avaient eu lieu au 1 juin 2025\u00a0:",
        ),
        ("/fr/news/?as_of=2025-06-11", "laissé de côté\u00a0: on ne peut le placer"),
        ("/fr/shows/etoile/season-1/?as_of=2025-04-23", "Pas encore sorti au 23 avril 2025"),
        ("/fr/shows/etoile/season-1/?as_of=2025-04-23", "0 sorti au 23 avril 2025"),
        (
            "/fr/shows/etoile/?as_of=2025-04-23",
            "Aucune source ne date l\u2019annonce de la distribution",
        ),
        ("/fr/people/jennifer-salke/?as_of=2025-02-28", "en poste au 28 février 2025"),
        (
            "/fr/news/amazon-cancels-etoile/?as_of=2025-05-31",
            "Cela n\u2019avait pas encore eu lieu au 31 mai 2025\u00a0:",
        ),
    ],
)
def test_what_the_day_changes_is_said_in_french(client, etoile, url, said):
    assert said in page(client, url)
