"""Uploads go to MEDIA_ROOT by default; an object store is one variable away."""

import io
import json

import pytest
from django.conf import settings
from PIL import Image as Pillow

from tests.test_settings import run_python

SHOW_STORAGE = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps([s.STORAGES['default'], s.SECURE_CSP['img-src']]))"
)


def test_uploads_are_stored_under_media_root_by_default():
    assert settings.STORAGES["default"]["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )
    assert settings.IMAGE_MAX_BYTES == 10 * 1024 * 1024
    assert settings.IMAGE_MAX_PIXELS == 40_000_000


@pytest.mark.parametrize("custom_domain", ["", "media.example.org"])
def test_media_storage_names_an_object_store_configured_from_the_environment(custom_domain):
    result = run_python(
        SHOW_STORAGE,
        DEBUG="true",
        MEDIA_STORAGE="storages.backends.s3.S3Storage",
        AWS_STORAGE_BUCKET_NAME="etoile-wiki-media",
        AWS_S3_REGION_NAME="eu-west-3",
        **({"AWS_S3_CUSTOM_DOMAIN": custom_domain} if custom_domain else {}),
        MEDIA_ORIGIN="https://media.example.org",
    )
    assert result.returncode == 0, result.stderr
    storage, img_src = json.loads(result.stdout)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "etoile-wiki-media"
    assert options["region_name"] == "eu-west-3"
    assert options["custom_domain"] == (custom_domain or None)
    assert options["file_overwrite"] is False
    assert "https://media.example.org" in img_src


SERVE_MEDIA = """
import django; django.setup()
from django.conf import settings
from django.test import Client
# Off, the address is left to the URLs (test_media_serving.py), which need a database.
served = settings.SERVE_MEDIA and Client().get("/media/images/x.png").status_code
print(settings.SERVE_MEDIA, served)
"""


def test_media_is_served_by_the_wiki_in_development_and_production_unless_told_not_to(tmp_path):
    """`make serve` has no web server in front: /media/ is the wiki's own (images/media.py)."""
    (tmp_path / "images").mkdir()
    out = io.BytesIO()
    Pillow.new("RGB", (10, 10)).save(out, format="PNG")
    (tmp_path / "images" / "x.png").write_bytes(out.getvalue())
    media = {
        "MEDIA_ROOT": str(tmp_path),
        "ALLOWED_HOSTS": "testserver",
        # A request may read the database: one of its own, not the suite's.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    development = run_python(SERVE_MEDIA, DEBUG="true", **media)
    production = run_python(SERVE_MEDIA, SECRET_KEY="x", **media)
    behind_nginx = run_python(SERVE_MEDIA, SECRET_KEY="x", SERVE_MEDIA="false", **media)
    object_store = run_python(
        SERVE_MEDIA,
        SECRET_KEY="x",
        MEDIA_STORAGE="storages.backends.s3.S3Storage",
        AWS_STORAGE_BUCKET_NAME="etoile-wiki-media",
        MEDIA_URL="https://media.example.org/",
        **media,
    )

    assert development.stdout.split() == ["True", "200"], development.stderr
    assert production.stdout.split() == ["True", "200"], production.stderr
    assert behind_nginx.stdout.split()[0] == "False", behind_nginx.stderr
    assert object_store.stdout.split()[0] == "False", object_store.stderr
