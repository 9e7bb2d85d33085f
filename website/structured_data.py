"""
schema.org JSON-LD for the wiki's pages: what an entry is, for search engines.

One small function per kind of entry builds its node as plain dicts, from the
entry as its page's view loaded it (prefetched relations, counted annotations):
nothing here queries. `graph_for()` picks the builder by the page's view and
returns `{"@context": ..., "@graph": [...]}`; `json_ld_script()` writes it.

Every node is named by an `@id` (its page's absolute URL and a fragment for its
kind, "…/shows/etoile/#show"), so the nodes of one page, and of different pages,
link up. Facts the wiki does not know are left out, never written empty;
dates are given at their own precision ("2025", "2025-06", "2025-04-24": ISO
8601, which schema.org's Date takes), never with an invented day.

Choices where schema.org and the wiki's data do not meet one to one:

- News events are `Event`s, not `NewsArticle`s. A news event here is the
  happening itself (an order, a premiere, a cancellation), dated when it
  happened and cited to the articles that reported it; a NewsArticle's
  datePublished, author and publisher would describe the wiki's own text,
  which the wiki does not date or sign. The reporting articles, the sources,
  are the event's `subjectOf`. What the event involved (shows, people,
  organisations: the page's "Involved" box) is its `about`.
- A show's network (the platform that releases it) is its `publisher`, not its
  `productionCompany`: the wiki records no production company for a show, and
  the network did not produce it.
- Characters and fictional organisations exist only in a show's story.
  schema.org has no "fictional" mark, and an `Organization` or `Person` node
  would tell a search engine that a real one exists; so they are `Thing`s that
  their show is `subjectOf`, and an actor's part is a `PerformanceRole` whose
  `characterName` names the character.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from images.models import Image, lead_image
from people.models import Person
from shows.models import (
    Casting,
    Character,
    Credit,
    Episode,
    NewsEvent,
    Organisation,
    Position,
    Season,
    Show,
    Source,
)
from shows.partial_dates import PartialDate
from wiki.text import xml_safe
from wikitext.markup import plain_text
from wikitext.translations import shown_text

SCHEMA_CONTEXT = "https://schema.org"
SITE_NAME = "Étoile Wiki"

# The schema.org property of a show for each credit behind the camera. Creators
# and directors are named as Persons; the others through a Role that keeps the
# wiki's own name for the credit (a showrunner and an executive producer are
# both producers to schema.org).
CREDIT_PROPERTIES = {
    Credit.Role.CREATOR: "creator",
    Credit.Role.DIRECTOR: "director",
    Credit.Role.WRITER: "author",
    Credit.Role.SHOWRUNNER: "producer",
    Credit.Role.EXECUTIVE_PRODUCER: "producer",
}
CREDITS_AS_ROLES = {Credit.Role.SHOWRUNNER, Credit.Role.EXECUTIVE_PRODUCER}

# Real organisations of these kinds have a closer schema.org type.
ORGANISATION_TYPES = {
    Organisation.Kind.PUBLICATION: "NewsMediaOrganization",
    Organisation.Kind.BALLET_COMPANY: "DanceGroup",
}

# The width a shared picture is asked for: the size link previews show large.
SHARED_IMAGE_WIDTH = 1200

# What JSON must not say raw inside a <script> element: "</script>" would end
# it and "<!--" would change how it is parsed. Escaped as Django's json_script
# escapes them (django.utils.html), which only writes type="application/json".
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


class Links:
    """Absolute URLs and node ids, from the request's own scheme and host."""

    def __init__(self, request):
        self.request = request
        # get_host() checked the host against ALLOWED_HOSTS when the request came in;
        # asked once here, not once per link.
        self.origin = request.build_absolute_uri("/").removesuffix("/")

    def url(self, target) -> str:
        path = target if isinstance(target, str) else target.get_absolute_url()
        if path.startswith("/") and not path.startswith("//"):
            return self.origin + path
        # A picture served from another origin (MEDIA_URL on a CDN) is already absolute.
        return self.request.build_absolute_uri(path)

    def node_id(self, entry, kind: str) -> str:
        return f"{self.url(entry)}#{kind}"


def compact(node: dict) -> dict:
    """The node without the properties the wiki does not know (None, "", [])."""
    return {key: value for key, value in node.items() if value not in (None, "", [], {})}


def date(value: PartialDate | None) -> str | None:
    return value.html_datetime() if value else None


def text(entry, field: str) -> str:
    """
    An entry's wiki text's words, as the page's description gives them (no
    markup, no spoilers), in the page's language when an editor wrote it so.
    """
    return plain_text(shown_text(entry, field))


# References: the few properties that name and link an entry from another node.


def series_ref(show: Show, links: Links) -> dict:
    return {
        "@type": "TVSeries",
        "@id": links.node_id(show, "show"),
        "name": show.title,
        "url": links.url(show),
    }


def season_ref(season: Season, links: Links) -> dict:
    return {
        "@type": "TVSeason",
        "@id": links.node_id(season, "season"),
        "name": season.label,
        "url": links.url(season),
        "seasonNumber": season.number,
    }


def person_ref(person: Person, links: Links) -> dict:
    return {
        "@type": "Person",
        "@id": links.node_id(person, "person"),
        "name": person.name,
        "url": links.url(person),
    }


def organisation_ref(organisation: Organisation, links: Links) -> dict:
    return {
        "@type": organisation_type(organisation),
        "@id": links.node_id(organisation, "organisation"),
        "name": organisation.name,
        "url": links.url(organisation),
    }


def organisation_type(organisation: Organisation) -> str:
    if organisation.is_fictional:
        return "Thing"
    return ORGANISATION_TYPES.get(organisation.kind, "Organization")


def image_object(image: Image | None, links: Links) -> dict | None:
    """A picture: its file (when the wiki holds one) at a size link previews can use."""
    if image is None:
        return None
    shown = image.display(SHARED_IMAGE_WIDTH)
    return compact(
        {
            "@type": "ImageObject",
            "@id": links.node_id(image, "image"),
            "url": links.url(image),
            "contentUrl": links.url(shown.url) if shown else None,
            "width": shown.width if shown else None,
            "height": shown.height if shown else None,
            "caption": image.caption,
            "description": image.alt,
            "creditText": image.credit,
        }
    )


def lead_image_object(entry, links: Links) -> dict | None:
    """The entry's lead picture, from its prefetched gallery (`gallery_prefetch()`)."""
    return image_object(lead_image(entry.images.all()), links)


# Roles: a casting, a credit, a post, each from either end.


def performance_role(casting: Casting, actor: dict) -> dict:
    """An actor's part in a show: `actor` is the Person node, or a reference to it."""
    return compact(
        {
            "@type": "PerformanceRole",
            "actor": actor,
            "characterName": casting.character.name if casting.character_id else None,
            # As the character page words it: "main cast", or only "cast" when the source
            # names them in the cast without a billing.
            "roleName": (
                f"{casting.get_billing_display().lower()} cast" if casting.billing else "cast"
            ),
        }
    )


def credit_value(credit: Credit, person: dict) -> tuple[str, dict]:
    """The show's property for a credit, and its value: the person, or a Role naming the credit."""
    prop = CREDIT_PROPERTIES[credit.role]
    if credit.role in CREDITS_AS_ROLES:
        return prop, {"@type": "Role", "roleName": credit.get_role_display(), prop: person}
    return prop, person


def employee_role(position: Position, prop: str, value: dict) -> dict:
    """A post at an organisation, dated as precisely as its sources date it."""
    return compact(
        {
            "@type": "EmployeeRole",
            prop: value,
            "roleName": position.title,
            "startDate": date(position.start),
            "endDate": date(position.end),
        }
    )


# Entries: one builder per page, returning the page's nodes, its own first.


def tv_series(show: Show, links: Links) -> list[dict]:
    node = series_ref(show, links) | {
        "description": text(show, "description"),
        "abstract": text(show, "synopsis"),
        "genre": show.genre,
        "startDate": date(show.premiere_date),
        # Today's, whatever day the page is read as of (?as_of=): machines read the world as it is.
        "creativeWorkStatus": show.status_today.label,
        # The counts the page's infobox gives today: seasons released, episodes recorded.
        "numberOfSeasons": show.seasons_made_today,
        "numberOfEpisodes": show.episode_total,
        "publisher": organisation_ref(show.network, links) if show.network_id else None,
        "image": lead_image_object(show, links),
        "actor": [
            performance_role(casting, person_ref(casting.person, links))
            for casting in show.castings.all()
        ],
        "containsSeason": [
            compact(
                season_ref(season, links)
                | {
                    "numberOfEpisodes": season.episode_count,
                    "startDate": date(season.release_date),
                    "creativeWorkStatus": season.status_today.label,
                }
            )
            for season in show.seasons.all()
        ],
    }
    for credit in show.credits.all():
        prop, value = credit_value(credit, person_ref(credit.person, links))
        node.setdefault(prop, []).append(value)
    return [compact(node)]


def tv_season(season: Season, links: Links) -> list[dict]:
    node = season_ref(season, links) | {
        "partOfSeries": series_ref(season.show, links),
        "description": text(season, "summary"),
        "numberOfEpisodes": season.episode_count,
        "startDate": date(season.release_date),
        "creativeWorkStatus": season.status_today.label,
        "image": lead_image_object(season, links),
        "episode": [
            compact(
                {
                    "@type": "TVEpisode",
                    "@id": links.node_id(episode, "episode"),
                    "name": episode.label,
                    "url": links.url(episode),
                    "episodeNumber": episode.number,
                    "datePublished": date(episode.release_date),
                }
            )
            for episode in season.episodes.all()
        ],
        "actor": [
            performance_role(casting, person_ref(casting.person, links))
            for casting in season.castings.all()
        ],
    }
    return [compact(node)]


def tv_episode(episode: Episode, links: Links) -> list[dict]:
    season = episode.season
    node = {
        "@type": "TVEpisode",
        "@id": links.node_id(episode, "episode"),
        # As the page names it: its title, or "Episode 3" until a source gives one.
        "name": episode.label,
        "url": links.url(episode),
        "episodeNumber": episode.number,
        "datePublished": date(episode.release_date),
        "description": text(episode, "summary"),
        "partOfSeason": season_ref(season, links),
        "partOfSeries": series_ref(season.show, links),
    }
    return [compact(node)]


def person_entry(person: Person, links: Links) -> list[dict]:
    """The person, and the shows they act in or made, each pointing back to them."""
    me = {"@id": links.node_id(person, "person")}
    node = person_ref(person, links) | {
        "description": text(person, "biography"),
        "image": lead_image_object(person, links),
        "worksFor": [
            employee_role(position, "worksFor", organisation_ref(position.organisation, links))
            for position in person.positions.all()
        ],
    }
    shows: dict[str, dict] = {}

    def show_node(show):
        ref = series_ref(show, links)
        return shows.setdefault(ref["@id"], ref)

    for casting in person.castings.all():
        show_node(casting.show).setdefault("actor", []).append(performance_role(casting, me))
    for credit in person.credits.all():
        prop, value = credit_value(credit, me)
        show_node(credit.show).setdefault(prop, []).append(value)
    return [compact(node), *shows.values()]


def character_entry(character: Character, links: Links) -> list[dict]:
    """The character (a Thing of the story), and the show with the actors who play them."""
    show = series_ref(character.show, links)
    node = {
        "@type": "Thing",
        "@id": links.node_id(character, "character"),
        "name": character.name,
        "url": links.url(character),
        "description": text(character, "description"),
        "image": lead_image_object(character, links),
        "subjectOf": {"@id": show["@id"]},
    }
    show["actor"] = [
        performance_role(casting, person_ref(casting.person, links))
        for casting in character.castings.all()
    ]
    return [compact(node), compact(show)]


def organisation_entry(organisation: Organisation, links: Links) -> list[dict]:
    description = text(organisation, "description")
    node = organisation_ref(organisation, links) | {"description": description}
    if organisation.show_id and not organisation.is_fictional:
        # Whether it exists outside the story is not stated: it is still the show's subject.
        node["subjectOf"] = series_ref(organisation.show, links)
    if organisation.is_fictional:
        # Only its place in the story: a fictional company has no address, parent or staff to
        # state (and a Thing no `location`; where it is in the story, its description says).
        node["subjectOf"] = series_ref(organisation.show, links)
        return [compact(node)]
    me = {"@id": node["@id"]}
    node |= {
        "location": organisation.location,
        "parentOrganization": (
            organisation_ref(organisation.parent, links) if organisation.parent_id else None
        ),
        "subOrganization": [organisation_ref(d, links) for d in organisation.divisions.all()],
        "employee": [
            employee_role(position, "employee", person_ref(position.person, links))
            for position in organisation.positions.all()
        ],
    }
    # The shows it releases, as their network.
    released = [series_ref(show, links) | {"publisher": me} for show in organisation.shows.all()]
    return [compact(node), *released]


def news_event(event: NewsEvent, links: Links) -> list[dict]:
    about = [
        *(series_ref(show, links) for show in event.shows.all()),
        *(person_ref(p, links) for p in event.people.all()),
        *(organisation_ref(o, links) for o in event.organisations.all()),
    ]
    node = {
        "@type": "Event",
        "@id": links.node_id(event, "event"),
        "name": event.headline,
        "url": links.url(event),
        "startDate": date(event.date),
        "description": text(event, "summary"),
        "image": lead_image_object(event, links),
        "about": about,
        "subjectOf": [source_ref(source, links) for source in event.sources.all()],
    }
    return [compact(node)]


def source_ref(source: Source, links: Links) -> dict:
    """A published work facts are cited to; `sameAs` is the work itself, where known."""
    return compact(
        {
            "@type": "CreativeWork",
            "@id": links.node_id(source, "source"),
            "name": str(source),
            "url": links.url(source),
            "sameAs": source.url,
            "publisher": organisation_ref(source.publisher, links) if source.publisher_id else None,
            "datePublished": date(source.published),
        }
    )


def source_entry(source: Source, links: Links) -> list[dict]:
    return [source_ref(source, links)]


def image_entry(image: Image, links: Links) -> list[dict]:
    return [image_object(image, links)]


def web_site(links: Links) -> list[dict]:
    """The wiki, and how to search it (`/search/?q=`)."""
    home = links.url(reverse("website:home"))
    search = links.url(reverse("search:results"))
    node = {
        "@type": "WebSite",
        "@id": f"{home}#website",
        "name": SITE_NAME,
        "url": home,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
    return [node]


# The pages that describe an entry, by view name, and what the view calls it.
ENTRY_PAGES = {
    "shows:show_detail": tv_series,
    "shows:season_detail": tv_season,
    "shows:episode_detail": tv_episode,
    "shows:character_detail": character_entry,
    "people:detail": person_entry,
    "shows:organisation_detail": organisation_entry,
    "shows:news_detail": news_event,
    "shows:source_detail": source_entry,
    "images:detail": image_entry,
}


def graph_for(view_name: str | None, entry, links: Links) -> dict | None:
    """The page's JSON-LD document, or None for a page that describes no entry."""
    if view_name == "website:home":
        nodes = web_site(links)
    elif (build := ENTRY_PAGES.get(view_name)) is not None and entry is not None:
        nodes = build(entry, links)
    else:
        return None
    return {"@context": SCHEMA_CONTEXT, "@graph": nodes}


def json_ld_script(document: dict) -> SafeString:
    """
    The document in a `<script type="application/ld+json">`, safe whatever editors wrote.

    No CSP nonce: the policy's `script-src 'self'` governs scripts that run, and
    a browser never runs a data block. HTML's "prepare the script element" stops
    at a type that is not JavaScript, before the CSP inline check, so
    `application/ld+json` is neither run nor reported. Checked in Chromium 156
    under this site's policy: the inline JavaScript beside it was refused and
    reported, the ld+json block raised no violation and read back as JSON. A
    nonce would also be wrong here: the page cache replays the HTML of the
    first render, while the CSP header, added outside the cache, would carry a
    fresh nonce on every response.
    """
    # Django's encoder, as json_script's: a lazily translated label is written as its text.
    # Text stored before control characters were refused is written without them.
    body = json.dumps(
        xml_safe(document), cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
    )
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(body.translate(_SCRIPT_ESCAPES)),
    )
