"""Factories for rows that tests need in bulk or in odd shapes."""

import factory

from people.models import Person
from shows.models import (
    Casting,
    Character,
    Credit,
    Episode,
    Membership,
    NewsEvent,
    Organisation,
    Position,
    Season,
    Show,
    Source,
    StatusChange,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Source {n}")


class ShowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Show

    title = factory.Sequence(lambda n: f"Show {n}")
    slug = factory.Sequence(lambda n: f"show-{n}")
    status = Show.Status.AIRING


class SeasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Season

    show = factory.SubFactory(ShowFactory)
    number = factory.Sequence(lambda n: n + 1)
    status = Season.Status.RELEASED


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    season = factory.SubFactory(SeasonFactory)
    number = factory.Sequence(lambda n: n + 1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")


class CharacterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Character

    show = factory.SubFactory(ShowFactory)
    name = factory.Sequence(lambda n: f"Character {n}")
    slug = factory.Sequence(lambda n: f"character-{n}")


class CastingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Casting

    character = factory.SubFactory(CharacterFactory)
    show = factory.SelfAttribute("character.show")
    person = factory.SubFactory(PersonFactory)
    billing = Casting.Billing.MAIN


class CreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credit

    show = factory.SubFactory(ShowFactory)
    person = factory.SubFactory(PersonFactory)
    role = Credit.Role.CREATOR


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = "Head"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    character = factory.SubFactory(CharacterFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "Dancer"


class NewsEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsEvent

    headline = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    date = "2025-06-06"


QUOTED_PASSAGE = "The network announced the change today."


def quoted_citation() -> str:
    """A citation quoting a new source's archived copy, as a status change must."""
    source = SourceFactory(archived_text=QUOTED_PASSAGE)
    return f'[@{source.key}: "{QUOTED_PASSAGE}"]'


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    event = factory.SubFactory(NewsEventFactory)
    show = factory.SubFactory(ShowFactory)
    change = StatusChange.Change.ORDERED
    citation = factory.LazyFunction(quoted_citation)
