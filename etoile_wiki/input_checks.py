"""
Requests no page could mean are refused before any part of the site reads them.

A NUL byte reaching PostgreSQL in a lookup is an error (a 500) wherever it goes:
the former-address lookup behind every 404, a list's filters, the admin's
history, filters and autocomplete. No address, query, header or cookie of the
wiki ever holds a control character, a noncharacter or a lone surrogate, so a
request carrying one is answered 400 here, saying which part held what, with
the site's 400 page. A query string that is not UTF-8 is refused the same way
(Django would read it with replacement characters: a search for text nobody
typed). A path that is not UTF-8 reaches the resolver percent-encoded, and no
page has such an address: it is a 404 without help from here.
"""

import re
from urllib.parse import unquote_to_bytes

from django.utils.translation import gettext_lazy as _

from website.views.errors import bad_request
from wiki.text import describe

# C0 controls, DEL, lone surrogates (which UTF-8 cannot encode; a WSGI server
# hands them over as surrogate escapes), and the noncharacters U+FFFE and U+FFFF.
_IN_ADDRESS = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# A query's values are form text: a tab or a line break typed into a field is
# text the wiki can carry (a GET form may hold a text area); the rest is not.
_IN_QUERY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# A header may fold with tabs, nothing else.
_IN_HEADER = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


# What the 400 page says, formatted in the reader's language once it is known.
IN_PATH = _("The address contains a character no address can hold: %(character)s.")
IN_QUERY = _(
    "The query string (after “?” in the address) contains a character "
    "no address can hold: %(character)s."
)
QUERY_NOT_UTF8 = _("The query string (after “?” in the address) is not valid UTF-8 text.")
IN_HEADER = _("The request header %(header)s contains a control character: %(character)s.")
IN_COOKIE = _("The cookie %(cookie)s contains a control character: %(character)s.")


class InputCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (problem := refusal(request)) is not None:
            reason, params = problem
            return bad_request(request, reason=reason, params=params)
        return self.get_response(request)


def refusal(request) -> tuple[str, dict] | None:
    """What makes the request unreadable (a message and its values); None if nothing does."""
    if found := _IN_ADDRESS.search(request.path):
        return IN_PATH, {"character": describe(found.group())}
    if query := request.META.get("QUERY_STRING", ""):
        try:
            # The WSGI server hands the query over as bytes read as Latin-1.
            raw = unquote_to_bytes(query.replace("+", " ").encode("latin-1"))
            decoded = raw.decode()
        except UnicodeError:
            return QUERY_NOT_UTF8, {}
        if found := _IN_QUERY.search(decoded):
            return IN_QUERY, {"character": describe(found.group())}
    for name, value in request.META.items():
        if name.startswith("HTTP_") and (found := _IN_HEADER.search(str(value))):
            header = name.removeprefix("HTTP_").replace("_", "-").title()
            return IN_HEADER, {"header": header, "character": describe(found.group())}
    # Django reads a cookie's quoted octal escapes ("\\000"): the header held none itself.
    for name, value in request.COOKIES.items():
        if found := _IN_HEADER.search(name + value):
            cookie = _IN_HEADER.sub("", name)
            return IN_COOKIE, {"cookie": cookie, "character": describe(found.group())}
    return None
