"""Checks on wiki text wherever it is saved from: admin, command, shell."""

from django.core.exceptions import ValidationError

from . import markup


def unknown_key_error(keys) -> ValidationError:
    quoted = ", ".join(f"“{key}”" for key in keys)
    return ValidationError(
        "No source has the key%(s)s %(keys)s. Cite a source by the key shown on its "
        "page in the admin's Sources, or add the source first.",
        code="unknown_source",
        params={"s": "" if len(keys) == 1 else "s", "keys": quoted},
    )


def cited_sources_exist(text: str) -> None:
    """A citation must name a source the wiki has; a link may name a page not yet written."""
    cited = markup.parse(text or "").citations
    if not cited:
        return
    from shows.models import Source

    known = set(Source.objects.filter(key__in=cited).values_list("key", flat=True))
    if unknown := [key for key in cited if key not in known]:
        raise unknown_key_error(unknown)
