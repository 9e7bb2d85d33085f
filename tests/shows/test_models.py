"""Model invariants hold in the database, not only in forms."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people.models import Person
from shows.models import Casting, Character, Episode, Organisation, Season, Show
from tests.factories import (
    CastingFactory,
    CharacterFactory,
    EpisodeFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = pytest.mark.django_db


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_seasons_are_numbered_from_one():
    refused(lambda: SeasonFactory(number=0))


def test_a_season_number_is_unique_within_its_show():
    season = SeasonFactory(number=1)
    refused(lambda: SeasonFactory(show=season.show, number=1))
    SeasonFactory(number=1)  # another show may have its own season 1


def test_episodes_are_numbered_from_one_and_once_per_season():
    episode = EpisodeFactory(number=1)
    refused(lambda: EpisodeFactory(number=0))
    refused(lambda: EpisodeFactory(season=episode.season, number=1))


def test_slugs_are_unique_and_never_empty():
    show = ShowFactory()
    refused(lambda: ShowFactory(slug=show.slug))
    refused(lambda: ShowFactory(slug=""))
    person = PersonFactory()
    refused(lambda: PersonFactory(slug=person.slug))


def test_a_character_slug_is_unique_within_its_show():
    character = CharacterFactory()
    refused(lambda: CharacterFactory(show=character.show, slug=character.slug))
    CharacterFactory(slug=character.slug)


def test_choices_are_enforced_by_the_database():
    refused(lambda: ShowFactory(status="renewed-forever"))
    refused(lambda: SeasonFactory(status="maybe"))
    refused(lambda: CastingFactory(billing="star"))


def test_a_show_is_ordered_for_at_least_one_season():
    refused(lambda: ShowFactory(seasons_ordered=0))


def test_a_fictional_organisation_names_its_show():
    refused(lambda: OrganisationFactory(is_fictional=True, show=None))
    OrganisationFactory(is_fictional=True, show=ShowFactory())


def test_an_actor_is_cast_once_per_character():
    casting = CastingFactory()
    refused(
        lambda: CastingFactory(
            person=casting.person, character=casting.character, show=casting.show
        )
    )


def test_an_actor_has_at_most_one_unnamed_role_per_show():
    show, person = ShowFactory(), PersonFactory()
    Casting.objects.create(show=show, person=person, character=None)
    refused(lambda: Casting.objects.create(show=show, person=person, character=None))


def test_a_casting_cannot_name_another_shows_character():
    casting = CastingFactory.build(
        show=ShowFactory(), character=CharacterFactory(), person=PersonFactory()
    )
    with pytest.raises(ValidationError, match="another show"):
        casting.full_clean()


def test_a_position_cannot_end_before_it_starts():
    position = PositionFactory.build(
        person=PersonFactory(), organisation=OrganisationFactory(), start="2025-03", end="2024"
    )
    with pytest.raises(ValidationError, match="end cannot come before"):
        position.full_clean()
    position.end = "2025"  # overlaps March 2025: allowed
    position.full_clean()


def test_a_member_of_a_fictional_company_comes_from_its_show():
    membership = MembershipFactory.build(
        character=CharacterFactory(),
        organisation=OrganisationFactory(is_fictional=True, show=ShowFactory()),
    )
    with pytest.raises(ValidationError, match="another show"):
        membership.full_clean()


def test_an_organisation_cannot_be_its_own_ancestor():
    parent = OrganisationFactory()
    child = OrganisationFactory(parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError, match="part of itself"):
        parent.full_clean()


def test_deleting_a_show_with_characters_is_refused():
    """Characters are not silently swept away with their show."""
    from django.db.models import ProtectedError

    character = CharacterFactory()
    with pytest.raises(ProtectedError):
        character.show.delete()


def test_names_read_naturally():
    season = SeasonFactory(show=ShowFactory(title="Étoile"), number=1)
    assert str(season) == "Étoile season 1"
    assert str(EpisodeFactory(season=season, number=3)) == "Episode 3"
    assert str(EpisodeFactory(season=season, number=4, title="Pilot")) == "Pilot"
    casting = Casting.objects.create(show=season.show, person=PersonFactory(name="Ann"))
    assert str(casting) == "Ann as an unnamed role (Étoile)"


def test_addresses_are_built_by_reverse():
    show = ShowFactory(slug="etoile")
    season = SeasonFactory(show=show, number=1)
    assert show.get_absolute_url() == "/shows/etoile/"
    assert season.get_absolute_url() == "/shows/etoile/season-1/"
    assert EpisodeFactory(season=season, number=2).get_absolute_url() == (
        "/shows/etoile/season-1/episode-2/"
    )
    character = CharacterFactory(show=show, slug="jack")
    assert character.get_absolute_url() == "/shows/etoile/characters/jack/"
    assert PersonFactory(slug="luke").get_absolute_url() == "/people/luke/"


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (Show, lambda: ShowFactory()),
        (Season, lambda: SeasonFactory()),
        (Episode, lambda: EpisodeFactory()),
        (Character, lambda: CharacterFactory()),
        (Casting, lambda: CastingFactory()),
        (Person, lambda: PersonFactory()),
        (Organisation, lambda: OrganisationFactory()),
    ],
)
def test_natural_keys_find_the_same_row(model, make):
    row = make()
    assert model.objects.get_by_natural_key(*row.natural_key()) == row


def test_an_unknown_natural_key_names_itself():
    with pytest.raises(Show.DoesNotExist, match="nowhere"):
        Show.objects.get_by_natural_key("nowhere")


def test_slugify_keeps_addresses_typeable():
    from wiki.slugs import wiki_slugify

    assert wiki_slugify("Étoile") == "etoile"
    assert wiki_slugify("Lou de Laâge") == "lou-de-laage"
    assert wiki_slugify("星") == "星"


def test_a_blank_slug_is_made_from_the_name_when_validated():
    """An editor may leave the slug empty: "Étoile" gets `etoile`, accents and all."""
    show = Show(title="Étoile", slug="", status=Show.Status.CANCELLED)
    show.full_clean()
    assert show.slug == "etoile"
    person = Person(name="Taïs Vinolo")
    person.full_clean()
    assert person.slug == "tais-vinolo"


def test_a_made_slug_that_is_taken_is_a_validation_error():
    ShowFactory(title="Étoile", slug="etoile")
    with pytest.raises(ValidationError, match="slug"):
        Show(title="Étoile", status=Show.Status.CANCELLED).full_clean()
