"""Checks on wiki text wherever it is saved from: admin, command, shell, fixture loads."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy, ngettext

from wiki import passages
from wiki.sources import ARCHIVE, sources_by_key

from . import markup


def _quoted(key) -> str:
    return gettext("“%(key)s”") % {"key": key}


def unknown_key_error(keys) -> ValidationError:
    quoted = ", ".join(_quoted(key) for key in keys)
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


def _naming(source) -> str:
    return gettext("%(label)s (key “%(key)s”)") % {"label": source.label, "key": source.key}


def malformed_error(written: str) -> ValidationError:
    return ValidationError(
        gettext(
            "This citation is not written as a quoted citation: %(written)s. Write "
            '[@key: "passage"], or [@key reporting @other-key: "passage"]: the passage '
            "on one line, at most %(limit)s characters, with no straight double quote "
            "inside (write the source's own quotation marks as “ ”)."
        ),
        code="malformed_citation",
        params={"written": passages.shorten(written, 120), "limit": markup.PASSAGE_MAX},
    )


def unknown_reporting_error(quote, source) -> ValidationError:
    return ValidationError(
        gettext(
            "No source has the key %(key)s, which %(source)s is cited as reporting. "
            "Add that outlet as a source first (its key is on its page in the admin's "
            "Sources), or correct the key."
        ),
        code="unknown_reporting_source",
        params={"key": _quoted(quote.reporting), "source": _naming(source)},
    )


# What is wrong with a quoted passage whose source is known, by error code.
PASSAGE_PROBLEMS = {
    "no_archived_copy": gettext_lazy(
        "%(source)s has no archived copy to check the passage “%(passage)s” against. "
        "Add the source's text as its archived copy in the admin's Sources, or cite "
        "the source that reports it."
    ),
    "passage_not_in_source": gettext_lazy(
        "The passage “%(passage)s” is not in the archived copy of %(source)s. Quote "
        "the source's words exactly (curly or straight quotation marks and spacing "
        "may differ; case and other punctuation may not), or cite the right source."
    ),
}


def passage_error(code, quote, source) -> ValidationError:
    params = {"source": _naming(source), "passage": passages.shorten(quote.passage)}
    return ValidationError(PASSAGE_PROBLEMS[code], code=code, params=params)


def cited_sources_exist(text: str) -> None:
    """
    A citation must name a source the wiki has (a link may name a page not yet
    written), and a quoted passage must be in its source's archived copy.
    """
    parsed = markup.parse(text or "")
    errors = [malformed_error(written) for written in parsed.malformed]
    keys = parsed.keys
    if keys:
        # The archives are read only when a passage is to be checked against one.
        known = sources_by_key(keys, archives=bool(parsed.quotes))
        if unknown := [key for key in parsed.citations if key not in known]:
            errors.append(unknown_key_error(unknown))
        for quote in parsed.quotes:
            source = known.get(quote.key)
            if source is None:
                continue
            if quote.reporting and quote.reporting not in known:
                errors.append(unknown_reporting_error(quote, source))
            archive = getattr(source, ARCHIVE)
            if not archive.strip():
                errors.append(passage_error("no_archived_copy", quote, source))
            elif passages.place(quote.passage, archive) is None:
                errors.append(passage_error("passage_not_in_source", quote, source))
    if errors:
        raise ValidationError(errors)
