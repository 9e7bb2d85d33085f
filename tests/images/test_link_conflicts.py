"""
A picture's page does not undo a link someone changed since from an entry's page.

What a picture shows is also a row of each entry's images inline, which
changes no version of the picture: the picture's form carries the entries it
showed as it was opened and refuses a save that would put back, or take away,
a link changed since.
"""

import html
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from history.recording import versions_of
from images.models import Image
from shows.models import Character
from tests.admin.changeform import add_inline_row, changeform_data
from tests.images.admin_helpers import errors_of
from tests.images.test_admin import inline_prefix

pytestmark = pytest.mark.django_db

CHANGED_LINKS = "Someone else changed whether this picture shows these entries"


@pytest.fixture
def anna_and_ben(db):
    def signed_in(name):
        client = Client()
        client.force_login(User.objects.create_superuser(name, password="pw"))
        return client

    return signed_in("anna"), signed_in("ben")


@pytest.fixture
def backstage(etoile):
    return Image.objects.get(slug="cheyenne-toussaint-waits-backstage")


def picture_page(client, image):
    url = reverse("admin:images_image_change", args=[image.pk])
    return url, changeform_data(client.get(url))


def entry_page(client, entry):
    url = reverse("admin:shows_character_change", args=[entry.pk])
    response = client.get(url)
    return url, changeform_data(response), inline_prefix(response)


def test_a_link_removed_from_the_entrys_page_since_is_not_put_back(anna_and_ben, backstage):
    anna, ben = anna_and_ben
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    url, annas = picture_page(anna, backstage)
    before = versions_of(Image, backstage.pk).count()

    entry_url, bens, _ = entry_page(ben, cheyenne)
    row = next(k for k, v in bens.items() if k.endswith("-image") and v == str(backstage.pk))
    bens[row.replace("-image", "-DELETE")] = "on"
    assert ben.post(entry_url, bens).status_code == HTTPStatus.FOUND
    assert not cheyenne.images.filter(pk=backstage.pk).exists()

    annas["caption"] = "Anna's caption."
    response = anna.post(url, annas)

    assert response.status_code == HTTPStatus.OK
    errors = " ".join(errors_of(response))
    assert CHANGED_LINKS in errors
    assert "Cheyenne Toussaint: ben on" in errors, "who changed the link, and when"
    assert not cheyenne.images.filter(pk=backstage.pk).exists(), "the removal stands"
    assert versions_of(Image, backstage.pk).count() == before
    assert "Anna's caption." in html.unescape(response.content.decode())

    # Having looked, Anna may put the link back on purpose.
    assert anna.post(url, changeform_data(response)).status_code == HTTPStatus.FOUND
    assert cheyenne.images.filter(pk=backstage.pk).exists()


def test_a_link_added_from_another_entrys_page_since_is_not_taken_away(anna_and_ben, backstage):
    anna, ben = anna_and_ben
    jack = Character.objects.get(slug="jack-mcmillan")
    url, annas = picture_page(anna, backstage)

    entry_url, bens, prefix = entry_page(ben, jack)
    add_inline_row(bens, prefix, image=str(backstage.pk))
    assert ben.post(entry_url, bens).status_code == HTTPStatus.FOUND

    annas["caption"] = "Anna's caption."
    response = anna.post(url, annas)

    assert response.status_code == HTTPStatus.OK
    assert CHANGED_LINKS in " ".join(errors_of(response))
    assert jack.images.filter(pk=backstage.pk).exists()
    backstage.refresh_from_db()
    assert backstage.caption != "Anna's caption."


def test_an_entry_changed_otherwise_since_does_not_stop_the_pictures_save(anna_and_ben, backstage):
    """Only the links count: Ben's edit of the character's text is no conflict."""
    anna, ben = anna_and_ben
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    url, annas = picture_page(anna, backstage)

    entry_url, bens, _ = entry_page(ben, cheyenne)
    bens["description"] = "Ben's text."
    assert ben.post(entry_url, bens).status_code == HTTPStatus.FOUND

    annas["caption"] = "Anna's caption."
    response = anna.post(url, annas)

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    backstage.refresh_from_db()
    assert backstage.caption == "Anna's caption."
    assert cheyenne.images.filter(pk=backstage.pk).exists()


def test_a_picture_form_that_lost_its_links_marker_is_refused(admin_client, backstage):
    url, data = picture_page(admin_client, backstage)
    data["depicted_base"] = "not a marker"

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    assert any("lost track of which version" in error for error in errors_of(response))
