"""Edits made outside the admin (commands, scripts), recorded and checked like admin edits."""

from django.db import models, transaction

from .models import Edit
from .recording import ensure_current, lock_for_edit, recorded


def entry_update(
    *,
    instance: models.Model,
    changes: dict[str, str],
    expected_version_id: int | None = None,
    user=None,
    summary: str = "",
    via: str = Edit.Via.COMMAND,
    detail: str = "",
) -> models.Model:
    """
    Change fields of a wiki entry as one recorded revision.

    `expected_version_id` is the version the change was based on; when someone
    saved the entry since, `StaleEdit` is raised and nothing is written. Values
    are validated (`full_clean`) before anything is saved.
    """
    with transaction.atomic(), recorded(user=user, summary=summary, via=via, detail=detail):
        if expected_version_id is None:
            # No base to check: the change applies to whatever is latest once the
            # row is ours. Reading a base before taking the lock refused a run
            # that merely queued behind another (issue 14).
            lock_for_edit(instance)
        else:
            ensure_current(instance, expected_version_id)
        instance.refresh_from_db()
        for name, value in changes.items():
            field = instance._meta.get_field(name)
            if field.many_to_many or field.one_to_many or not field.editable:
                raise ValueError(f"{name} cannot be set this way.")
            setattr(instance, field.attname, field.to_python(value))
        instance.full_clean()
        instance.save()
    return instance
