"""Static files get compressed, content-hashed names that can be cached for ever."""

import pytest
from django.core.management import call_command
from django.templatetags.static import static

MANIFEST = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


def test_collectstatic_hashes_and_compresses_the_stylesheet(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": MANIFEST}
    call_command("collectstatic", interactive=False, verbosity=0)
    hashed = list((tmp_path / "css").glob("site.*.css"))
    assert len(hashed) == 1
    assert (tmp_path / "css" / f"{hashed[0].name}.gz").exists()
    assert static("css/site.css") == f"/static/css/{hashed[0].name}"


@pytest.mark.django_db
def test_pages_link_the_hashed_stylesheet(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": MANIFEST}
    call_command("collectstatic", interactive=False, verbosity=0)
    html = client.get("/").content.decode()
    name = next((tmp_path / "css").glob("site.*.css")).name
    assert f'href="/static/css/{name}"' in html
