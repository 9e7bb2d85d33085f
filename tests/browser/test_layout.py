"""
Every type of page on two phones and a desktop (issue 17): no sideways
scrolling, nothing fetched from any host but the wiki's own, and on a phone the
lead before the infobox, a header of two rows, a search box whose hint fits,
tables that show when they scroll; everywhere, the lead picture shown once.
Each page is photographed, full length, into the test's own folder (pytest's
tmp_path, kept for the last few runs: pytest prints where with -v or on failure).

One tab serves the module, reused page after page; each test loads the seed
again, which the live server then reads.
"""

import pytest

from shows.models import Character, Episode

from .conftest import TIMEOUT_MS
from .media import Media, hold_pictures
from .traffic import Traffic

pytestmark = pytest.mark.browser

# Every type of page, the main ones in French too (longer words, the search
# box's French hint). The history page's address is known once the seed is in.
PAGES = {
    "home": "/",
    "show": "/shows/etoile/",
    "season": "/shows/etoile/season-1/",
    "episode": "/shows/etoile/season-1/episode-1/",
    "character": "/shows/etoile/characters/cheyenne-toussaint/",
    "person": "/people/lou-de-laage/",
    "organisation": "/organisations/prime-video/",
    "news-event": "/news/amazon-cancels-etoile/",
    "source": "/sources/etoile-cancelled-after-season-one/",
    "search": "/search/?q=ballet&fulltext=1",
    "recent-changes": "/recent-changes/",
    "show-fr": "/fr/shows/etoile/",
    "character-fr": "/fr/shows/etoile/characters/cheyenne-toussaint/",
}
# Two common phones, 320 px being WCAG's reflow width, and a desktop.
PHONES = (320, 375)
WIDTHS = (*PHONES, 1280)
# Two rows: the name and the sections, then the search box (it was 187 px).
HEADER_MAX_PX = 110

# What the checks below read of a page, in CSS pixels from the page's top.
MEASURE = """() => {
    const top = (element) => element && element.getBoundingClientRect().top + window.scrollY;
    const lead = document.querySelector(".entry__lead");
    const infobox = document.querySelector(".infobox");
    const main = document.querySelector("main");
    // The hint, typed into the box, fits without scrolling it.
    const search = document.querySelector(".site-search__input");
    const typed = search.value;
    search.value = search.placeholder;
    const hintCut = search.scrollWidth > search.clientWidth;
    search.value = typed;
    const alts = (selector) => [...document.querySelectorAll(selector)].map((img) => img.alt);
    return {
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        rules: [...document.styleSheets].reduce((n, sheet) => n + sheet.cssRules.length, 0),
        header: document.querySelector(".site-header").getBoundingClientRect().height,
        lead: top(lead),
        infobox: top(infobox),
        leadFirst: lead && infobox
            ? Boolean(lead.compareDocumentPosition(infobox) & Node.DOCUMENT_POSITION_FOLLOWING)
            : null,
        hint: search.placeholder,
        hintCut: hintCut,
        leadImages: alts(".infobox img"),
        galleryImages: alts(".gallery img"),
        tables: [...main.querySelectorAll("table")].map((table) => {
            const wrap = table.closest(".table-wrap");
            return {
                name: wrap ? wrap.getAttribute("aria-label") : table.caption?.textContent,
                wrapped: Boolean(wrap),
                scrolls: wrap ? wrap.scrollWidth > wrap.clientWidth : false,
                focusable: wrap ? wrap.tabIndex === 0 : false,
                cue: wrap
                    ? getComputedStyle(wrap).backgroundImage.includes("radial-gradient")
                    : false,
                wider: table.getBoundingClientRect().right > main.getBoundingClientRect().right + 1,
            };
        }),
    };
}"""


@pytest.fixture(scope="module")
def media_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def tab(chromium, live_server, media_dir):
    """One tab for the whole module, its traffic watched; the uploads served from `media_dir`."""
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    traffic = Traffic(live_server.url)
    traffic.watch(context)
    Media(context, media_dir)
    page = context.new_page()
    yield page, traffic
    context.close()


@pytest.fixture
def wiki(etoile, settings, media_dir):
    """
    The seed with held pictures on the show, a character and her actor, so that
    each has a lead picture and a gallery, and a summary of an episode for the
    season's episode guide; the addresses of every page type.
    """
    settings.MEDIA_ROOT = media_dir
    hold_pictures()
    # The season's episode guide with a summary under an episode (the seed has none).
    episode = Episode.objects.get(season__show__slug="etoile", season__number=1, number=2)
    episode.summary = "A summary written for this test, long enough to wrap. " * 6
    episode.save()
    jack = Character.objects.get(slug="jack-mcmillan")
    return {**PAGES, "history": f"/history/shows.character/{jack.pk}/"}


def check_page(path, width, seen):
    assert seen["scrollWidth"] <= seen["clientWidth"], f"{path} scrolls sideways at {width}"
    # The stylesheet arrived and applies (a 404 or a blocked one would leave none).
    assert seen["rules"] > 0, path
    # The lead picture once: in the infobox, not again in the gallery.
    for alt in seen["leadImages"]:
        assert alt not in seen["galleryImages"], f"{path}: {alt!r} shown twice"
    for table in seen["tables"]:
        if table["scrolls"]:
            # A table wider than the page scrolls in its own region, which the
            # keyboard reaches, shadowed at the edge that hides more.
            assert table["focusable"], (path, width, table)
            assert table["cue"], (path, width, table)
        elif not table["wrapped"]:
            assert not table["wider"], (path, width, table)


def check_phone(path, width, seen):
    assert seen["header"] <= HEADER_MAX_PX, f"{path}: a header {seen['header']} px tall at {width}"
    if seen["leadFirst"] is not None:
        assert seen["leadFirst"], f"{path}: the infobox comes before the lead"
        assert seen["lead"] < seen["infobox"], f"{path}: the lead is shown under the infobox"
        # Under the header, the breadcrumbs and the title (it was 1,150 px down).
        assert seen["lead"] < 2 * HEADER_MAX_PX + 250, f"{path}: the lead is {seen['lead']} px down"
    assert not seen["hintCut"], f"{path}: the search box's hint {seen['hint']!r} is cut at {width}"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_type_of_page_fits_the_screen_and_needs_only_the_wiki(tab, wiki, tmp_path, width):
    page, traffic = tab
    traffic.requests.clear()
    page.set_viewport_size({"width": width, "height": 800})
    seen_on = {}
    for name, path in wiki.items():
        response = page.goto(path)
        assert response.ok, path
        page.screenshot(path=tmp_path / f"{name}-{width}.png", full_page=True)
        seen = seen_on[name] = page.evaluate(MEASURE)
        check_page(path, width, seen)
        if width in PHONES:
            check_phone(path, width, seen)

    # The checks had something to check: a lead picture with a gallery beside
    # it, an infobox after its lead, a table that scrolls on the narrowest.
    assert seen_on["show"]["leadImages"] == ["Rehearsal picture 0"]
    assert seen_on["show"]["galleryImages"] == ["Rehearsal picture 1", "Rehearsal picture 2"]
    assert all(seen_on[name]["leadFirst"] for name in ("show", "season", "character", "person"))
    if width == 320:
        assert any(t["scrolls"] for t in seen_on["person"]["tables"])
    # The episode guide reads on a phone: its summaries wrap rather than widen it.
    [guide] = [t for t in seen_on["season"]["tables"] if t["name"].startswith("Episodes of")]
    assert not guide["scrolls"], guide
    if width == 1280:
        # The lead comes first in the page, yet on a desktop the two tops line up.
        assert abs(seen_on["show"]["lead"] - seen_on["show"]["infobox"]) < 2, seen_on["show"]
    assert len(list(tmp_path.glob("*.png"))) == len(wiki)
    asked = set(map(traffic.path, traffic.requests))
    assert {"/static/css/site.css", "/static/js/search.js"} <= asked
    traffic.check()
