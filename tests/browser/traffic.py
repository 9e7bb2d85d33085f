"""What the pages of a test asked for, and what they complained about."""

from urllib.parse import urlsplit


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Traffic:
    """
    Every request of the contexts it watches, and every console error and
    uncaught exception of their pages. Requests to any other origin are
    recorded, then refused, so that no test waits on a network it does not
    have: a page must be readable from its own server alone (no web font,
    script or stylesheet from another host).
    """

    def __init__(self, site_url):
        self.site = origin(site_url)
        self.requests = []
        self.errors = []

    def watch(self, context):
        context.on("request", lambda request: self.requests.append(request.url))
        context.route("**/*", self._route)
        context.on("page", self._watch_page)

    def _route(self, route):
        if origin(route.request.url) == self.site:
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def _watch_page(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _console(self, message):
        # CSP violations are reported here too.
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url')})")

    @staticmethod
    def path(url):
        return urlsplit(url).path

    def foreign(self):
        """The requests that went to another origin than the live server's."""
        return [url for url in self.requests if origin(url) != self.site]

    def check(self):
        assert self.foreign() == [], "pages asked another host"
        assert self.errors == [], "pages logged errors"
