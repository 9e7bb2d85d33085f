"""
A show's and its seasons' statuses worked out from the changes their news
events record (issue 18, shows/statuses.py), as known on a day (`?as_of=`).
"""

import datetime
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from history.recording import versions_of
from shows import statuses
from shows.models import NewsEvent, Season, Show, StatusChange
from shows.partial_dates import PartialDate
from tests.admin.changeform import add_inline_row, changeform_data
from tests.factories import (
    NewsEventFactory,
    SeasonFactory,
    ShowFactory,
    StatusChangeFactory,
    quoted_citation,
)
from tests.machines.test_json_ld import graph_of
from tests.pages import page

pytestmark = pytest.mark.django_db

D = datetime.date
ETOILE = "/shows/etoile/"
SEASON_2 = "/shows/etoile/season-2/"


def change(show, date, kind, season=None):
    return StatusChangeFactory(
        event=NewsEventFactory(date=date), show=show, season=season, change=kind
    )


def show_status(show, day):
    show = Show.objects.prefetch_related("status_changes__event").get(pk=show.pk)
    return statuses.of_show(show, day)


def season_status(season, day):
    return statuses.of_season(season, StatusChange.objects.with_events(), day)


# A small world: every transition -----------------------------------------------


def test_a_show_goes_from_ordered_to_premiered_renewed_then_cancelled():
    show = ShowFactory(status=Show.Status.NOT_STATED)
    change(show, "2020-03", "ordered")
    change(show, "2021-05-02", "premiered")
    change(show, "2021-09-30", "renewed")
    change(show, "2023-01-15", "cancelled")

    labels = {
        D(2020, 2, 29): "",
        D(2020, 3, 31): "Ordered",
        D(2021, 5, 1): "Ordered",
        D(2021, 5, 2): "Premiered",
        D(2021, 9, 30): "Renewed",
        D(2023, 1, 14): "Renewed",
        D(2023, 1, 15): "Cancelled",
        None: "Cancelled",
    }
    assert {day: show_status(show, day).label for day in labels} == labels


def test_a_show_that_ends_says_ended_and_its_history_lists_every_change_in_order():
    show = ShowFactory(status=Show.Status.NOT_STATED)
    ended = change(show, "2024-12-20", "ended")
    ordered = change(show, "2019", "ordered")
    premiered = change(show, "2020-06-01", "premiered")

    status = show_status(show, None)

    assert status.label == "Ended"
    assert [c.pk for c in status.known] == [ordered.pk, premiered.pk, ended.pk]


def test_a_season_is_ordered_then_released_or_cancelled_in_the_events_words():
    show = ShowFactory(status=Show.Status.NOT_STATED)
    first = SeasonFactory(show=show, number=1, status=Season.Status.NOT_STATED)
    second = SeasonFactory(show=show, number=2, status=Season.Status.NOT_STATED)
    change(show, "2022-02-02", "ordered", first)
    change(show, "2022-02-02", "ordered", second)
    change(show, "2023-03-03", "premiered", first)
    change(show, "2024-04-04", "cancelled", second)
    change(show, "2024-05-05", "ended", first)

    assert season_status(first, D(2022, 2, 2)).label == "Ordered"
    assert season_status(first, D(2023, 3, 3)).label == "Released"
    assert season_status(first, None).label == "Ended"
    assert season_status(second, D(2024, 4, 3)).label == "Ordered"
    assert season_status(second, D(2024, 4, 4)).label == "Cancelled"
    assert season_status(second, D(2024, 4, 4)).cancelled
    assert statuses.is_released(season_status(first, D(2023, 3, 3)))
    assert not statuses.is_released(season_status(first, D(2023, 3, 2)))


def test_with_no_change_recorded_the_typed_status_holds_and_unset_says_nothing():
    typed = ShowFactory(status=Show.Status.AIRING)
    unset = ShowFactory(status=Show.Status.NOT_STATED)

    assert show_status(typed, None).label == "Airing"
    assert not show_status(typed, None).recorded
    assert show_status(unset, None).label == ""
    assert not show_status(unset, None).is_known


def test_once_a_change_is_recorded_the_typed_status_is_not_used():
    show = ShowFactory(status=Show.Status.AIRING)
    change(show, "2025-01-01", "cancelled")

    assert show_status(show, None).label == "Cancelled"
    # Before the change, nothing is known: the typed "Airing" is never guessed back.
    before = show_status(show, D(2024, 12, 31))
    assert before.recorded
    assert before.label == ""
    assert before.current is None


def test_a_change_whose_date_spans_the_day_may_have_happened_and_an_undated_one_is_noted():
    show = ShowFactory(status=Show.Status.NOT_STATED)
    change(show, "2024-01-10", "premiered")
    maybe = change(show, "early 2024-06", "renewed")
    undated = change(show, "", "ended")

    on_june_5 = show_status(show, D(2024, 6, 5))

    assert on_june_5.label == "Premiered"
    assert on_june_5.uncertain == (maybe,)
    assert on_june_5.undated == (undated,)
    # Today every recorded change is known; the undated one is the latest said.
    assert show_status(show, None).label == "Ended"


# The seed, on both sides of each of its partial dates ------------------------------

SEED_DAYS = [
    # (day, show, uncertain show changes, season 1, season 2)
    (D(2022, 12, 31), "", [], "", ""),
    (D(2023, 6, 1), "", ["ordered"], "", ""),  # "2023": may have been ordered by then
    (D(2023, 12, 31), "Ordered", [], "Ordered", "Ordered"),
    (D(2024, 1, 1), "Ordered", [], "Ordered", "Ordered"),
    (D(2025, 4, 23), "Ordered", [], "Ordered", "Ordered"),
    (D(2025, 4, 24), "Premiered", [], "Released", "Ordered"),
    (D(2025, 5, 31), "Premiered", [], "Released", "Ordered"),
    (D(2025, 6, 1), "Premiered", ["cancelled"], "Released", "Ordered"),
    (D(2025, 6, 9), "Premiered", ["cancelled"], "Released", "Ordered"),
    (D(2025, 6, 10), "Cancelled", [], "Released", "Cancelled"),
    (D(2025, 6, 11), "Cancelled", [], "Released", "Cancelled"),
    (None, "Cancelled", [], "Released", "Cancelled"),
]


@pytest.mark.parametrize(("day", "show", "uncertain", "first", "second"), SEED_DAYS)
def test_the_seeds_statuses_on_each_side_of_its_dates(etoile, day, show, uncertain, first, second):
    etoile_show = Show.objects.get(slug="etoile")
    status = show_status(etoile_show, day)
    seasons = Season.objects.filter(show=etoile_show).order_by("number")

    assert status.label == show
    assert [c.change for c in status.uncertain] == uncertain
    assert [season_status(season, day).label for season in seasons] == [first, second]


def test_the_seeds_changes_are_those_of_the_order_premiere_and_cancellation_only(etoile):
    by_event = {
        event.slug: sorted(
            (c.season.number if c.season else 0, c.change) for c in event.status_changes.all()
        )
        for event in NewsEvent.objects.prefetch_related("status_changes__season")
    }
    assert by_event == {
        "two-season-order": [(0, "ordered"), (1, "ordered"), (2, "ordered")],
        "etoile-premieres": [(0, "premiered"), (1, "premiered")],
        "amazon-cancels-etoile": [(0, "cancelled"), (2, "cancelled")],
        "jennifer-salke-exits": [],
        "deadline-reports-cancellation": [],
        "emmy-campaign-continues": [],
    }
    # Not typed twice: the seed leaves Étoile's and its seasons' status columns unset.
    assert Show.objects.get(slug="etoile").status == ""
    assert set(Season.objects.filter(show__slug="etoile").values_list("status", flat=True)) == {""}


# Pages -------------------------------------------------------------------------


def infobox_status(html):
    row = re.search(r'<th scope="row">Status</th><td>(.*?)</td></tr>', html, re.S)
    return re.sub(r'<span class="ref__passage">.*?</span>', "", row[1])


def test_the_show_page_status_is_the_cancellation_dated_linked_and_cited(client, etoile):
    status = infobox_status(page(client, ETOILE))

    assert status.startswith(
        '<a href="/news/amazon-cancels-etoile/">Cancelled</a> '
        '(<time datetime="2025-06">early June 2025</time>)<sup class="ref ref--quoted">'
    )


def test_the_show_page_lists_its_status_history_dated_and_linked(client, etoile):
    html = page(client, ETOILE)
    section = html[html.index('id="status-history"') : html.index('id="seasons"')]
    items = [
        re.sub(r"<sup.*?</sup>", "", item) for item in re.findall(r"<li>(.*?)</li>", section, re.S)
    ]

    assert [re.sub(r"<[^>]+>", "", item).strip() for item in items] == [
        "2023: Ordered",
        "2023: Season 1, ordered",
        "2023: Season 2, ordered",
        "April 24, 2025: Premiered",
        "April 24, 2025: Season 1, released",
        "early June 2025: Cancelled",
        "early June 2025: Season 2, cancelled",
    ]
    assert section.count('<sup class="ref ref--quoted">') == 7, "each change is cited"


def test_as_of_2024_the_show_is_ordered_with_both_seasons_ordered_and_unreleased(client, etoile):
    html = page(client, ETOILE + "?as_of=2024-01-01")
    seasons = html[html.index('id="seasons"') :]
    seasons = seasons[: seasons.index("</table>")]

    assert infobox_status(html).startswith('<a href="/news/two-season-order/">Ordered</a>')
    assert "Premiered" not in html[html.index('id="status-history"') : html.index('id="seasons"')]
    assert seasons.count("not yet released") == 2
    assert "April 24, 2025" not in seasons, "the release date is not known yet"
    assert "0 of 2 ordered" in html


def test_as_of_the_premiere_season_one_is_released(client, etoile):
    html = page(client, ETOILE + "?as_of=2025-04-24")
    seasons = html[html.index('id="seasons"') :]
    seasons = seasons[: seasons.index("</table>")]

    assert infobox_status(html).startswith('<a href="/news/etoile-premieres/">Premiered</a>')
    assert '<time datetime="2025-04-24">April 24, 2025</time>' in seasons
    assert "not yet released" in seasons  # season 2
    assert "1 of 2 ordered" in html


def test_as_of_june_first_the_cancellation_may_already_have_happened(client, etoile):
    html = page(client, ETOILE + "?as_of=2025-06-01")
    status = infobox_status(html)

    assert status.startswith('<a href="/news/etoile-premieres/">Premiered</a>')
    assert (
        '<a href="/news/amazon-cancels-etoile/">Cancelled</a> '
        '(<time datetime="2025-06">early June 2025</time>) may already have happened by then.'
    ) in status
    history = html[html.index('id="status-history"') : html.index('id="seasons"')]
    assert history.count("may already have happened by then") == 2  # the show's and season 2's


def test_as_of_june_eleventh_the_show_and_its_second_season_are_cancelled(client, etoile):
    html = page(client, ETOILE + "?as_of=2025-06-11")

    assert infobox_status(html).startswith('<a href="/news/amazon-cancels-etoile/">Cancelled</a>')
    assert "may already have happened" not in html
    assert "never released" in html


def test_before_the_order_nothing_is_known_and_the_page_says_so(client, etoile):
    html = page(client, ETOILE + "?as_of=2022-12-31")

    assert "No status known on that day" in infobox_status(html)
    assert "No status change was known on that day." in html
    assert 'id="seasons"' not in html, "no season was ordered yet"


def test_the_season_page_follows_the_day(client, etoile):
    ordered = page(client, SEASON_2 + "?as_of=2024-01-01")
    cancelled = page(client, SEASON_2)

    assert infobox_status(ordered).startswith('<a href="/news/two-season-order/">Ordered</a>')
    assert "not yet released" in ordered
    assert infobox_status(cancelled).startswith(
        '<a href="/news/amazon-cancels-etoile/">Cancelled</a>'
    )
    assert "never released" in cancelled
    history = cancelled[cancelled.index('id="status-history"') :]
    assert "2023</time>: <a" in history
    assert "early June 2025</time>: <a" in history


def test_lists_show_the_derived_status(client, etoile):
    for url in ("/", "/shows/", "/organisations/prime-video/"):
        html = page(client, url)
        assert "Cancelled" in html or "cancelled" in html, url
    assert "Ordered" in page(client, "/shows/?as_of=2024-01-01")


def test_json_ld_gives_todays_status_whatever_the_day_read(client, etoile):
    today = graph_of(client, ETOILE)[0]
    before = graph_of(client, ETOILE + "?as_of=2024-01-01")[0]

    assert today["creativeWorkStatus"] == "Cancelled"
    assert before["creativeWorkStatus"] == today["creativeWorkStatus"]
    assert before["containsSeason"] == today["containsSeason"]
    assert before["numberOfSeasons"] == today["numberOfSeasons"] == 1
    season = graph_of(client, SEASON_2 + "?as_of=2024-01-01")[0]
    assert season["creativeWorkStatus"] == "Cancelled"


def test_french_pages_give_the_changes_in_french(client, etoile):
    html = page(client, "/fr" + ETOILE + "?as_of=2025-06-01")

    assert "Historique du statut" in html
    # The show was launched; its season, released (feminine, as série and saison are).
    assert '<a href="/fr/news/etoile-premieres/">Lancée</a>' in html
    assert 'Saison 1, <a href="/fr/news/etoile-premieres/">diffusée</a>' in html
    assert "a peut-être déjà eu lieu à cette date" in html
    assert "\u00a0: peut-être déjà survenu à cette date." in html


# Admin, history, fixtures ----------------------------------------------------------


def event_change_url(event):
    return reverse("admin:shows_newsevent_change", args=[event.pk])


def post_change(admin_client, event, **row):
    data = changeform_data(admin_client.get(event_change_url(event)))
    add_inline_row(data, "status_changes", **row)
    return admin_client.post(event_change_url(event), data)


def test_an_editor_adds_a_change_on_the_events_page_and_history_keeps_it(admin_client):
    show = ShowFactory(status=Show.Status.AIRING)
    event = NewsEventFactory(date="2025-02-02")
    event.shows.add(show)

    response = post_change(
        admin_client, event, show=show.pk, change="cancelled", citation=quoted_citation()
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    added = StatusChange.objects.get(event=event)
    assert added.change == "cancelled"
    assert added.date == PartialDate(2025, 2, 2), "dated by its event"
    assert versions_of(StatusChange, added.pk).count() == 1
    assert show_status(show, None).label == "Cancelled"
    # The show's admin page says where its status comes from now.
    show_page = admin_client.get(reverse("admin:shows_show_change", args=[show.pk]))
    assert "Cancelled, from these news events" in show_page.content.decode()


@pytest.mark.parametrize(
    ("citation", "message"),
    [
        ("", "Quote the passage of a source that states this change"),
        ("[@nowhere]", "Quote the passage of the source that states it"),
        ("Cancelled, says Variety.", "Write citations only"),
    ],
)
def test_a_change_without_a_quoted_citation_is_refused_with_a_message(
    admin_client, citation, message
):
    show = ShowFactory()
    event = NewsEventFactory()

    response = post_change(admin_client, event, show=show.pk, change="ended", citation=citation)

    assert response.status_code == 200
    assert message in response.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    assert not StatusChange.objects.exists()


def test_a_season_of_another_show_or_a_renewed_season_is_refused(admin_client):
    show, other = ShowFactory(), ShowFactory()
    season = SeasonFactory(show=other)
    event = NewsEventFactory()

    wrong_show = post_change(
        admin_client,
        event,
        show=show.pk,
        season=season.pk,
        change="ordered",
        citation=quoted_citation(),
    )
    renewed = post_change(
        admin_client,
        event,
        show=other.pk,
        season=season.pk,
        change="renewed",
        citation=quoted_citation(),
    )

    assert "This season is a season of another show." in wrong_show.content.decode()
    assert "A season is not renewed" in renewed.content.decode()
    assert not StatusChange.objects.exists()


def test_a_fixture_with_an_unquoted_status_change_is_refused_whole(etoile, tmp_path):
    fixture = tmp_path / "bad.json"
    row = {
        "model": "shows.statuschange",
        "fields": {
            "event": ["deadline-reports-cancellation"],
            "show": ["etoile"],
            "season": None,
            "change": "ended",
            "citation": "[@etoile-cancelled-after-season-one]",
        },
    }
    fixture.write_text(json.dumps([row]))

    with pytest.raises(CommandError, match="Quote the passage"):
        call_command("loaddata", str(fixture), verbosity=0)
    assert not StatusChange.objects.filter(change="ended").exists()


# Caches ------------------------------------------------------------------------

OTHER_PAGE = "/people/lou-de-laage/"
DEADLINE_QUOTE = (
    '[@etoile-cancelled-after-season-one: "first reported by Deadline on June 6, 2025"]'
)


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url


def cache_states(client, *urls):
    return {url: client.get(url)["X-Page-Cache"] for url in urls}


def test_adding_a_change_remakes_the_show_and_season_pages_only(client, etoile, page_cache):
    warm(client, ETOILE, SEASON_2, OTHER_PAGE)
    show = Show.objects.get(slug="etoile")
    StatusChange.objects.create(
        event=NewsEvent.objects.get(slug="deadline-reports-cancellation"),
        show=show,
        season=show.seasons.get(number=2),
        change="ended",
        citation=DEADLINE_QUOTE,
    )

    assert cache_states(client, ETOILE, SEASON_2, OTHER_PAGE) == {
        ETOILE: "miss",
        SEASON_2: "miss",
        OTHER_PAGE: "hit",
    }
    assert "June 6, 2025</time>: Season 2, <a" in page(client, ETOILE)


def test_editing_or_removing_a_change_remakes_the_pages_that_show_it(client, etoile, page_cache):
    cancellation = StatusChange.objects.get(season__number=2, change="cancelled")
    warm(client, ETOILE, SEASON_2, OTHER_PAGE)
    cancellation.change = "ended"
    cancellation.save()
    assert cache_states(client, ETOILE, SEASON_2, OTHER_PAGE) == {
        ETOILE: "miss",
        SEASON_2: "miss",
        OTHER_PAGE: "hit",
    }
    assert infobox_status(page(client, SEASON_2)).startswith(
        '<a href="/news/amazon-cancels-etoile/">Ended</a>'
    )

    warm(client, ETOILE, SEASON_2)
    cancellation.delete()
    assert cache_states(client, ETOILE, SEASON_2) == {ETOILE: "miss", SEASON_2: "miss"}
    assert infobox_status(page(client, SEASON_2)).startswith(
        '<a href="/news/two-season-order/">Ordered</a>'
    )


def test_moving_the_events_date_remakes_the_pages_whose_status_it_dates(client, etoile, page_cache):
    warm(client, ETOILE, SEASON_2, OTHER_PAGE)
    event = NewsEvent.objects.get(slug="amazon-cancels-etoile")
    event.date = "2025-07"
    event.save()

    states = cache_states(client, ETOILE, SEASON_2)
    assert states == {ETOILE: "miss", SEASON_2: "miss"}
    assert '(<time datetime="2025-07">July 2025</time>)' in infobox_status(page(client, SEASON_2))


def infobox_row(html, heading):
    row = re.search(rf'<th scope="row">{heading}</th>\s*<td>(.*?)</td>', html, re.S)
    return row[1] if row else None


@pytest.mark.parametrize(
    ("day", "premiere", "order"),
    [
        ("2022-12-31", '<span class="date-unknown">not yet premiered</span>', None),
        (
            "2023-06-01",
            '<span class="date-unknown">not yet premiered</span>',
            'Straight-to-series, <time datetime="2023">2023</time> '
            '<span class="note">(perhaps not yet by then)</span>',
        ),
        (
            "2025-04-23",
            '<span class="date-unknown">not yet premiered</span>',
            'Straight-to-series, <time datetime="2023">2023</time>',
        ),
        (
            "2025-04-24",
            '<time datetime="2025-04-24">April 24, 2025</time>',
            'Straight-to-series, <time datetime="2023">2023</time>',
        ),
    ],
)
def test_the_premiere_and_order_rows_wait_for_their_dates(client, etoile, day, premiere, order):
    html = page(client, f"{ETOILE}?as_of={day}")

    assert infobox_row(html, "Premiere").startswith(premiere)
    if order is None:
        assert infobox_row(html, "Order") is None
    else:
        assert infobox_row(html, "Order").startswith(order)


def test_the_show_list_and_home_page_wait_for_the_premiere(client, etoile):
    for url in ("/shows/?as_of=2024-01-01", "/?as_of=2024-01-01"):
        assert "not yet premiered" in page(client, url), url
    for url in ("/shows/", "/"):
        assert '<time datetime="2025-04-24">April 24, 2025</time>' in page(client, url), url
