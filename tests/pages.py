"""Helpers for tests that read the wiki's pages as a browser gets them."""

from http import HTTPStatus


def page(client, url):
    """The page's HTML, after checking it answered 200."""
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return response.content.decode()
