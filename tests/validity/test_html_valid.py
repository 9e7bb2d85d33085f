"""
Every type of page is valid HTML, in English and in French, as the W3C's Nu Html
Checker reads it: one run of the checker over all of them.
"""

import pytest

from tests.validity import vnu
from tests.validity.page_types import prepare

pytestmark = pytest.mark.django_db

# Checked with the pages, so that a checker that read nothing could not pass: it
# must find this file's error, and only this file's.
BROKEN = (
    '<!doctype html><html lang="en"><head><title>Broken</title></head>'
    "<body><p><div>a block in a paragraph</p></div></body></html>"
)


def test_every_page_type_is_valid_html_in_english_and_french(
    client, etoile, django_user_model, tmp_path
):
    java = vnu.require_checker()
    page_types = prepare(django_user_model)
    files = []
    for page_type in [*page_types, *(p.in_french() for p in page_types if p.translated)]:
        response = client.get(page_type.path)
        assert response.status_code == page_type.status, page_type
        assert response["Content-Type"].startswith("text/html"), page_type
        file = tmp_path / f"{page_type.name}.html"
        file.write_bytes(response.content)
        files.append(file)
    broken = tmp_path / "known-broken.html"
    broken.write_text(BROKEN)

    errors = vnu.errors(java, [*files, broken])

    assert {error["file"] for error in errors if error["file"] == broken.name}, (
        "the checker missed a known error: is it reading the files?"
    )
    errors = [error for error in errors if error["file"] != broken.name]
    assert errors == [], f"{len(errors)} HTML errors:\n" + "\n".join(map(vnu.describe, errors))
