"""
Django admin strings the wiki words its own way in French.

Django's French admin writes "Ajout de %s" and "Modification de %s", which a
kind of entry starting with a vowel makes wrong ("Ajout de organisation", not
"d'organisation"), and no article fits every kind either (issue 17). Marked
here, these strings are in the project's catalog (locale/, LOCALE_PATHS),
which wins over Django's own, with wording that needs neither elision nor
article: "Ajout : organisation". English keeps Django's wording. Nothing
imports this module: the marks are read by `make messages`.
"""

from django.utils.translation import gettext_noop

ADMIN_TITLES = (
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
)
