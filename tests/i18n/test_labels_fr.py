# ruff: noqa: RUF001 - French writes its apostrophe as U+2019, on purpose.
"""
The interface strings that live in the apps' Python code, in English and in French.

Choice labels, verbose names, form and validation errors, the admin's messages
and the words the renderer adds read in the reader's language; English stays
exactly as it was. Entry names (`str()`), which history and the indexes store,
stay in English whatever language is active.
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone, translation

from history.models import Deletion
from history.recording import RecoveryError, recorded, recover, revert_summary, versions_of
from history.templatetags.history import saved_at, size_change
from images import processing
from images.models import Image
from people.models import Person
from search.kinds import kinds
from shows.models import Casting, Credit, NewsEvent, Position, Season, Show
from tests.factories import (
    CreditFactory,
    EpisodeFactory,
    MembershipFactory,
    SeasonFactory,
    ShowFactory,
)
from wikitext import display, markup
from wikitext.validators import unknown_key_error

# French spaces its quotes and its colons with a no-break space.
NBSP = "\u00a0"


def in_both(callable_):
    """What `callable_()` gives in English, then in French."""
    with translation.override("en"):
        english = str(callable_())
    with translation.override("fr"):
        french = str(callable_())
    return english, french


@pytest.mark.parametrize(
    ("label", "english", "french"),
    [
        (lambda: Show.Status.CANCELLED.label, "Cancelled", "Annulée"),
        (
            lambda: Show.ReleaseModel.ALL_AT_ONCE.label,
            "All episodes at once",
            "Tous les épisodes d’un coup",
        ),
        (
            lambda: Season.Status.CANCELLED.label,
            "Ordered, then cancelled",
            "Commandée, puis annulée",
        ),
        (lambda: Casting.Billing.MAIN.label, "Main", "Principal"),
        (lambda: Casting.Billing.RECURRING.label, "Recurring", "Récurrent"),
        (lambda: Credit.Role.CREATOR.label, "Creator", "Création"),
        (lambda: NewsEvent.Kind.ORDER.label, "Order", "Commande"),
        (lambda: kinds()["show"].name, "Show", "Série"),
        (lambda: kinds()["person"].plural, "Other people", "Autres personnes"),
    ],
)
def test_choice_labels(label, english, french):
    assert in_both(label) == (english, french)


@pytest.mark.parametrize(
    ("name", "english", "french"),
    [
        (lambda: Show._meta.verbose_name, "show", "série"),
        (lambda: Person._meta.verbose_name_plural, "people", "personnes"),
        (lambda: NewsEvent._meta.verbose_name_plural, "news events", "actualités"),
        (
            lambda: Show._meta.get_field("premiere_date").verbose_name,
            "premiere date",
            "date de première diffusion",
        ),
        (
            lambda: Casting._meta.get_field("character").help_text,
            "Leave empty when the source does not say whom they play.",
            "Laissez vide quand la source ne dit pas quel personnage la personne interprète.",
        ),
        # The same English word, two meanings: a post someone holds, a place in a gallery.
        (lambda: Position._meta.verbose_name, "position", "poste"),
        (lambda: Image._meta.get_field("position").verbose_name, "position", "position"),
        (lambda: Deletion._meta.verbose_name_plural, "deletions", "suppressions"),
        (
            lambda: Show._meta.get_field("synopsis_fr").verbose_name,
            "synopsis (French)",
            "synopsis (français)",
        ),
        (
            lambda: admin.site.site_header,
            "Étoile Wiki administration",
            "Administration d’Étoile Wiki",
        ),
    ],
)
def test_verbose_names_and_help(name, english, french):
    assert in_both(name) == (english, french)


def test_a_field_shown_in_the_admin_keeps_the_english_name_django_gave_it():
    """
    An explicit verbose name equal to Django's own: the English admin is unchanged.
    A French text is labelled after its English one, "description (French)" (issue 17).
    """
    for field in Show._meta.get_fields():
        if getattr(field, "translation_of", ""):
            with translation.override("en"):
                assert str(field.verbose_name) == f"{field.translation_of} (French)"
        elif field.concrete and not field.auto_created and field.name != "sources":
            with translation.override("en"):
                assert str(field.verbose_name) == field.name.replace("_", " "), field.name


@pytest.mark.django_db
def test_a_validation_error_reads_in_the_readers_language():
    season = SeasonFactory.build(show=ShowFactory(), number=0)
    with pytest.raises(ValidationError) as refused:
        season.full_clean()
    with translation.override("en"):
        assert "Seasons are numbered from 1." in refused.value.message_dict["number"]
    with translation.override("fr"):
        with pytest.raises(ValidationError) as refused:
            season.full_clean()
        assert "Les saisons sont numérotées à partir de 1." in refused.value.message_dict["number"]


def test_an_error_with_a_count_takes_the_right_plural():
    with translation.override("en"):
        one, two = (unknown_key_error(keys).messages[0] for keys in (["a"], ["a", "b"]))
    assert one.startswith("No source has the key “a”.")
    assert two.startswith("No source has the keys “a”, “b”.")
    with translation.override("fr"):
        one, two = (unknown_key_error(keys).messages[0] for keys in (["a"], ["a", "b"]))
    assert one.startswith(f"Aucune source n’a la clé «{NBSP}a{NBSP}».")
    assert two.startswith(f"Aucune source n’a les clés «{NBSP}a{NBSP}», «{NBSP}b{NBSP}».")


def test_an_upload_error_is_filled_in_when_shown():
    """An image error made once reads in whichever language shows it."""
    refused = processing._too_many_pixels(9000, 9000, frames=4)
    with translation.override("en"):
        assert "9000 by 9000 pixels in 4 frames, more than the" in refused.messages[0]
    with translation.override("fr"):
        assert "9000 × 9000 pixels en 4 images d’animation" in refused.messages[0]


def test_season_and_episode_labels_read_in_the_readers_language():
    season = Season(show=Show(title="Étoile"), number=1)
    episode = EpisodeFactory.build(season=season, number=3, title="")
    assert in_both(lambda: season.label) == ("Season 1", "Saison 1")
    assert in_both(lambda: episode.label) == ("Episode 3", "Épisode 3")
    # The names history and the indexes store do not change with the language.
    assert in_both(lambda: season) == ("Étoile season 1", "Étoile season 1")
    assert in_both(lambda: episode) == ("Episode 3", "Episode 3")


@pytest.mark.django_db
def test_an_entry_saved_in_french_is_recorded_under_its_english_name():
    credit = CreditFactory(person__name="Amy", show__title="Étoile", role=Credit.Role.CREATOR)
    with translation.override("fr"):
        assert str(credit) == "Amy, creator of Étoile"
        with recorded(summary="Changed"):
            credit.order = 2
            credit.save()
        pk = credit.pk
        credit.delete()
    assert versions_of(Credit, pk).first().object_repr == "Amy, creator of Étoile"
    deletion = Deletion.objects.get()
    assert deletion.object_repr == "Amy, creator of Étoile"
    assert str(deletion) == "Deleted credit “Amy, creator of Étoile”"
    deleting = versions_of(Deletion, deletion.pk).get()
    assert deleting.object_repr == "Deleted credit “Amy, creator of Étoile”"
    assert deleting.revision.comment == "Deleted credit “Amy, creator of Étoile”"


@pytest.mark.django_db
def test_a_recovery_message_from_the_admin_reads_in_the_readers_language(admin_user):
    membership = MembershipFactory(
        character__name="Cheyenne", organisation__name="Ballet", role="Étoile"
    )
    with recorded(summary="Removed"):
        membership.delete()
    deletion = Deletion.objects.get()
    model_admin = admin.site._registry[Deletion]

    def recover_selected():
        request = RequestFactory().post("/admin/history/deletion/")
        request.user = admin_user
        request.session = {}
        request._messages = FallbackStorage(request)
        model_admin.recover_selected(request, Deletion.objects.filter(pk=deletion.pk))
        return [str(message) for message in get_messages(request)]

    with translation.override("fr"):
        assert recover_selected() == [f"Récupéré{NBSP}: «{NBSP}Cheyenne: Étoile, Ballet{NBSP}»."]
    deletion.refresh_from_db()
    with translation.override("fr"), pytest.raises(RecoveryError) as refused:
        recover(deletion)
    assert str(refused.value) == (
        f"L’entrée «{NBSP}Cheyenne: Étoile, Ballet{NBSP}» a déjà été récupérée."
    )
    with translation.override("en"):
        assert recover_selected() == [], "recovered already: nothing to say"
        with pytest.raises(RecoveryError, match="“Cheyenne: Étoile, Ballet” has been recovered"):
            recover(deletion)


@pytest.mark.django_db
def test_a_revert_made_in_french_is_summarised_in_english(etoile):
    version = versions_of(Show, Show.objects.get().pk).get()
    version.revision.date_created = timezone.make_aware(datetime.datetime(2025, 6, 6, 21, 4))
    with translation.override("en"):
        english = revert_summary(version)
    with translation.override("fr"):
        assert revert_summary(version) == english
    assert english == "Reverted to the version of June 6, 2025, 9:04 p.m."


def test_history_dates_and_sizes_read_in_the_readers_language():
    moment = timezone.make_aware(datetime.datetime(2025, 4, 24, 14, 5), datetime.UTC)
    english, french = in_both(lambda: saved_at(moment))
    assert ">April 24, 2025, 14:05 UTC</time>" in english
    assert ">24 avril 2025 à 14:05 UTC</time>" in french
    assert 'title="+120 characters"' in in_both(lambda: size_change(120))[0]
    # Thousands grouped the French way.
    assert f'title="+1{NBSP}234 caractères"' in in_both(lambda: size_change(1234))[1]


def test_the_renderers_own_words_are_stored_in_english_and_shown_in_the_readers_language():
    stored = markup.render("A claim.{{citation needed}}\n\n::: spoiler The finale\nGone.\n:::")
    assert '<sup class="citation-needed">[citation needed]</sup>' in stored
    assert "<summary>Spoiler: The finale</summary>" in stored
    english, french = in_both(lambda: display.in_reader_language(stored))
    assert english == stored
    assert '<sup class="citation-needed">[réf. nécessaire]</sup>' in french
    assert f"<summary>Divulgâcheur{NBSP}: The finale</summary>" in french
    untitled = markup.render("::: spoiler\nGone.\n:::")
    assert (
        "<summary>Divulgâcheur</summary>"
        in in_both(lambda: display.in_reader_language(untitled))[1]
    )
