"""
The reader's episode control (issue 18): a GET form on every page of a show's
world with the show's episodes, that works without script; a banner that says
what is hidden, with the way to see everything; the pages name their show for
static/js/reading.js the same way for every reader.
"""

import re

import pytest

from people.models import Person
from shows.models import Character, NewsEvent, Organisation
from tests.pages import page

pytestmark = pytest.mark.django_db

SHOW = "/shows/etoile/"


def world_pages():
    return [
        SHOW,
        f"{SHOW}season-1/",
        f"{SHOW}season-1/episode-3/",
        Character.objects.get(slug="cheyenne-toussaint").get_absolute_url(),
        Person.objects.get(slug="lou-de-laage").get_absolute_url(),
        Organisation.objects.get(slug="metropolitan-ballet-theater").get_absolute_url(),
        NewsEvent.objects.get(slug="etoile-premieres").get_absolute_url(),
    ]


def control(html):
    found = re.search(r'<form class="watched-control".*?</form>', html, re.S)
    return found[0] if found else None


def test_every_page_of_the_shows_world_has_the_control_and_names_the_show(client, etoile):
    for url in world_pages():
        html = page(client, url)
        form = control(html)
        assert form, url
        assert f'method="get" action="{url}" data-show="etoile"' in form
        options = re.findall(r'<option value="([^"]+)"', form)
        assert options == ["S01E00", *(f"S01E0{n}" for n in range(1, 9))], url
        assert '<meta name="wiki-show" content="etoile">' in html
        # Not deferred here: it must take the reader to their episode before the page shows.
        assert re.search(r'<script src="/static/js/reading\.js"[^>]*></script>', html)
        assert 'reading.js" crossorigin="anonymous" integrity="sha256-' in html
        assert 'reading.js" defer' not in html


def test_the_control_says_nothing_yet_and_selects_the_readers_episode(client, etoile):
    form = control(page(client, f"{SHOW}?watched=S01E07"))
    assert '<option value="S01E00">Nothing yet (S01E00)</option>' in form
    assert '<option value="S01E07" selected>S01E07</option>' in form
    assert 'href="/shows/etoile/" data-reading-forget>Show everything</a>' in form
    assert "selected" not in control(page(client, SHOW))
    assert "Show everything" not in control(page(client, SHOW))


def test_the_control_keeps_a_chosen_date(client, etoile):
    form = control(page(client, f"{SHOW}?as_of=2025-05-01"))
    assert '<input type="hidden" name="as_of" value="2025-05-01">' in form


def test_pages_outside_a_shows_world_have_no_control_and_a_deferred_script(client, etoile):
    for url in ["/", "/search/?q=ballet", "/sources/", "/recent-changes/"]:
        html = page(client, url)
        assert control(html) is None, url
        assert 'name="wiki-show"' not in html
        assert re.search(r'<script src="/static/js/reading\.js"[^>]* defer></script>', html), url


def test_the_banner_says_what_is_hidden_and_leads_back_to_everything(client, etoile):
    html = page(client, f"{SHOW}?watched=S01E07&as_of=2025-06-20")
    banner = re.search(r'<div class="reading-banner reading-banner--watched".*?</div>', html, re.S)[
        0
    ]
    assert "You are reading without spoilers after S01E07" in banner
    assert 'href="/shows/etoile/?as_of=2025-06-20" data-reading-forget>Show everything' in banner
    nothing = page(client, f"{SHOW}?watched=S01E00")
    assert "You are reading without spoilers from season 1 on" in nothing
    assert "reading-banner--watched" not in page(client, SHOW)


def test_the_control_and_banner_are_in_french_on_french_pages(client, etoile):
    html = page(client, f"/fr{SHOW}?watched=S01E07")
    assert "Vu jusqu\u2019à, dans Étoile" in html
    assert "Rien encore (S01E00)" in html
    assert "Vous lisez sans divulgâcheurs au-delà de S01E07\u00a0:" in html
    assert "Tout afficher" in html
