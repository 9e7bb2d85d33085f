"""
The admin for people, with "Actors" as a second list of the same table.

Here in shows, not in people: a person's page in the admin edits their parts
in shows, and people, below shows in the layers, know nothing of them.

A person's castings, credits and positions are edited on the person's page;
the casting form fills in the show from the character, so an editor picks
only the character (or only the show, when the source names no character).
"""

from django.contrib import admin
from django.db.models import Count, Prefetch
from django.forms import BaseInlineFormSet
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from history.admin import WikiVersionAdmin
from images.admin import DiscardFilesOnFailure, image_inline
from people.models import Actor, Person
from shows.admin_forms import CastingForm
from shows.admin_inlines import WikiTabularInline
from shows.models import Casting, Credit, Position
from wikitext.editor import WikitextAdminMixin

PersonImageInline = image_inline(Person)


class PersonCastingInline(WikiTabularInline):
    model = Casting
    form = CastingForm
    fields = ("character", "show", "billing", "order", "seasons", "sources")
    autocomplete_fields = ("character", "show", "seasons", "sources")


class ActorCastingFormSet(BaseInlineFormSet):
    default_error_messages = {
        "too_few_forms": _(
            "An actor plays at least one part: keep a casting here, "
            "or edit this person in the list of people."
        ),
    }


class ActorCastingInline(PersonCastingInline):
    # An actor is a person with a casting: removing the last one would make the
    # row vanish from the list of actors, so the actor form keeps at least one.
    formset = ActorCastingFormSet
    min_num = 1

    def get_formset(self, request, obj=None, **kwargs):
        # The admin enforces min_num only in its JavaScript unless told to validate it.
        return super().get_formset(request, obj, validate_min=True, **kwargs)


class PersonCreditInline(WikiTabularInline):
    model = Credit
    fields = ("show", "role", "order", "sources")
    autocomplete_fields = ("show", "sources")


class PersonPositionInline(WikiTabularInline):
    model = Position
    fields = ("organisation", "title", "start", "end", "sources")
    autocomplete_fields = ("organisation", "sources")


@admin.register(Person)
class PersonAdmin(WikitextAdminMixin, DiscardFilesOnFailure, WikiVersionAdmin):
    list_display = ("name", "slug", "casting_count", "credit_count", "position_count")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("sources",)
    fields = ("name", "slug", "biography", "sources")
    inlines = (PersonCastingInline, PersonCreditInline, PersonPositionInline, PersonImageInline)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                casting_count=Count("castings", distinct=True),
                credit_count=Count("credits", distinct=True),
                position_count=Count("positions", distinct=True),
            )
        )

    @admin.display(description=_("castings"), ordering="casting_count")
    def casting_count(self, person):
        return person.casting_count

    @admin.display(description=_("credits"), ordering="credit_count")
    def credit_count(self, person):
        return person.credit_count

    @admin.display(
        description=pgettext_lazy("posts someone holds", "positions"), ordering="position_count"
    )
    def position_count(self, person):
        return person.position_count


@admin.register(Actor)
class ActorAdmin(PersonAdmin):
    list_display = ("name", "characters")
    list_filter = ("castings__show",)
    search_fields = ("name", "slug", "castings__character__name")
    inlines = (ActorCastingInline, PersonCreditInline, PersonPositionInline, PersonImageInline)

    def get_queryset(self, request):
        # Skip PersonAdmin's counts: this list shows the characters instead.
        return (
            super(PersonAdmin, self)
            .get_queryset(request)
            .prefetch_related(
                Prefetch("castings", Casting.objects.select_related("character", "show"))
            )
        )

    @admin.display(description=pgettext_lazy("an actor", "plays"))
    def characters(self, actor):
        return ", ".join(
            casting.character.name
            if casting.character_id
            else gettext("a role in %(show)s") % {"show": casting.show}
            for casting in actor.castings.all()
        )
