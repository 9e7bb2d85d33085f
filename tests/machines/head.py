"""
A page's head as machines read it: its JSON-LD, its meta tags, its canonical link.

Parsed with the standard library's HTML parser (a script element's text runs to
its first `</script>`, as in a browser), the JSON-LD checked with PyLD against a
schema.org context kept here: PyLD would fetch https://schema.org over the
network, and tests have none.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser

from pyld import jsonld
from pyld.documentloader.frozen import FrozenDocumentLoader

SCHEMA = "https://schema.org/"


@dataclass
class Head:
    json_ld: list[dict] = field(default_factory=list)
    # property= or name= → every content= given for it, in order.
    meta: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    canonical: list[str] = field(default_factory=list)
    title: str = ""
    description: str = ""

    def one(self, name: str) -> str:
        values = self.meta.get(name, [])
        assert len(values) == 1, f"{name}: {values}"
        return values[0]

    @property
    def graph(self) -> list[dict]:
        assert len(self.json_ld) == 1, "one JSON-LD document per page"
        return self.json_ld[0]["@graph"]


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.head = Head()
        self._script = None
        self._title = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._script = []
        elif tag == "title":
            self._title = []
        elif tag == "meta" and (key := attrs.get("property") or attrs.get("name")):
            if key == "description":
                self.head.description = attrs["content"]
            else:
                self.head.meta[key].append(attrs["content"])
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.head.canonical.append(attrs["href"])

    def handle_data(self, data):
        for part in (self._script, self._title):
            if part is not None:
                part.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.head.json_ld.append(json.loads("".join(self._script)))
            self._script = None
        elif tag == "title" and self._title is not None:
            self.head.title = "".join(self._title)
            self._title = None


def read_head(html: str) -> Head:
    parser = _HeadParser()
    parser.feed(html.split("</head>", 1)[0])
    return parser.head


# schema.org, as far as the wiki uses it --------------------------------------

THING = {"name", "url", "description", "image", "sameAs", "subjectOf", "potentialAction"}
CREATIVE_WORK = THING | {
    "about",
    "abstract",
    "author",
    "creator",
    "creativeWorkStatus",
    "creditText",
    "datePublished",
    "genre",
    "producer",
    "publisher",
}
ON_SCREEN = {"actor", "director"}
ORGANIZATION = THING | {"parentOrganization", "subOrganization", "employee", "location"}
ROLE = {"roleName", "startDate", "endDate"}

# Each type's properties, its ancestors' included (https://schema.org/<Type>).
PROPERTIES = {
    "Thing": THING,
    "CreativeWork": CREATIVE_WORK,
    "TVSeries": CREATIVE_WORK
    | ON_SCREEN
    | {"containsSeason", "numberOfEpisodes", "numberOfSeasons", "startDate"},
    "TVSeason": CREATIVE_WORK
    | ON_SCREEN
    | {"partOfSeries", "seasonNumber", "numberOfEpisodes", "startDate", "episode"},
    "TVEpisode": CREATIVE_WORK | ON_SCREEN | {"partOfSeason", "partOfSeries", "episodeNumber"},
    "Person": THING | {"worksFor"},
    "Organization": ORGANIZATION,
    "NewsMediaOrganization": ORGANIZATION,
    "DanceGroup": ORGANIZATION,
    "Event": THING | {"about", "startDate"},
    "ImageObject": CREATIVE_WORK | {"contentUrl", "width", "height", "caption"},
    "WebSite": CREATIVE_WORK,
    "SearchAction": THING | {"target", "query-input"},
    "EntryPoint": THING | {"urlTemplate"},
    "Role": ROLE,
    "PerformanceRole": ROLE | {"characterName"},
    "EmployeeRole": ROLE,
}
ROLES = {"Role", "PerformanceRole", "EmployeeRole"}
LINKS = {"url", "sameAs", "contentUrl"}
DATES = {"startDate", "endDate", "datePublished"}

# The context PyLD is given for https://schema.org: every type and property
# above, and nothing else, so a misspelt or invented one is dropped and caught.
SCHEMA_CONTEXT = {
    "@context": {
        "schema": SCHEMA,
        **{name: f"schema:{name}" for name in PROPERTIES},
        **{
            name: {"@id": f"schema:{name}", "@type": "@id"}
            if name in LINKS
            else {"@id": f"schema:{name}", "@type": "schema:Date"}
            if name in DATES
            else f"schema:{name}"
            for name in set().union(*PROPERTIES.values())
        },
    }
}
OFFLINE = FrozenDocumentLoader({"https://schema.org": SCHEMA_CONTEXT})


def check_properties(node, reached_by=None):
    """Every node's properties are its type's (a Role also carries the property it stands in)."""
    if isinstance(node, list):
        for item in node:
            check_properties(item, reached_by)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("@type")
    if kind is not None:
        allowed = PROPERTIES[kind] | ({reached_by} if kind in ROLES else set())
        extra = {key for key in node if not key.startswith("@")} - allowed
        assert not extra, f"{kind} has no {sorted(extra)}"
    for key, value in node.items():
        if key == "@context":
            continue
        assert value not in (None, "", [], {}), f"{kind}.{key} is written empty"
        check_properties(value, key)


def expand_offline(document: dict) -> list:
    """The document expanded by a JSON-LD processor, failing on any term schema.org lacks."""
    dropped = []
    expanded = jsonld.expand(
        document, {"documentLoader": OFFLINE}, on_property_dropped=dropped.append
    )
    assert not dropped, f"not schema.org terms: {dropped}"
    return expanded


def nodes_by_id(document: dict) -> dict[str, dict]:
    """The graph flattened: every node once, by @id, with what the page says of it merged."""
    flat = jsonld.flatten(document, None, {"documentLoader": OFFLINE})
    return {node["@id"]: node for node in flat}


def validate(document: dict) -> dict[str, dict]:
    """
    Checks a page's JSON-LD and returns its nodes by @id: schema.org terms
    only, of the right types, and every node it links to typed and named.
    """
    assert document["@context"] == "https://schema.org"
    check_properties(document["@graph"])
    expand_offline(document)
    nodes = nodes_by_id(document)
    for node in nodes.values():
        for type_iri in node.get("@type", []):
            assert type_iri.startswith(SCHEMA), type_iri
        if not node["@id"].startswith("_:"):
            # A node with an address is a page's entry: a reader (or a crawler) can go there.
            assert node["@id"].startswith("http://testserver/"), node["@id"]
            assert node.get("@type"), f"{node['@id']} is linked to but never described"
            if node["@type"] != [SCHEMA + "ImageObject"]:
                assert node.get(SCHEMA + "name"), f"{node['@id']} has no name"
    return nodes
