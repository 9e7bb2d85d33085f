"""Bad input in the admin is a form error that saves nothing, never a 500."""

import html
from http import HTTPStatus

import pytest
from django.urls import reverse

from people.models import Actor, Person
from shows.models import Casting, Character, NewsEvent, Organisation, Position, Season, Show
from tests.admin.changeform import add_inline_row, changeform_data
from tests.factories import (
    CastingFactory,
    CharacterFactory,
    MembershipFactory,
    NewsEventFactory,
    OrganisationFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def form_for(client, model, obj=None):
    """The URL of an add (or change) page, and the data it would post untouched."""
    url = admin_url(model, "change", obj.pk) if obj else admin_url(model, "add")
    return url, changeform_data(client.get(url))


def assert_form_error(response, message):
    """The form came back, flagged as wrong, with `message` shown to the editor."""
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert 'class="errornote"' in content
    assert html.escape(message) in content


# Seasons --------------------------------------------------------------------


def test_a_season_numbered_0_is_refused(admin_client):
    """Seasons are numbered from 1 (the season_number_positive constraint)."""
    show = ShowFactory()
    url, data = form_for(admin_client, Season)
    data.update(show=str(show.pk), number="0")

    response = admin_client.post(url, data)

    assert_form_error(response, "Seasons are numbered from 1.")
    assert not Season.objects.exists()


def test_a_season_numbered_0_in_a_shows_season_rows_is_refused(admin_client):
    """The constraint holds in the show's season inline too."""
    show = ShowFactory()
    url, data = form_for(admin_client, Show, show)
    add_inline_row(data, "seasons", number="0", status=Season.Status.ORDERED)

    response = admin_client.post(url, data)

    assert_form_error(response, "Seasons are numbered from 1.")
    assert not Season.objects.exists()


def test_a_second_season_with_the_same_number_in_a_show_is_refused(admin_client):
    """A show has one season of each number."""
    season = SeasonFactory(number=1)
    url, data = form_for(admin_client, Season)
    data.update(show=str(season.show.pk), number="1")

    response = admin_client.post(url, data)

    assert_form_error(response, "This show already has a season with this number.")
    assert Season.objects.count() == 1


def test_two_season_rows_with_the_same_number_in_a_show_are_refused(admin_client):
    """Duplicates inside the show's season inline are caught before either is saved."""
    show = ShowFactory()
    url, data = form_for(admin_client, Show, show)
    add_inline_row(data, "seasons", number="2", status=Season.Status.ORDERED)
    add_inline_row(data, "seasons", number="2", status=Season.Status.ORDERED)

    response = admin_client.post(url, data)

    assert_form_error(response, "Please correct the duplicate data for number.")
    assert not Season.objects.exists()


def test_two_season_rows_with_the_same_number_in_a_new_show_are_refused(admin_client):
    """The same holds on the add page, where the show does not exist yet."""
    url, data = form_for(admin_client, Show)
    data.update(title="Étoile", slug="étoile", status=Show.Status.AIRING)
    add_inline_row(data, "seasons", number="1", status=Season.Status.ORDERED)
    add_inline_row(data, "seasons", number="1", status=Season.Status.ORDERED)

    response = admin_client.post(url, data)

    assert_form_error(response, "Please correct the duplicate data for number.")
    assert not Show.objects.exists()


# Slugs ----------------------------------------------------------------------


def test_a_show_with_a_slug_already_taken_is_refused(admin_client):
    """Show slugs are unique: a second "étoile" would hide the first one's page."""
    show = ShowFactory(slug="étoile", title="Étoile")
    url, data = form_for(admin_client, Show)
    data.update(title="Étoile again", slug="étoile", status=Show.Status.AIRING)

    response = admin_client.post(url, data)

    assert_form_error(response, "Show with this Slug already exists.")
    assert list(Show.objects.all()) == [show]


def test_a_character_with_a_slug_taken_in_its_show_is_refused(admin_client):
    """Character slugs are unique within a show (character_slug_unique_per_show)."""
    character = CharacterFactory(slug="mimi")
    url, data = form_for(admin_client, Character)
    data.update(show=str(character.show.pk), name="Mimi again", slug="mimi")

    response = admin_client.post(url, data)

    assert_form_error(response, "This show already has a character with this slug.")
    assert list(Character.objects.all()) == [character]


def test_a_character_slug_may_repeat_in_another_show(admin_client):
    """The same slug in a different show is not a duplicate."""
    CharacterFactory(slug="mimi")
    url, data = form_for(admin_client, Character)
    data.update(show=str(ShowFactory().pk), name="Mimi", slug="mimi")

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    assert Character.objects.filter(slug="mimi").count() == 2


# Dates ----------------------------------------------------------------------


def test_a_position_that_ends_before_it_starts_is_refused(admin_client):
    """Position.clean(): the end cannot come before the start."""
    person, organisation = PersonFactory(), OrganisationFactory()
    url, data = form_for(admin_client, Position)
    data.update(
        person=str(person.pk),
        organisation=str(organisation.pk),
        title="Head of studio",
        start="2025-03",
        end="2024",
    )

    response = admin_client.post(url, data)

    assert_form_error(response, "The end cannot come before the start.")
    assert not Position.objects.exists()


def test_a_position_row_that_ends_before_it_starts_is_refused_on_a_persons_page(
    admin_client,
):
    """The rule holds in the person's position inline, and the person is not saved."""
    person = PersonFactory(biography="")
    url, data = form_for(admin_client, Person, person)
    data["biography"] = "Changed."
    add_inline_row(
        data,
        "positions",
        organisation=str(OrganisationFactory().pk),
        title="Head",
        start="2025",
        end="2023",
    )

    response = admin_client.post(url, data)

    assert_form_error(response, "The end cannot come before the start.")
    person.refresh_from_db()
    assert (person.biography, Position.objects.count()) == ("", 0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("summer 2025", "is not a date."),
        ("2025-13", "month 13 is out of range"),
        ("2025-02-30", "day is out of range for month"),
        ("sometime in the summer of 2025", "at most 20 characters"),
    ],
)
def test_a_malformed_partial_date_is_a_field_error(admin_client, text, message):
    """A date the parser cannot read is reported on its field, even next to a valid one."""
    person, organisation = PersonFactory(), OrganisationFactory()
    url, data = form_for(admin_client, Position)
    # With an end given, Position.clean() compares the dates: given the raw text
    # it used to fail with AttributeError, a 500.
    data.update(
        person=str(person.pk),
        organisation=str(organisation.pk),
        title="Head of studio",
        start=text,
        end="2026",
    )

    response = admin_client.post(url, data)

    assert_form_error(response, message)
    assert "start" in response.context["adminform"].form.errors
    assert not Position.objects.exists()


def test_a_malformed_news_date_leaves_the_event_unchanged(admin_client):
    """A news event's date must be readable; the stored one stays until it is."""
    event = NewsEventFactory(date="2025-06-06")
    url, data = form_for(admin_client, NewsEvent, event)
    data["date"] = "Junetember 2025"

    response = admin_client.post(url, data)

    assert_form_error(response, "is not a date.")
    event.refresh_from_db()
    assert event.date.isoformat() == "2025-06-06"


def test_the_longest_readable_partial_date_is_accepted(admin_client):
    """ "early 2025-06", part of a month, is as long as a readable date gets: it saves."""
    event = NewsEventFactory(date="")
    url, data = form_for(admin_client, NewsEvent, event)
    data["date"] = "early 2025-06"

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    event.refresh_from_db()
    assert event.date.isoformat() == "early 2025-06"


# Castings -------------------------------------------------------------------


def test_a_casting_as_another_shows_character_is_refused(admin_client):
    """Casting.clean(): the character must belong to the casting's show."""
    character, other_show, person = CharacterFactory(), ShowFactory(), PersonFactory()
    url, data = form_for(admin_client, Casting)
    data.update(person=str(person.pk), character=str(character.pk), show=str(other_show.pk))

    response = admin_client.post(url, data)

    assert_form_error(response, "This character belongs to another show.")
    assert not Casting.objects.exists()


def test_a_casting_row_as_another_shows_character_is_refused_on_a_persons_page(admin_client):
    """The same rule in the person's casting inline."""
    person, character, other_show = PersonFactory(), CharacterFactory(), ShowFactory()
    url, data = form_for(admin_client, Person, person)
    add_inline_row(
        data,
        "castings",
        character=str(character.pk),
        show=str(other_show.pk),
        billing=Casting.Billing.MAIN,
        order="0",
    )

    response = admin_client.post(url, data)

    assert_form_error(response, "This character belongs to another show.")
    assert not Casting.objects.exists()


def test_a_casting_with_neither_show_nor_character_is_refused(admin_client):
    """The show may be left empty only when the character gives it."""
    url, data = form_for(admin_client, Casting)
    data["person"] = str(PersonFactory().pk)

    response = admin_client.post(url, data)

    assert_form_error(response, "Choose the show, or a character from it.")
    assert not Casting.objects.exists()


def test_a_casting_in_another_shows_season_is_refused(admin_client):
    """A casting's seasons are seasons of its own show."""
    character = CharacterFactory()
    foreign_season = SeasonFactory()
    url, data = form_for(admin_client, Casting)
    data.update(
        person=str(PersonFactory().pk),
        character=str(character.pk),
        seasons=[str(foreign_season.pk)],
    )

    response = admin_client.post(url, data)

    assert_form_error(response, f"Choose only seasons of {character.show}.")
    assert not Casting.objects.exists()


def test_the_same_actor_cast_twice_as_one_character_is_refused(admin_client):
    """casting_unique_per_character: one casting per actor and character."""
    casting = CastingFactory()
    url, data = form_for(admin_client, Casting)
    data.update(person=str(casting.person.pk), character=str(casting.character.pk))

    response = admin_client.post(url, data)

    assert_form_error(response, "This actor is already cast as this character.")
    assert Casting.objects.count() == 1


def test_a_character_with_castings_cannot_move_to_another_show(admin_client):
    """Moving it would leave its castings naming the old show."""
    casting = CastingFactory()
    character, old_show = casting.character, casting.show
    url, data = form_for(admin_client, Character, character)
    data["show"] = str(ShowFactory().pk)

    response = admin_client.post(url, data)

    assert_form_error(response, "remove them before moving the character to another show.")
    character.refresh_from_db()
    assert character.show == old_show


def test_a_character_without_castings_can_move_to_another_show(admin_client):
    """A character created under the wrong show, with nothing tied to it, can be moved."""
    character = CharacterFactory()
    new_show = ShowFactory()
    url, data = form_for(admin_client, Character, character)
    data["show"] = str(new_show.pk)

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    character.refresh_from_db()
    assert character.show == new_show


def test_an_actor_keeps_at_least_one_casting(admin_client):
    """Removing an actor's last casting in the Actors list is refused: it would vanish from it."""
    casting = CastingFactory()
    actor = Actor.objects.get(pk=casting.person_id)
    url, data = form_for(admin_client, Actor, actor)
    data["castings-0-DELETE"] = "on"

    response = admin_client.post(url, data)

    assert_form_error(response, "An actor plays at least one part")
    assert Casting.objects.filter(pk=casting.pk).exists()


# Organisations and memberships ----------------------------------------------


def test_a_fictional_organisation_without_a_show_is_refused(admin_client):
    """A fictional organisation belongs to one show's story."""
    url, data = form_for(admin_client, Organisation)
    data.update(name="Le Ballet", slug="le-ballet", is_fictional="true")

    response = admin_client.post(url, data)

    assert_form_error(response, "A fictional organisation must name its show.")
    assert not Organisation.objects.exists()


def test_a_membership_in_another_shows_fictional_company_is_refused(admin_client):
    """Membership.clean(): a character joins only organisations of its own story."""
    character = CharacterFactory()
    company = OrganisationFactory(is_fictional=True, show=ShowFactory())
    url, data = form_for(admin_client, Character, character)
    add_inline_row(data, "memberships", organisation=str(company.pk), role="Dancer")

    response = admin_client.post(url, data)

    assert_form_error(response, "This organisation belongs to another show's story.")
    assert not character.memberships.exists()


def test_an_organisation_cannot_be_its_own_ancestor(admin_client):
    """Organisation.clean(): the parent chain has no loops."""
    parent = OrganisationFactory()
    child = OrganisationFactory(parent=parent)
    url, data = form_for(admin_client, Organisation, parent)
    data["parent"] = str(child.pk)

    response = admin_client.post(url, data)

    assert_form_error(response, "An organisation cannot be part of itself.")
    parent.refresh_from_db()
    assert parent.parent is None


# Deleting -------------------------------------------------------------------


def test_deleting_a_show_with_characters_explains_why_it_cannot(admin_client):
    """Characters PROTECT their show: the delete page lists them instead of failing."""
    character = CharacterFactory(name="Mimi")
    show = character.show
    url = admin_url(Show, "delete", show.pk)

    page = admin_client.get(url)
    attempt = admin_client.post(url, {"post": "yes"})

    for response in (page, attempt):
        assert response.status_code == HTTPStatus.OK
        content = response.content.decode()
        assert "would require deleting the following protected related objects" in content
        assert "Mimi" in content
    assert Show.objects.filter(pk=show.pk).exists()


def test_bulk_deleting_a_show_with_characters_explains_why_it_cannot(admin_client):
    """The changelist's delete action meets the same protection without a 500."""
    show = CharacterFactory().show

    response = admin_client.post(
        admin_url(Show, "changelist"),
        {"action": "delete_selected", "_selected_action": [str(show.pk)]},
    )

    assert response.status_code == HTTPStatus.OK
    assert "protected related objects" in response.content.decode()
    assert Show.objects.filter(pk=show.pk).exists()


def test_deleting_a_show_without_characters_deletes_its_seasons(admin_client):
    """Seasons go with their show; only characters protect it."""
    season = SeasonFactory()
    MembershipFactory()  # an unrelated row that must survive

    response = admin_client.post(admin_url(Show, "delete", season.show.pk), {"post": "yes"})

    assert response.status_code == HTTPStatus.FOUND
    assert not Season.objects.exists()
    assert Character.objects.count() == 1
