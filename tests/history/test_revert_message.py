"""A revert tells the editor what it did: to which version the entry went back."""

import datetime
from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from reversion.models import Revision

from history.recording import recorded, versions_of
from shows.models import Character
from tests.admin.changeform import changeform_data
from tests.history.helpers import admin_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", "Reverted “Cheyenne Toussaint” to the version of 4 December 2026, 10:02."),
        (
            "/fr",
            "Version du 4 décembre 2026 à 10:02 rétablie pour «\u00a0Cheyenne Toussaint\u00a0».",
        ),
    ],
)
def test_a_revert_says_which_version_it_went_back_to(admin_client, etoile, prefix, expected):
    """Not Django's "changed successfully": the entry's name and the version's date, translated."""
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    old = versions_of(Character, cheyenne.pk).last()
    Revision.objects.filter(pk=old.revision_id).update(
        date_created=datetime.datetime(2026, 12, 4, 10, 2, tzinfo=datetime.UTC)
    )
    with recorded(summary="Vandalised"):
        cheyenne.description = "Vandalised."
        cheyenne.save()
    url = prefix + admin_url(Character, "revision", cheyenne.pk, old.pk)

    response = admin_client.post(url, changeform_data(admin_client.get(url)))

    assert response.status_code == HTTPStatus.FOUND
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown == [expected]
