"""
A membership (a character's place in one of the story's organisations) can
carry the episode that reveals it (`revealed_in`, issue 18): a reader who says
they have not watched that episode yet sees a note in its place, on the
character's page and the organisation's, and the page neither lists nor cites it.
"""

import re

import pytest
from django.core.exceptions import ValidationError

from shows.models import Character, Episode, Membership
from tests.admin.changeform import changeform_data
from tests.admin.test_admin_validation import admin_url, assert_form_error
from tests.factories import EpisodeFactory, SeasonFactory, ShowFactory
from tests.pages import page

pytestmark = pytest.mark.django_db

NOTE = "Hidden: a membership revealed in S01E08, after the last episode you watched."


def finale():
    return Episode.objects.get(season__show__slug="etoile", season__number=1, number=8)


@pytest.fixture
def revealed(etoile):
    """Gael's place in the Metropolitan Ballet Theater, as if the finale revealed it."""
    membership = Membership.objects.get(
        character__slug="gael-rodriguez", organisation__slug="metropolitan-ballet-theater"
    )
    membership.revealed_in = finale()
    membership.full_clean()
    membership.save()
    return membership


def organisations_section(html):
    return re.search(
        r'<section aria-labelledby="(organisations|characters)">.*?</section>', html, re.S
    )[0]


def test_the_character_page_hides_a_membership_until_its_episode(client, revealed):
    url = revealed.character.get_absolute_url()
    role = "Rejoins the troupe at Cheyenne&#x27;s request"
    assert role in page(client, url)
    before = page(client, f"{url}?watched=S01E07")
    assert role not in before
    assert NOTE in organisations_section(before)
    # Nor in the infobox's affiliations.
    assert 'href="/organisations/metropolitan-ballet-theater/"' not in before.split("</aside>")[0]
    after = page(client, f"{url}?watched=S01E08")
    assert role in after
    assert "Hidden:" not in after


def test_the_organisation_page_hides_a_membership_until_its_episode(client, revealed):
    url = revealed.organisation.get_absolute_url()
    before = organisations_section(page(client, f"{url}?watched=S01E07"))
    assert "Gael Rodriguez" not in before
    assert NOTE in before
    assert "Jack McMillan" in before  # untagged: shown to everyone
    assert "Gael Rodriguez" in organisations_section(page(client, url))
    assert "Gael Rodriguez" in organisations_section(page(client, f"{url}?watched=S01E08"))


def test_an_episode_of_another_show_cannot_reveal_a_membership(etoile):
    other = EpisodeFactory(season=SeasonFactory(show=ShowFactory(title="Other show")))
    membership = Membership.objects.get(character__slug="gael-rodriguez")
    membership.revealed_in = other
    with pytest.raises(ValidationError) as refused:
        membership.full_clean()
    assert refused.value.message_dict["revealed_in"] == [
        "The episode that reveals it must be one of Étoile's, the character's show."
    ]


def test_the_admin_refuses_an_episode_of_another_show_with_its_message(admin_client, etoile):
    other = EpisodeFactory(season=SeasonFactory(show=ShowFactory(title="Other show")))
    membership = Membership.objects.get(character__slug="gael-rodriguez")
    url = admin_url(Membership, "change", membership.pk)
    data = changeform_data(admin_client.get(url))
    data["revealed_in"] = str(other.pk)
    response = admin_client.post(url, data)
    assert_form_error(response, "The episode that reveals it must be one of Étoile's")
    membership.refresh_from_db()
    assert membership.revealed_in is None


def test_the_characters_admin_inline_edits_the_revealing_episode(admin_client, etoile):
    character = Character.objects.get(slug="gael-rodriguez")
    url = admin_url(Character, "change", character.pk)
    data = changeform_data(admin_client.get(url))
    [field] = [
        name for name in data if name.startswith("memberships") and name.endswith("revealed_in")
    ]
    data[field] = str(finale().pk)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.get(character=character).revealed_in == finale()
