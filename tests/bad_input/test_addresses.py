"""
No address, query string, header or cookie holding what no page could mean
reaches the site: it is a 400 that says what was wrong (etoile_wiki/input_checks.py),
and the lookups behind it stay safe on their own.
"""

import html
from http import HTTPStatus

import pytest
from django.http import Http404
from django.test import RequestFactory

from shows.views.news import NewsListView
from wikitext.redirects import current_path

pytestmark = pytest.mark.django_db


def assert_bad_request(response, says):
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert html.escape(says) in response.content.decode()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/shows/etoile%00/", "U+0000 (NUL)"),
        ("/shows/%0b/", "U+000B (VT)"),
        ("/news/%7f", "U+007F (DEL)"),
        ("/shows/%EF%BF%BE/", "U+FFFE"),
        ("/admin/shows/show/%00/change/", "U+0000 (NUL)"),
    ],
)
def test_a_control_character_in_the_path_is_a_bad_request_naming_it(client, url, says):
    assert_bad_request(client.get(url), says)


@pytest.mark.parametrize(
    "query", ["show=%00", "q=a%1bb", "%00=1", "type=x&type=%EF%BF%BF", "term=%0c"]
)
def test_a_control_character_in_the_query_is_a_bad_request(client, query):
    assert_bad_request(client.get(f"/news/?{query}"), "The query string")


def test_a_query_that_is_not_utf8_is_a_bad_request(client):
    assert_bad_request(client.get("/search/?q=caf%E9"), "is not valid UTF-8")


def test_a_path_that_is_not_utf8_is_not_found(client):
    assert client.get("/shows/caf%E9/").status_code == HTTPStatus.NOT_FOUND


def test_accented_addresses_and_queries_still_work(client, etoile):
    assert client.get("/search/?q=%C3%A9toile&fulltext=1").status_code == HTTPStatus.OK
    assert client.get("/news/?show=etoile").status_code == HTTPStatus.OK


def test_a_control_character_in_a_header_is_a_bad_request(client):
    response = client.get("/", headers={"Referer": "https://example.org/\x01"})
    assert_bad_request(response, "Referer")


def test_a_control_character_in_a_cookie_is_a_bad_request(client):
    client.cookies["sessionid"] = "abc\x00"
    assert_bad_request(client.get("/"), "U+0000 (NUL)")


def test_a_french_address_gets_the_page_in_french(client):
    response = client.get("/fr/shows/%00/")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert '<html lang="fr">' in response.content.decode()
    assert "caractère" in response.content.decode()


def test_a_staff_editor_gets_the_same_answer(admin_client):
    assert_bad_request(admin_client.get("/admin/shows/show/?title=%00"), "U+0000 (NUL)")


# The lookups behind the check hold on their own ---------------------------------


def test_the_former_address_lookup_looks_nothing_up_for_a_control_character(
    django_assert_num_queries,
):
    with django_assert_num_queries(0):
        assert current_path("/shows/\x00/") is None


def test_the_news_filter_by_show_is_not_found_for_a_control_character(django_assert_num_queries):
    request = RequestFactory().get("/news/", {"show": "etoile\x00"})
    view = NewsListView(request=request, kwargs={}, args=())
    with django_assert_num_queries(0), pytest.raises(Http404):
        view.get_queryset()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/shows/show/?title=%00",
        "/admin/shows/newsevent/?headline__contains=%00",
        "/admin/shows/show/?q=%00",
        "/admin/autocomplete/?term=%00&app_label=shows&model_name=character&field_name=show",
        "/admin/shows/show/1%00/history/",
    ],
)
def test_the_admin_holds_a_nul_without_the_address_check(admin_client, settings, etoile, url):
    """Found by hand on PostgreSQL (a DataError each) before etoile_wiki/input_checks.py."""
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "input_checks" not in name]
    admin_client.raise_request_exception = False
    assert admin_client.get(url).status_code < HTTPStatus.INTERNAL_SERVER_ERROR
