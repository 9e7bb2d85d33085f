"""
`make serve` serves the pictures editors upload: gunicorn alone, no web server
in front, and a page's pictures answer with the bytes stored in MEDIA_ROOT.
"""

import re
import urllib.error
import urllib.request

import pytest

from .stack import Server, manage, site_env

pytestmark = pytest.mark.django_db(transaction=True)

# Stored as an editor's upload is: checked, re-encoded, named by its digest, thumbnails made.
UPLOAD = """
import io
from PIL import Image as Pillow
from django.core.files.uploadedfile import SimpleUploadedFile
from images.services import image_create
out = io.BytesIO()
Pillow.new("RGB", (1200, 800), (200, 40, 60)).save(out, "JPEG")
image = image_create(alt="Live upload", file=SimpleUploadedFile("phone.jpg", out.getvalue()))
print(image.get_absolute_url())
"""


def fetch(url, method="GET", **headers):
    request = urllib.request.Request(url, method=method, headers={"Host": "localhost", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture
def server(live_site, tmp_path):
    env = site_env(live_site.database_url, MEDIA_ROOT=str(tmp_path / "media"))
    page = manage(env, "shell", "-c", UPLOAD).strip().splitlines()[-1]
    server = Server(env, workers=1)
    yield server, page, tmp_path / "media"
    server.stop()


def test_a_pages_pictures_are_served_by_the_production_server(server):
    server, page, media_root = server
    status, _, html = fetch(f"{server.url}{page}")
    assert status == 200
    sources = re.findall(r'(?:src|srcset)="(/media/[^" ]+)', html.decode())
    assert sources, "the picture's page shows the picture"
    for src in sources:
        status, headers, body = fetch(f"{server.url}{src}")
        assert status == 200, src
        assert body == (media_root / src.removeprefix("/media/")).read_bytes()
        assert headers["Content-Type"] == "image/jpeg"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in headers["Content-Security-Policy"]
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_nothing_else_is_served_from_there(server):
    server, _page, _media_root = server
    assert fetch(f"{server.url}/media/images/none.jpg")[0] == 404
    assert fetch(f"{server.url}/media/../manage.py")[0] == 404
    assert fetch(f"{server.url}/media/%2e%2e/manage.py")[0] == 404
    assert fetch(f"{server.url}/media/images/x.jpg", method="DELETE")[0] == 405
