"""
Where an editor changes an entry: its change form in the admin, for those who may.

Reversed by the admin's own naming (`admin:<app>_<model>_change`) from the
entry's model, so this layer names no app; an entry the admin has no page for
has no address here rather than a broken link.
"""

from django.contrib.admin.utils import quote
from django.contrib.auth import get_permission_codename
from django.urls import NoReverseMatch, reverse


def may_change(user, model) -> bool:
    """Whether `user` is an editor allowed to change entries of `model`."""
    if not user.is_staff:
        return False
    options = model._meta
    return user.has_perm(f"{options.app_label}.{get_permission_codename('change', options)}")


def change_url(entry) -> str | None:
    """The admin change form of `entry`, or None when the admin has none for its kind."""
    options = entry._meta
    try:
        return reverse(
            f"admin:{options.app_label}_{options.model_name}_change", args=[quote(entry.pk)]
        )
    except NoReverseMatch:
        return None
