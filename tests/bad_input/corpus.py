"""
The requests the fuzz test sends: for each URL pattern of the site, a generated
corpus (no randomness, so a failure is the same on every run) of bad values in
each of its path parameters, bad query strings, odd methods and odd headers,
around a request that reaches a real page.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import resolve
from reversion.models import Version

from wiki import registry

from .routes import Route

# Values put in one path parameter at a time, percent-encoded as they travel;
# "{valid}" is the value that reaches a real page.
PATH_VALUES = (
    "{valid}%00",
    "{valid}%0b",
    "{valid}%FF",
    "{valid}999999999999999999999",
    "%00",
    "a%00b",
    "%0b",
    "%1b%5b0m",
    "%7f",
    "%EF%BF%BE",  # U+FFFE
    "%ED%A0%80",  # an encoded surrogate: not UTF-8
    "%FF",
    "caf%E9",  # Latin-1, not UTF-8
    "%C3%28",  # a broken two-byte sequence
    "0",
    "-1",
    "99999999999999999999999999",
    "9223372036854775808",
    "-9223372036854775809",
    "1e309",
    "a" * 3000,
    "%C3%A9toile",  # é: valid, and no such page
    "%27%22%3C%3E",
    "..%2F..%2Fetc%2Fpasswd",
    "%20",
)

# Query strings added to a real page's address.
QUERIES = (
    "page=%00",
    "page=-1",
    "page=99999999999999999999999999",
    "page=1e309",
    "p=%FF",
    "p=-5",
    "q=%00",
    "q=a%0bb",
    "q=" + "x" * 5000,
    "q=%22%22%22&fulltext=1",
    "q=a&q=b&q=c&type=shows.show&type=%00",
    "show=%00",
    "show=" + "s" * 3000,
    "show=%C3%A9toile&show=etoile",
    "type=%00",
    "type=shows.show&type=auth.user&type=..",
    "from=-1&to=99999999999999999999",
    "from=%00&to=a",
    "from=1&from=2&to=3&to=4",
    "name=%1b",
    "term=%00&app_label=shows&model_name=character&field_name=show",
    "term=a&app_label=%00&model_name=x&field_name=y",
    "term=" + "t" * 3000 + "&app_label=shows&model_name=newsevent&field_name=shows",
    "o=%00",
    "o=99.-99.abc",
    "e=1",
    "all=&_popup=1&_to_field=password",
    "_changelist_filters=title%3D%2500",
    "headline__contains=%00",
    "id__exact=99999999999999999999999999",
    "id__exact=-1&title__regex=%28",
    "show__id__exact=abc",
    # A reading (wiki/reading.py): the first day there is, a day that is none,
    # the same parameter twice, an episode past any show's, watched nothing yet.
    "as_of=0001-01-01&watched=S999E9999",
    "as_of=2025-02-29",
    "as_of=2025-06-01&as_of=2025-06-02",
    "as_of=2025-06-01&watched=S01E00",
    "watched=S01E07&watched=%F0%9F%8E%AC",
    "%00=1",
    "caf%E9=1",
    "&".join(f"k{n}=v" for n in range(1200)),  # more fields than Django reads
)

ODD_METHODS = ("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND")

# (headers, description) sent with a GET of a real page.
ODD_HEADERS = (
    {"Host": "evil.example"},
    {"Host": "testserver:99999999999"},
    {"Accept-Language": "xx-\u00ff\u00ff;q=abc, *;q=-1"},
    {"Accept-Encoding": "gzip;q=abc, br;q=NaN, identity;q=0"},
    {"If-None-Match": '"' * 50 + "W/garbage"},
    {"If-Modified-Since": "Mon, 99 Foo 9999 99:99:99 GMT"},
    {"Range": "bytes=99999999999999999999-"},
    {"X-Forwarded-For": "1.2.3.4, garbage, ::1%eth0, " + "9" * 300},
    {"X-Forwarded-Proto": "https, http"},
    {"Cookie": "sessionid=" + "a" * 4000 + "; csrftoken=%00; django_language=xx"},
    {"Cookie": 'sessionid="\\000"'},
    {"User-Agent": "A" * 10000},
    {"Referer": "https://example.org/\x01"},
    {"Authorization": "Basic ^^^"},
    {"Content-Type": "multipart/form-data"},
    {"X-Odd": "a\x00b"},
)

FORM_BODY = "a=%00&b=%FF&csrfmiddlewaretoken=x&" + "&".join(f"f{n}=1" for n in range(50))


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: str = ""
    headers: dict = field(default_factory=dict, hash=False, compare=False)
    body: str | None = None

    def __str__(self):
        address = f"{self.path}?{self.query}" if self.query else self.path
        extra = f" headers={self.headers!r}"[:200] if self.headers else ""
        return f"{self.method} {address[:300]}{extra}"


class Samples:
    """Values that reach a real page for each path parameter, read from the loaded wiki."""

    def __init__(self):
        self.by_route = {}
        for entry in registry.entries():
            instance = entry.model._default_manager.first()
            if instance is None or not hasattr(instance, "get_absolute_url"):
                continue
            match = resolve(instance.get_absolute_url())
            self.by_route[match.route] = {k: str(v) for k, v in match.kwargs.items()}
        show = apps.get_model("shows", "show").objects.first()
        self.version = Version.objects.order_by("pk").first()
        self.defaults = {
            "show_slug": show.slug,
            "label": "shows.show",
            "section": "shows",
            "app_label": "shows",
            "content_type_id": str(ContentType.objects.get_for_model(show).pk),
            "object_id": str(show.pk),
            "version_id": str(self.version.pk),
            "number": "1",
            "episode": "1",
            "id": "1",
            "url": "nowhere/",
        }

    def valid(self, route: Route) -> dict[str, str]:
        values = {name: self.defaults.get(name, "x") for name in route.parameters}
        values.update(self.by_route.get(route.route, {}))
        model = self._admin_model(route)
        if model is not None:
            obj = model._default_manager.order_by("pk").first()
            pk = str(obj.pk) if obj is not None else "1"
            values.update({"object_id": pk, "id": pk})
            content_type = ContentType.objects.get_for_model(model)
            versions = Version.objects.filter(content_type=content_type).order_by("pk")
            version = versions.first() or self.version
            # django-reversion's revision view (object, version) and recover view (version).
            if "arg1" in values:
                values.update(arg0=pk, arg1=str(version.pk))
            elif "arg0" in values:
                values.update(arg0=str(version.pk))
        return values

    @staticmethod
    def _admin_model(route: Route):
        if not route.route.startswith("admin/") or not route.name:
            return None
        for model in apps.get_models():
            prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
            if route.name.startswith(prefix):
                return model
        return None


def requests_for(route: Route, samples: Samples, *, share: int = 0, spread: int = 1):
    """
    The corpus of one URL pattern: every bad value in each path parameter, and
    of the bad queries, odd methods and odd headers one in `spread`, taken
    from `share` on, so that patterns served by the same code (each kind's
    admin pages) between them receive every one.
    """
    valid = samples.valid(route)
    base = route.fill(**valid)
    corpus = [Request("GET", base)]
    for name in route.parameters:
        for value in PATH_VALUES:
            value = value.replace("{valid}", valid[name])
            corpus.append(Request("GET", route.fill(**{**valid, name: value})))
    around = [Request("GET", base, query) for query in QUERIES]
    around += [
        Request(method, base, body=FORM_BODY if method in ("PUT", "PATCH") else None)
        for method in ODD_METHODS
    ]
    around += [Request("GET", base, headers=headers) for headers in ODD_HEADERS]
    around.append(
        Request("POST", base, body="--x\r\nbroken", headers={"Content-Type": "multipart/form-data"})
    )
    return corpus + around[share % spread :: spread]
