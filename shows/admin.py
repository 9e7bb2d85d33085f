"""
The admin for shows and everything told about them.

Every foreign key and every `sources` list is an autocomplete: the lists grow
with each show, and a plain select would load them all into every form.
Changelists name the relations they display in `list_select_related` (and
`get_queryset` prefetches the many-valued ones), so a page costs the same few
queries whatever its length; tests/admin/test_admin_pages.py holds them to it.
"""

from django.contrib import admin
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from history.admin import WikiVersionAdmin
from images.admin import DiscardFilesOnFailure, image_inline
from shows import statuses
from shows.admin_forms import (
    CastingForm,
    CharacterCastingForm,
    CharacterForm,
)
from shows.admin_inlines import WikiTabularInline
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
from wikitext.editor import WikitextAdminMixin

# A custom AdminSite would need INSTALLED_APPS to name it; the default site's
# titles are all this project changes.
admin.site.site_header = _("Étoile Wiki administration")
admin.site.site_title = _("Étoile Wiki administration")


# Inlines --------------------------------------------------------------------


class SeasonInline(WikiTabularInline):
    """
    A show's seasons, each with links to its episodes.

    Django has no nested inlines, and a package for them (django-nested-admin)
    is a dependency with its own JavaScript for one form. So episodes are edited
    inline on the season's own page, which the "Change" link on each row opens,
    and the show's page lists each season's episodes as links.
    """

    model = Season
    fields = ("number", "status", "release_date", "episode_links")
    readonly_fields = ("episode_links",)
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("episodes")

    @admin.display(description=_("Episodes"))
    def episode_links(self, season):
        if season.pk is None:
            return gettext("Save the season, then add its episodes.")
        site = self.admin_site.name
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (
                    reverse(f"{site}:shows_episode_change", args=[episode.pk]),
                    f"{episode.number}. {episode.title}" if episode.title else episode.label,
                )
                for episode in season.episodes.all()
            ),
        )
        add = format_html(
            '<a href="{}?season={}">{}</a>',
            reverse(f"{site}:shows_episode_add"),
            season.pk,
            gettext("Add an episode"),
        )
        return format_html("{} ({})", links, add) if links else add


class EpisodeInline(WikiTabularInline):
    model = Episode
    fields = ("number", "title", "release_date")
    show_change_link = True


class CreditInline(WikiTabularInline):
    """A show's credits, picked by person."""

    model = Credit
    fields = ("person", "role", "order", "sources")
    autocomplete_fields = ("person", "sources")


class CharacterCastingInline(WikiTabularInline):
    """Who plays the character; the casting's show is the character's."""

    model = Casting
    form = CharacterCastingForm
    fields = ("person", "billing", "order", "seasons", "sources")
    autocomplete_fields = ("person", "seasons", "sources")
    verbose_name = _("played by")
    verbose_name_plural = _("played by")


class CharacterMembershipInline(WikiTabularInline):
    model = Membership
    fields = ("organisation", "role", "revealed_in", "sources")
    autocomplete_fields = ("organisation", "revealed_in", "sources")


class OrganisationMembershipInline(WikiTabularInline):
    model = Membership
    fields = ("character", "role", "revealed_in", "sources")
    autocomplete_fields = ("character", "revealed_in", "sources")


class OrganisationPositionInline(WikiTabularInline):
    model = Position
    fields = ("person", "title", "start", "end", "sources")
    autocomplete_fields = ("person", "sources")


class StatusChangeInline(WikiTabularInline):
    """The changes a news event makes to shows' and seasons' statuses, dated by the event."""

    model = StatusChange
    fields = ("show", "season", "change", "citation")
    autocomplete_fields = ("show", "season")


class DerivedStatusMixin:
    """
    The status pages show, worked out from the status changes of the news
    (shows/statuses.py), beside the typed column, which holds only while no
    event records a change: read-only, naming the events it comes from.
    """

    def status_changes_of(self, entry):
        raise NotImplementedError

    @admin.display(description=_("Status from the news"))
    def status_from_news(self, entry):
        if entry is None or entry.pk is None:
            return gettext("No news event records a status change yet.")
        changes = list(self.status_changes_of(entry))
        status = statuses.status_on(changes, None)
        if not status.recorded:
            return gettext("No news event records a status change: pages show the typed status.")
        site = self.admin_site.name
        events = format_html_join(
            ", ",
            '<a href="{}">{}</a> ({})',
            (
                (
                    reverse(f"{site}:shows_newsevent_change", args=[change.event_id]),
                    change.event.headline,
                    statuses.change_label(change),
                )
                for change in status.known
            ),
        )
        return format_html(
            "{} {}",
            gettext("%(status)s, from these news events (the typed status is not used):")
            % {"status": status.label},
            events,
        )


# Shows, seasons, episodes ---------------------------------------------------


@admin.register(Show)
class ShowAdmin(DerivedStatusMixin, WikitextAdminMixin, DiscardFilesOnFailure, WikiVersionAdmin):
    list_display = ("title", "network", "premiere_date", "status", "seasons_ordered")
    list_filter = ("status", ("network", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("network",)
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("network", "sources")
    inlines = (SeasonInline, CreditInline, image_inline(Show))
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "slug",
                    "status",
                    "status_from_news",
                    "network",
                    "premiere_date",
                    "genre",
                )
            },
        ),
        (pgettext_lazy("admin section", "Article"), {"fields": ("description", "synopsis")}),
        (
            _("Order and release"),
            {"fields": ("order_type", "order_date", "seasons_ordered", "release_model")},
        ),
        (None, {"fields": ("sources", "fact_citations")}),
    )
    readonly_fields = ("status_from_news",)

    def status_changes_of(self, show):
        return show.status_changes.filter(season=None).with_events()


@admin.register(Season)
class SeasonAdmin(DerivedStatusMixin, WikitextAdminMixin, DiscardFilesOnFailure, WikiVersionAdmin):
    list_display = ("__str__", "show", "number", "status", "release_date", "episode_count")
    list_filter = ("show", "status")
    list_select_related = ("show",)
    # "number__exact" skips terms that are not numbers, so "Étoile 2" finds season 2.
    search_fields = ("show__title", "number__exact")
    autocomplete_fields = ("show", "sources")
    inlines = (EpisodeInline, image_inline(Season))
    readonly_fields = ("status_from_news",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def status_changes_of(self, season):
        return season.status_changes.with_events()

    @admin.display(description=_("episodes"), ordering="episode_count")
    def episode_count(self, season):
        return season.episode_count


@admin.register(Episode)
class EpisodeAdmin(WikitextAdminMixin, WikiVersionAdmin):
    list_display = ("__str__", "season", "number", "release_date")
    # Not "season": its choices name each season's show, a query per season.
    list_filter = ("season__show", "season__number")
    list_select_related = ("season__show",)
    search_fields = ("title", "summary", "season__show__title")
    autocomplete_fields = ("season", "sources")


@admin.register(Credit)
class CreditAdmin(WikiVersionAdmin):
    list_display = ("person", "role", "show", "order")
    list_filter = ("role", "show")
    list_select_related = ("person", "show")
    search_fields = ("person__name", "show__title")
    autocomplete_fields = ("show", "person", "sources")


# Characters and cast --------------------------------------------------------


@admin.register(Character)
class CharacterAdmin(WikitextAdminMixin, DiscardFilesOnFailure, WikiVersionAdmin):
    form = CharacterForm
    list_display = ("name", "show", "played_by")
    list_filter = ("show",)
    list_select_related = ("show",)
    search_fields = ("name", "castings__person__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("show", "sources")
    inlines = (CharacterCastingInline, CharacterMembershipInline, image_inline(Character))

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("castings", Casting.objects.select_related("person")))
        )

    @admin.display(description=_("played by"))
    def played_by(self, character):
        return ", ".join(casting.person.name for casting in character.castings.all())


@admin.register(Casting)
class CastingAdmin(WikiVersionAdmin):
    form = CastingForm
    list_display = ("person", "character", "show", "billing", "order")
    list_filter = ("show", "billing")
    list_select_related = ("person", "character", "show")
    search_fields = ("person__name", "character__name", "show__title")
    autocomplete_fields = ("person", "character", "show", "seasons", "sources")
    fields = ("person", "character", "show", "billing", "order", "seasons", "sources")


# Organisations --------------------------------------------------------------


@admin.register(Organisation)
class OrganisationAdmin(WikitextAdminMixin, WikiVersionAdmin):
    list_display = ("name", "kind", "is_fictional", "show", "parent", "location")
    list_filter = ("kind", "is_fictional", ("show", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("show", "parent")
    search_fields = ("name", "location", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("show", "parent", "sources")
    inlines = (OrganisationPositionInline, OrganisationMembershipInline)


@admin.register(Position)
class PositionAdmin(WikiVersionAdmin):
    list_display = ("person", "title", "organisation", "start", "end")
    list_filter = (("organisation", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("person", "organisation")
    search_fields = ("person__name", "title", "organisation__name")
    autocomplete_fields = ("person", "organisation", "sources")


@admin.register(Membership)
class MembershipAdmin(WikiVersionAdmin):
    list_display = ("character", "role", "organisation")
    list_filter = (("organisation", admin.RelatedOnlyFieldListFilter), "character__show")
    list_select_related = ("character", "organisation")
    search_fields = ("character__name", "role", "organisation__name")
    autocomplete_fields = ("character", "organisation", "revealed_in", "sources")


# News and sources -----------------------------------------------------------


@admin.register(NewsEvent)
class NewsEventAdmin(WikitextAdminMixin, DiscardFilesOnFailure, WikiVersionAdmin):
    list_display = ("headline", "date", "kind", "show_titles")
    list_filter = ("kind", "shows")
    search_fields = ("headline", "summary")
    # No date_hierarchy: a partial date is stored as text, not a DateField.
    ordering = ("-date", "headline")
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("shows", "people", "organisations", "sources")
    inlines = (StatusChangeInline, image_inline(NewsEvent))
    fieldsets = (
        (None, {"fields": ("headline", "slug", "date", "kind", "summary")}),
        (_("Who and what"), {"fields": ("shows", "people", "organisations")}),
        (_("Sources"), {"fields": ("sources", "fact_citations")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("shows")

    @admin.display(description=_("shows"))
    def show_titles(self, event):
        return ", ".join(show.title for show in event.shows.all())


@admin.register(StatusChange)
class StatusChangeAdmin(WikiVersionAdmin):
    """Every status change, each also on its news event's page (StatusChangeInline)."""

    list_display = ("__str__", "event", "show", "season", "change")
    list_filter = ("change", ("show", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("event", "show", "season__show")
    search_fields = ("event__headline", "show__title")
    autocomplete_fields = ("event", "show", "season")
    fields = ("event", "show", "season", "change", "citation")


@admin.register(Source)
class SourceAdmin(WikiVersionAdmin):
    list_display = ("__str__", "key", "publisher", "published", "url")
    list_filter = (("publisher", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("publisher",)
    search_fields = ("key", "title", "publisher__name")
    prepopulated_fields = {"key": ("title",)}
    autocomplete_fields = ("publisher",)


# People's admin registers itself from shows, which knows their parts in shows.
from . import people_admin  # noqa: E402, F401
