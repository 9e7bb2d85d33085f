"""The people app's kinds of wiki entry (wiki/registry.py)."""

from django.db.models import Exists, OuterRef
from django.utils.translation import pgettext_lazy

from wiki import registry

from .models import Person

# Set on people by a search rebuild, so that it asks no question per person.
IS_ACTOR = "search_is_actor"


def is_actor(person) -> bool:
    """A person is an actor while they have a casting (people.models.Actor)."""
    if hasattr(person, IS_ACTOR):
        return getattr(person, IS_ACTOR)
    return person.castings.exists()


def with_is_actor(people):
    castings = Person._meta.get_field("castings").related_model
    return people.annotate(**{IS_ACTOR: Exists(castings.objects.filter(person=OuterRef("pk")))})


registry.register(
    Person,
    address=("slug",),
    listing=("name", "slug"),
    names=lambda person: [person.name],
    link_rank=2,
    search=registry.Search(
        kinds=(
            registry.Kind(
                "actor",
                pgettext_lazy("kind of page", "Actor"),
                pgettext_lazy("kinds of page", "Actors"),
            ),
            registry.Kind(
                "person",
                pgettext_lazy("kind of page", "Person"),
                pgettext_lazy("kinds of page", "Other people"),
                includes=("actor",),
            ),
        ),
        order=50,
        kind_of=lambda person: "actor" if is_actor(person) else "person",
        annotate=with_is_actor,
    ),
    sitemap="people",
    api=registry.Api(
        path="people",
        fields=("name", "slug", "biography", "sources"),
        embeds=(
            registry.Embed("cast", "castings", "The parts they play."),
            registry.Embed("credits", "credits", "Their credits on shows."),
            registry.Embed("positions", "positions", "The posts they hold."),
            registry.Embed("news", "news_events", "The news about them."),
        ),
        description="A person: an actor, a creator, an executive.",
    ),
)
