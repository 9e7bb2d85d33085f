"""Every URL pattern of the site, read from the resolver, as the fuzz and feed tests walk them."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern


@dataclass(frozen=True)
class Route:
    """One URL pattern: its route with `<converter:name>` holes, its view and its name."""

    route: str
    callback: object
    name: str | None

    @property
    def parameters(self) -> dict[str, str]:
        """{name: converter} for each hole, in order."""
        found = {}
        for part in self.route.split("<")[1:]:
            hole = part.split(">", 1)[0]
            converter, _, name = hole.rpartition(":")
            found[name] = converter or "str"
        return found

    def fill(self, **values: str) -> str:
        """The route with each hole replaced by the (already URL-safe) value given for it."""
        path = self.route
        for name, converter in self.parameters.items():
            hole = f"<{converter}:{name}>" if f"<{converter}:{name}>" in path else f"<{name}>"
            path = path.replace(hole, values[name], 1)
        return "/" + path


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if isinstance(pattern.pattern, LocalePrefixPattern):
                part = ""  # the default language has no prefix
            else:
                part = _route_text(pattern.pattern)
            yield from _walk(pattern.url_patterns, prefix + part)
        elif isinstance(pattern, URLPattern):
            yield Route(prefix + _route_text(pattern.pattern), pattern.callback, pattern.name)


def _route_text(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return str(pattern._route)
    # A regex pattern (django-reversion's, the admin's app index): each group
    # becomes a hole, named as the group is, or argN.
    text = pattern.regex.pattern.removeprefix("^").removesuffix("\\Z").removesuffix("$")
    route, depth, holes = "", 0, 0
    for index, char in enumerate(text):
        if char == "(" and depth == 0:
            name = re.match(r"\?P<(\w+)>", text[index + 1 :])
            route += f"<{name.group(1) if name else f'arg{holes}'}>"
            holes += 1
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and char != "\\":
            route += char
    return route


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))
