"""What an editor saves in admin is what readers see next."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from shows.models import Character, NewsEvent, Season
from tests.admin.changeform import changeform_data

pytestmark = pytest.mark.django_db


def test_a_description_saved_in_admin_shows_on_the_character_page(admin_client, client, etoile):
    character = Character.objects.get(slug="cheyenne-toussaint")
    url = reverse("admin:shows_character_change", args=[character.pk])
    data = changeform_data(admin_client.get(url))
    data["description"] = "A ballerina from Paris who transfers to New York."

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    html = client.get(character.get_absolute_url()).content.decode()
    assert "A ballerina from Paris who transfers to New York." in html
    assert "principled and determined" not in html


def test_an_episode_title_added_in_admin_replaces_episode_n(admin_client, client, etoile):
    """Editors fill titles later; until then pages say "Episode N"."""
    season = Season.objects.get(show__slug="etoile", number=1)
    episode = season.episodes.get(number=1)
    assert "Episode 1" in client.get(season.get_absolute_url()).content.decode()
    url = reverse("admin:shows_episode_change", args=[episode.pk])
    data = changeform_data(admin_client.get(url))
    data["title"] = "A title an editor typed"

    assert admin_client.post(url, data).status_code == HTTPStatus.FOUND
    html = client.get(season.get_absolute_url()).content.decode()
    assert "A title an editor typed" in html


def test_a_news_date_saved_in_admin_shows_at_its_precision(admin_client, client, etoile):
    event = NewsEvent.objects.get(slug="emmy-campaign-continues")
    url = reverse("admin:shows_newsevent_change", args=[event.pk])
    data = changeform_data(admin_client.get(url))
    data["date"] = "mid 2025-06"

    assert admin_client.post(url, data).status_code == HTTPStatus.FOUND
    html = client.get(event.get_absolute_url()).content.decode()
    assert '<time datetime="2025-06">mid June 2025</time>' in html
