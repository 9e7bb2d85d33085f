"""
The editor of the mixed-workload benchmark (bench/mixed_bench.py): a browser
signed in to the admin that opens a character's change form and saves it with
a new description, as a person would (the CSRF token and every field of the
form posted back), and the marks each saved text carries so that a reader's
copy of the page can be told current, older or newer.
"""

from __future__ import annotations

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser

# Each saved description carries its edit's number: a page showing a number at
# least as high as the save's is current (a later save may have landed since).
MARK = "Mixed benchmark edit #{number}."
MARK_PATTERN = re.compile(r"Mixed benchmark edit #(\d+)\.")


def marked_text(number: int) -> str:
    return f"{MARK.format(number=number)} A description saved while readers read."


def edit_number(html: str) -> int | None:
    """The highest edit number a page shows, or None when it shows none."""
    numbers = [int(found) for found in MARK_PATTERN.findall(html)]
    return max(numbers) if numbers else None


class EditRefused(Exception):
    """The admin did not save (no redirect after the POST)."""


class _FormFields(HTMLParser):
    """The fields of one form with the values a browser submits when nothing is touched."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: list[str] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            value = attrs.get("value")
            if value is None:
                value = "on" if "checked" in attrs else ""
            self.fields.append((name, value))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            name, value = self._textarea
            # A textarea's first line break is not part of its value.
            self.fields.append((name, value.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    parser = _FormFields(form_id)
    parser.feed(html)
    return parser.fields


def main_form_id(html: str) -> str:
    """The id of the admin page's own form (the first in its content)."""
    found = re.search(r'id="content-main".*?<form\b[^>]*\bid="([^"]+)"', html, re.DOTALL)
    if not found:
        raise EditRefused("no form on the admin page")
    return found[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class AdminSave:
    """One save through the admin: the change form opened, then posted."""

    open_seconds: float
    save_seconds: float


class AdminBrowser:
    """Cookies, CSRF and forms over real HTTP, one connection per request."""

    def __init__(self, base_url: str, timeout: float = 30):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base_url + path))

    def post(self, path: str, fields: list[tuple[str, str]]) -> tuple[int, str]:
        url = self.base_url + path
        body = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(url, data=body, headers={"Referer": url}))

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def log_in(self, username: str, password: str) -> None:
        path = "/admin/login/"
        status, html = self.get(path)
        if status != 200:
            raise EditRefused(f"GET {path}: status {status}")
        fields = dict(form_fields(html, "login-form"))
        fields.update(username=username, password=password)
        status, html = self.post(path, list(fields.items()))
        if status != 302:
            raise EditRefused(f"logging in as {username}: status {status} (a 302 was expected)")

    def save(self, change_path: str, **values: str) -> AdminSave:
        """Open the change form, set `values`, post everything else as it came."""
        started = time.perf_counter()
        status, html = self.get(change_path)
        opened = time.perf_counter()
        if status != 200:
            raise EditRefused(f"GET {change_path}: status {status}")
        fields = [(n, v) for n, v in form_fields(html, main_form_id(html)) if n not in values]
        status, html = self.post(change_path, fields + list(values.items()))
        saved = time.perf_counter()
        if status != 302:
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.DOTALL)
            detail = re.sub(r"<[^>]+>", " ", " ".join(errors))
            raise EditRefused(
                f"POST {change_path}: status {status} " + " ".join(detail.split())[:300]
            )
        return AdminSave(open_seconds=opened - started, save_seconds=saved - opened)
