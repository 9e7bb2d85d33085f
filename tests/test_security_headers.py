"""
The headers every response carries: a Content-Security-Policy that allows
nothing it does not name, Cross-Origin-Resource-Policy, and the integrity of
the pages' script and stylesheet. tests/live/test_observatory.py scores them
as the Mozilla HTTP Observatory does, behind TLS.
"""

import base64
import hashlib
import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def directives(policy):
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_the_policy_allows_nothing_it_does_not_name(client, etoile):
    policy = directives(client.get("/shows/etoile/")["Content-Security-Policy"])
    assert policy == {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
    }


@pytest.mark.parametrize(
    "url", ["/", "/shows/etoile/", "/fr/shows/etoile/", "/no-such-page/", "/admin/login/"]
)
def test_every_kind_of_response_says_same_origin_only(client, etoile, url):
    response = client.get(url)
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


def test_an_object_stores_origin_is_the_only_other_one_allowed_pictures(settings, client):
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "img-src": ["'self'", "https://media.example.org"],
    }
    policy = directives(client.get("/")["Content-Security-Policy"])
    assert policy["img-src"] == ["'self'", "https://media.example.org"]
    assert policy["default-src"] == ["'none'"]


@pytest.mark.parametrize(
    ("pattern", "static"),
    [
        (r'<script src="/static/js/search\.js"[^>]* integrity="([^"]+)"', "js/search.js"),
        (r'<script src="/static/js/reading\.js"[^>]* integrity="([^"]+)"', "js/reading.js"),
        (
            r'<link rel="stylesheet" href="/static/css/site\.css"[^>]* integrity="([^"]+)"',
            "css/site.css",
        ),
    ],
)
def test_the_script_and_stylesheet_carry_the_digest_of_the_file_served(client, pattern, static):
    html = client.get("/").content.decode()
    integrity = re.search(pattern, html).group(1)
    with open(finders.find(static), "rb") as file:
        digest = base64.b64encode(hashlib.sha256(file.read()).digest()).decode()
    assert integrity == f"sha256-{digest}"
