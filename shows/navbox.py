"""
A show's navigation box (issue 17), as Wikipedia's navboxes: at the foot of
every page of the show's world, its seasons, episodes, characters, cast, crew,
organisations and news, each a link, the page's own entry marked.

The box shows of each entry only its name, its address and its place, so it
depends on nothing else: its rows are read `unrecorded()` (wiki/shown.py) and
it names instead each entry's listing key and each list's members key, which
the change pipeline stamps only when a name, an address or a place changes, or
a row comes, goes or moves (wiki/changes.py, `listing` and `listed_under` in
shows/entries.py). An edit of a character's description leaves every other
page of the world standing; a rename remakes every page whose box links it.

Its cost is fixed: seven queries for the boxes of a page, however many shows
and entries they hold (tests/shows/test_query_counts.py).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext

from people.models import Person
from wiki import shown
from wiki.addresses import address
from wiki.reading import EpisodeCode

from .models import Casting, Character, Credit, Episode, NewsEvent, Organisation, Season, Show
from .world_time import Known, known_on


@dataclass
class Link:
    label: str
    url: str
    current: bool = False


@dataclass
class Group:
    heading: str
    links: list[Link] = field(default_factory=list)


@dataclass
class Box:
    title: str
    show: Link
    groups: list[Group]
    # For the reader's episode control (shows/_watched_control.html): the show's
    # slug, which reading.js remembers their episode under, and its episodes in order.
    slug: str = ""
    episodes: list[EpisodeCode] = field(default_factory=list)

    @property
    def before_first(self) -> EpisodeCode | None:
        """A reader who has watched none of it yet: "S01E00"."""
        return EpisodeCode(self.episodes[0].season, 0) if self.episodes else None


BILLING_ORDER = [
    Casting.Billing.MAIN,
    Casting.Billing.NOT_STATED,
    Casting.Billing.RECURRING,
    Casting.Billing.GUEST,
]


def _label(model) -> str:
    return model._meta.label_lower


class _Reading:
    """The keys of what the boxes show, gathered as their rows are read."""

    def __init__(self, current, day=None):
        self.day = day
        self.keys: set[str] = set()
        self.current = (_label(type(current)), current.pk) if current is not None else None

    def link(self, model, pk, label, url) -> Link:
        self.keys.add(shown.listing_key(_label(model), pk))
        return Link(label, url, (_label(model), pk) == self.current)

    def members(self, model, parent_model, parent_pks) -> None:
        self.keys.update(
            shown.members_key(_label(model), _label(parent_model), pk) for pk in parent_pks
        )


def boxes(show_pks, current=None, day=None) -> list[Box]:
    """
    The boxes of these shows (in title order), `current` the page's own entry,
    as of `day` (`?as_of=`; None: today).
    """
    show_pks = sorted({pk for pk in show_pks if pk is not None})
    if not show_pks:
        return []
    reading = _Reading(current, day)
    with shown.unrecorded():
        found = _read(show_pks, reading)
    shown.add(reading.keys)
    return found


def _rows(model, show_pks, order, *fields, through="show__in") -> list[dict]:
    """The rows of `model` in these shows, in `order`, as plain values (no instances)."""
    rows = model.objects.filter(**{through: show_pks}).order_by(*order)
    return list(rows.values(*fields))


def _read(show_pks, reading) -> list[Box]:
    network = ("network_id", "network__name", "network__slug")
    shows = _rows(
        Show, show_pks, ("title", "pk"), "pk", "title", "slug", *network, through="pk__in"
    )
    # Seasons with their episodes in one query (a season with none comes once, empty).
    episodes = ("episodes__pk", "episodes__number", "episodes__title", "episodes__release_date")
    seasons = _rows(
        Season,
        show_pks,
        ("number", "episodes__number"),
        *("pk", "show_id", "number", "release_date", *episodes),
    )
    characters = _rows(Character, show_pks, ("name", "pk"), "pk", "show_id", "name", "slug")
    person = ("person_id", "person__name", "person__slug")
    castings = sorted(
        _credited(
            _rows(
                Casting,
                show_pks,
                ("order", "person__name", "pk"),
                *("pk", "show_id", "billing", "seasons__release_date", *person),
            ),
            reading.day,
        ),
        # The main cast first, as the show's page lists them.
        key=lambda row: BILLING_ORDER.index(row["billing"]),
    )
    credits = _rows(
        Credit, show_pks, ("role", "order", "person__name", "pk"), "pk", "show_id", *person
    )
    organisations = _rows(Organisation, show_pks, ("name", "pk"), "pk", "show_id", "name", "slug")
    news = _rows(
        NewsEvent,
        show_pks,
        ("-date", "headline"),  # newest first, as the news list
        *("pk", "shows", "headline", "slug", "date"),
        through="shows__in",
    )
    season_pks = {row["pk"] for row in seasons}
    for model in (Season, Character, Casting, Credit, Organisation, NewsEvent):
        reading.members(model, Show, show_pks)
    reading.members(Episode, Season, season_pks)
    found = (
        _box(show, reading, seasons, characters, castings, credits, organisations, news)
        for show in shows
    )
    # A show with nothing in its world yet has no box: it would only link itself.
    return [box for box in found if box.groups]


def _credited(rows, day) -> list[dict]:
    """
    The casting rows (one a season) of the castings credited on `day`: as the
    pages do (shows/as_of.py credited), once a season they are in was out. The
    seasons' listing keys, which their release dates are part of, the box names.
    """
    if day is None:
        return rows
    kept = {row["pk"] for row in rows if known_on(row["seasons__release_date"], day) is Known.YES}
    return [row for row in rows if row["pk"] in kept]


def _of(rows, show, key="show_id"):
    return [row for row in rows if row[key] == show["pk"]]


def _box(show, reading, seasons, characters, castings, credits, organisations, news) -> Box:
    slug = show["slug"]
    groups = [
        _seasons(reading, slug, _of(seasons, show)),
        *_episodes(reading, slug, _of(seasons, show)),
        Group(
            gettext("Characters"),
            [
                reading.link(
                    Character,
                    row["pk"],
                    row["name"],
                    address("shows:character_detail", show_slug=slug, slug=row["slug"]),
                )
                for row in _of(characters, show)
            ],
        ),
        _people(reading, gettext("Cast"), Casting, _of(castings, show)),
        _people(reading, gettext("Crew"), Credit, _of(credits, show)),
        _organisations(reading, show, _of(organisations, show)),
        _news(reading, _of(news, show, key="shows")),
    ]
    title = reading.link(Show, show["pk"], show["title"], address("shows:show_detail", slug=slug))
    episodes = [
        EpisodeCode(row["number"], row["episodes__number"])
        for row in _of(seasons, show)
        if row["episodes__pk"] is not None
    ]
    return Box(show["title"], title, [group for group in groups if group.links], slug, episodes)


def _seasons(reading, slug, rows) -> Group:
    group, seen = Group(gettext("Seasons")), set()
    for row in rows:
        if row["pk"] in seen:
            continue
        seen.add(row["pk"])
        url = address("shows:season_detail", show_slug=slug, number=row["number"])
        label = gettext("Season %(number)s") % {"number": row["number"]}
        group.links.append(reading.link(Season, row["pk"], label, url))
    return group


def _episodes(reading, slug, rows) -> list[Group]:
    """
    A row of episodes for each season that has any; as of a day, those out by
    then (their release date, else their season's), and those that may have been
    marked so.
    """
    groups: dict[int, Group] = {}
    for row in rows:
        if row["episodes__pk"] is None:
            continue
        out = known_on(row["episodes__release_date"] or row["release_date"], reading.day)
        if out is Known.NOT_YET:
            # Named still: a change of its date (its listing) may bring it in.
            reading.keys.add(shown.listing_key(_label(Episode), row["episodes__pk"]))
            continue
        number = row["number"]
        group = groups.setdefault(
            row["pk"], Group(gettext("Season %(number)s episodes") % {"number": number})
        )
        episode = row["episodes__number"]
        label = row["episodes__title"] or gettext("Episode %(number)s") % {"number": episode}
        if out in (Known.MAYBE, Known.UNDATED):
            label = gettext("%(episode)s (perhaps not yet released)") % {"episode": label}
        url = address("shows:episode_detail", show_slug=slug, number=number, episode=episode)
        group.links.append(reading.link(Episode, row["episodes__pk"], label, url))
    return list(groups.values())


def _people(reading, heading, row_model, rows) -> Group:
    """Each person once, in the order of their first row; a row's listing covers its place."""
    group, seen = Group(heading), set()
    for row in rows:
        reading.keys.add(shown.listing_key(_label(row_model), row["pk"]))
        if row["person_id"] in seen:
            continue
        seen.add(row["person_id"])
        url = address("people:detail", slug=row["person__slug"])
        group.links.append(reading.link(Person, row["person_id"], row["person__name"], url))
    return group


def _organisations(reading, show, rows) -> Group:
    """The network that releases the show, then the organisations of its story."""
    group = Group(gettext("Organisations"))
    if show["network_id"] is not None:
        url = address("shows:organisation_detail", slug=show["network__slug"])
        group.links.append(
            reading.link(Organisation, show["network_id"], show["network__name"], url)
        )
    for row in rows:
        if row["pk"] == show["network_id"]:
            continue
        url = address("shows:organisation_detail", slug=row["slug"])
        group.links.append(reading.link(Organisation, row["pk"], row["name"], url))
    return group


def _news(reading, rows) -> Group:
    """
    The show's news, newest first; as of a day, those known by then, and those
    that may have happened by then marked so. The listing key of an event left
    out is still named: a change of its date may bring it in.
    """
    group = Group(gettext("News"))
    for row in rows:
        known = known_on(row["date"], reading.day)
        link = reading.link(
            NewsEvent, row["pk"], row["headline"], address("shows:news_detail", slug=row["slug"])
        )
        if known is Known.MAYBE:
            link.label = gettext("%(headline)s (may not have happened yet)") % {
                "headline": row["headline"]
            }
        if known in (Known.YES, Known.MAYBE):
            group.links.append(link)  # reading.link named its listing key either way
    return group
