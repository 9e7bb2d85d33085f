"""
Form fields and forms the admin needs beyond what the models generate.

Each one turns a mistake an editor can make into a form error on the field
that caused it, where the generated form would save bad data or fail with a 500.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shows.models import Casting, Character


def _seasons_outside(show, seasons):
    return [season for season in seasons if season.show_id != show.pk]


def _seasons_of(show):
    return gettext("Choose only seasons of %(show)s.") % {"show": show}


class CastingForm(forms.ModelForm):
    """
    A casting picked by person and character, with the show filled in from the character.

    The character already names its show, so asking for both invites the
    mismatch `Casting.clean()` rejects; the show is needed only for a casting
    without a character.
    """

    class Meta:
        model = Casting
        fields = ("person", "character", "show", "billing", "order", "seasons", "sources")
        help_texts = {"show": _("Leave empty to use the character's show.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "show" in self.fields:
            self.fields["show"].required = False

    def clean(self):
        cleaned_data = super().clean()
        character = cleaned_data.get("character")
        if "show" in self.fields and not cleaned_data.get("show") and "show" not in self.errors:
            if character is None:
                self.add_error("show", gettext("Choose the show, or a character from it."))
            else:
                cleaned_data["show"] = character.show
        show = cleaned_data.get("show")
        if show is not None and _seasons_outside(show, cleaned_data.get("seasons") or ()):
            self.add_error("seasons", _seasons_of(show))
        return cleaned_data


class CharacterCastingForm(forms.ModelForm):
    """A casting in a character's inline: its show is the character's show."""

    class Meta:
        model = Casting
        fields = ("person", "billing", "order", "seasons", "sources")

    def clean(self):
        cleaned_data = super().clean()
        # The inline's foreign key field cleans to the character being edited,
        # which may be unsaved (on the add page) but has its show by now, unless
        # the character's own form is invalid and nothing will be saved anyway.
        character = cleaned_data.get("character")
        if character is not None and character.show_id is not None:
            self.instance.show = character.show
            seasons = cleaned_data.get("seasons") or ()
            if _seasons_outside(character.show, seasons):
                self.add_error("seasons", _seasons_of(character.show))
        return cleaned_data


class CharacterForm(forms.ModelForm):
    class Meta:
        model = Character
        fields = ("show", "name", "slug", "description", "sources", "fact_citations")

    def clean_show(self):
        show = self.cleaned_data["show"]
        character = self.instance
        if character.pk is None or show.pk == character.show_id:
            return show
        # Castings repeat the character's show, and organisations with a show
        # appear in that show's story: moving the character would leave both
        # pointing at the old show.
        tied = (
            character.castings.exists()
            or character.memberships.filter(organisation__show__isnull=False).exists()
        )
        if tied:
            raise ValidationError(
                _(
                    "This character has castings or memberships of its show's organisations; "
                    "remove them before moving the character to another show."
                ),
                code="character_has_ties",
            )
        return show
