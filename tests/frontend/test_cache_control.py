"""
A page the page cache keeps (it carries its keys) goes out shareable for a
short time when the site purges a front cache; browsers still revalidate.
Everything else keeps what it said and loses its keys (pagecache/frontend.py).
"""

from http import HTTPStatus

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.cache import patch_cache_control

from pagecache.frontend import FrontendCacheMiddleware
from pagecache.invalidation import KEYS_HEADER

PAGE = "/shows/etoile/characters/cheyenne-toussaint/"
KEYS = "shows.character:1 table:shows_character all"


@pytest.fixture(autouse=True)
def front_cache(settings):
    settings.FRONTEND_CACHE_URLS = ["http://127.0.0.1:6081/"]
    settings.FRONTEND_CACHE_SECONDS = 45
    settings.FRONTEND_CACHE_GRACE_SECONDS = 15


def page(status=HTTPStatus.OK, cache_control="no-cache", keys=KEYS):
    response = HttpResponse("<p>page</p>", status=status)
    response["ETag"] = '"abc"'
    if cache_control:
        response["Cache-Control"] = cache_control
    if keys:
        response[KEYS_HEADER] = keys
    return response


def through(response, request=None):
    request = request or RequestFactory().get(PAGE)
    return FrontendCacheMiddleware(lambda _request: response)(request)


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_a_kept_page_may_be_kept_by_a_shared_cache_while_browsers_revalidate():
    response = through(page())
    assert directives(response) == {
        "public",
        "max-age=0",
        "s-maxage=45",
        "stale-while-revalidate=15",
    }
    assert response[KEYS_HEADER] == KEYS
    assert response["ETag"] == '"abc"'


def test_the_times_come_from_the_settings(settings):
    settings.FRONTEND_CACHE_SECONDS = 5
    settings.FRONTEND_CACHE_GRACE_SECONDS = 2
    assert {"s-maxage=5", "stale-while-revalidate=2"} <= directives(through(page()))


def test_without_a_front_cache_to_purge_no_page_is_shareable(settings):
    settings.FRONTEND_CACHE_URLS = []
    response = through(page())
    assert response["Cache-Control"] == "no-cache"
    assert not response.has_header(KEYS_HEADER)


def test_a_page_without_keys_is_left_as_it_was():
    response = through(page(keys=None))
    assert response["Cache-Control"] == "no-cache"


@pytest.mark.parametrize(
    "request_",
    [
        RequestFactory().get(PAGE, HTTP_COOKIE="sessionid=abc"),
        RequestFactory().get(PAGE, HTTP_AUTHORIZATION="Basic eDp5"),
        RequestFactory().post(PAGE),
        RequestFactory().get("/admin/shows/character/"),
        RequestFactory().get("/fr/admin/"),
    ],
    ids=["signed-in", "authorization", "post", "admin", "admin-fr"],
)
def test_an_editors_or_the_admins_page_is_never_shareable(request_):
    response = through(page(), request_)
    assert "s-maxage" not in response["Cache-Control"]
    assert not response.has_header(KEYS_HEADER)


@pytest.mark.parametrize(
    "status", [HTTPStatus.NOT_FOUND, HTTPStatus.INTERNAL_SERVER_ERROR, HTTPStatus.NOT_MODIFIED]
)
def test_errors_and_304s_are_never_shareable(status):
    response = through(page(status=status))
    assert response["Cache-Control"] == "no-cache"
    assert not response.has_header(KEYS_HEADER)


def test_a_page_setting_a_cookie_or_marked_private_is_never_shareable():
    with_cookie = page()
    with_cookie.set_cookie("csrftoken", "x")
    assert not through(with_cookie).has_header(KEYS_HEADER)
    private = page(cache_control=None)
    patch_cache_control(private, private=True, no_cache=True)
    response = through(private)
    assert directives(response) == {"private", "no-cache"}
    assert not response.has_header(KEYS_HEADER)


def test_a_page_with_more_keys_than_varnish_takes_is_not_shared(settings):
    settings.FRONTEND_KEYS_MAX_BYTES = 100
    keys = " ".join(f"shows.character:{n}" for n in range(10))
    assert len(keys) > 100
    response = through(page(keys=keys))
    assert response["Cache-Control"] == "no-cache"
    assert not response.has_header(KEYS_HEADER)
    assert through(page(keys="all"))["Cache-Control"].startswith("public")
