"""
An entry's address without a full `reverse()` each time.

`reverse()` tries the URL pattern against its arguments on every call: a
hundred and thirty on the show page, a tenth of its time (issue 15). Here the
pattern is reversed once per view name, language, script prefix and URLconf,
with marker arguments, and later addresses are that template with the
arguments quoted as `reverse()` quotes them. Only values every converter of
the wiki's addresses accepts take the short way (slugs, which are `[-\\w]+`,
and non-negative ids); any other value goes through `reverse()`, which says
what is wrong with it.
"""

import re
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language

# Digits fit a `slug`, a `wslug` and an `int` converter alike.
_MARKER = "8264019375"
_SLUG = re.compile(r"[-\w]+")
_SAFE = RFC3986_SUBDELIMS + "/~:@"
_templates: dict[tuple, str] = {}


def _template(key, viewname: str, names: tuple[str, ...]) -> str:
    markers = {name: f"{_MARKER}{index:03d}" for index, name in enumerate(names)}
    marked = reverse(viewname, kwargs=markers).replace("{", "{{").replace("}", "}}")
    for name, marker in markers.items():
        marked = marked.replace(marker, "{" + name + "}")
    _templates[key] = marked
    return marked


def address(viewname: str, **kwargs) -> str:
    """What `reverse(viewname, kwargs=kwargs)` gives, for stored slugs and ids."""
    for value in kwargs.values():
        if isinstance(value, bool) or not (
            (isinstance(value, int) and value >= 0)
            or (isinstance(value, str) and _SLUG.fullmatch(value))
        ):
            return reverse(viewname, kwargs=kwargs)
    names = tuple(sorted(kwargs))
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    key = (viewname, names, urlconf, get_script_prefix(), get_language())
    template = _templates.get(key) or _template(key, viewname, names)
    return template.format(
        **{name: quote(str(value), safe=_SAFE) for name, value in kwargs.items()}
    )
