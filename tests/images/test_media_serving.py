"""
The wiki serves its own uploads from MEDIA_ROOT (images/media.py): the files
pages link to, as they were stored, never anything else, with headers that
keep a file from ever running as a page.
"""

from http import HTTPStatus

import pytest
from django.test import Client

from images.services import image_create
from tests.images.pictures import picture_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture(media_root):
    return image_create(alt="At the barre", file=upload(picture_bytes("JPEG"), "barre.jpg"))


def served(url, method="get", **headers):
    return getattr(Client(), method)(url, headers=headers)


def test_a_stored_picture_and_its_thumbnails_are_served_as_pages_link_them(picture, media_root):
    for url in [picture.file.url, picture.display(320).url]:
        assert url.startswith("/media/images/")
        response = served(url)
        assert response.status_code == HTTPStatus.OK, url
        assert response["Content-Type"] == "image/jpeg"
        body = b"".join(response.streaming_content)
        assert body == (media_root / url.removeprefix("/media/")).read_bytes()
        assert body.startswith(b"\xff\xd8")


def test_a_served_file_can_never_run_as_a_page_and_is_cached_for_good(picture):
    response = served(picture.file.url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    # Names are digests of the content: a name's bytes never change.
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Last-Modified"]
    assert "X-Page-Cache" not in response


def test_head_and_conditional_get(picture):
    full = served(picture.file.url)
    head = served(picture.file.url, method="head")
    assert head.status_code == HTTPStatus.OK
    assert head.content == b""
    assert head["Content-Length"] == full["Content-Length"]
    again = served(picture.file.url, **{"If-Modified-Since": full["Last-Modified"]})
    assert again.status_code == HTTPStatus.NOT_MODIFIED


def test_serving_a_file_asks_the_database_nothing(picture, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert served(picture.file.url).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    "url",
    [
        "/media/images/nothing-here.jpg",
        "/media/",
        "/media/images/",
        "/media/../etoile_wiki/settings.py",
        "/media/%2e%2e/etoile_wiki/settings.py",
        "/media/images/..%2f..%2f..%2fetc/passwd",
        "/media//etc/passwd",
        "/media/..\\..\\etc\\passwd",
    ],
)
def test_missing_files_and_ways_out_of_media_root_are_404(media_root, url):
    (media_root / "images").mkdir(parents=True)
    response = served(url)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert b"root:" not in response.content
    assert b"SECRET_KEY" not in response.content


def test_a_link_pointing_out_of_media_root_is_not_followed(media_root, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for readers")
    media_root.mkdir(parents=True)
    (media_root / "leak.txt").symlink_to(secret)
    assert served("/media/leak.txt").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch", "options"])
def test_only_get_and_head(picture, method):
    response = served(picture.file.url, method=method)
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response["Allow"] == "GET, HEAD"


def test_off_when_something_else_serves_uploads(picture, settings):
    settings.SERVE_MEDIA = False
    assert served(picture.file.url).status_code == HTTPStatus.NOT_FOUND
