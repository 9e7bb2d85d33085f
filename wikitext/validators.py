"""Checks on wiki text wherever it is saved from: admin, command, shell."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext

from wiki.sources import source_model

from . import markup


def unknown_key_error(keys) -> ValidationError:
    quoted = ", ".join(gettext("“%(key)s”") % {"key": key} for key in keys)
    return ValidationError(
        ngettext(
            "No source has the key %(keys)s. Cite a source by the key shown on its "
            "page in the admin's Sources, or add the source first.",
            "No source has the keys %(keys)s. Cite a source by the key shown on its "
            "page in the admin's Sources, or add the source first.",
            len(keys),
        ),
        code="unknown_source",
        params={"keys": quoted},
    )


def cited_sources_exist(text: str) -> None:
    """A citation must name a source the wiki has; a link may name a page not yet written."""
    cited = markup.parse(text or "").citations
    if not cited:
        return
    known = set(source_model()._default_manager.filter(key__in=cited).values_list("key", flat=True))
    if unknown := [key for key in cited if key not in known]:
        raise unknown_key_error(unknown)
