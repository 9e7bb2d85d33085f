"""
Citations of an entry's single facts: which source, and which passage of it,
gives one value of an infobox (a show's premiere date, a season's status).

    fact_citations = FactCitationsField()

on an entry model stores {fact: citations} where a fact is one of the model's
own fields ("premiere_date") or one of its lists of cited entries ("credits",
the rows that name its creators) or what its model declares it counts
(`COUNTED_FACTS`, a show's episodes), and the citations are wiki markup holding
citations only:

    premiere_date: [@etoile-cancelled-after-season-one: "premiered on April 24, 2025"]

The marks are checked as a wiki text's are (`validators.cited_sources_exist`:
known sources, passages in their archived copies) and numbered into the page's
reference list beside the row they cite (`display.render_facts` keeps them
with the entry's renderings, `display.page_texts` numbers them). Editors see one
line per fact in the admin; fixtures hold the mapping as it is stored.
"""

import functools

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

from wiki.registry import wikitext_fields

from . import markup
from .validators import cited_sources_exist

# The fields a fact never is: the entry's address and bookkeeping, and its texts,
# whose sentences cite their own passages.
_NOT_FACTS = {"id", "slug", "sources"}


def citable_facts(model) -> dict[str, str]:
    """
    {name: label} of what an entry of `model` may cite a passage for: its own
    fields, then its lists of entries that cite sources themselves (a show's
    credits, a character's castings), in the model's order.
    """
    texts = set(wikitext_fields(model))
    own, lists = {}, {}
    for field in model._meta.get_fields():
        if getattr(field, "wiki_fact_citations", False) or field.name in _NOT_FACTS:
            continue
        if field.is_relation and (field.many_to_many or field.one_to_many):
            if _cites_sources(field.related_model):
                name = field.get_accessor_name() if field.auto_created else field.name
                label = field.related_model._meta.verbose_name_plural
                lists[name] = label if field.auto_created else field.verbose_name
        elif field.concrete and field.editable and field.name not in texts:
            own[field.name] = field.verbose_name
    # What a page counts or works out rather than stores (a show's episodes, over
    # its seasons), declared on the model as {name: label}.
    return own | lists | dict(getattr(model, "COUNTED_FACTS", {}))


def _cites_sources(model) -> bool:
    return any(field.name == "sources" for field in model._meta.many_to_many)


def check(value, model) -> None:
    """Raise ValidationError unless `value` is {fact of `model`: citations and nothing else}."""
    if not isinstance(value, dict):
        raise ValidationError(
            gettext("Fact citations are a mapping of facts to their citations."),
            code="fact_citations_not_mapping",
        )
    facts = citable_facts(model)
    errors, written = [], {}
    for fact, citations in value.items():
        if fact not in facts:
            errors.append(unknown_fact_error(fact, facts))
            continue
        if not isinstance(citations, str) or not citations.strip():
            errors.append(
                ValidationError(
                    gettext("The fact “%(fact)s” has no citation."),
                    code="fact_without_citation",
                    params={"fact": fact},
                )
            )
            continue
        parsed = markup.parse(citations)
        if markup.plain_text(citations) or not parsed.marks or parsed.links:
            errors.append(
                ValidationError(
                    gettext(
                        "The citations of “%(fact)s” may hold only citations, such as "
                        '[@key: "passage"]; put words in the entry\'s texts.'
                    ),
                    code="fact_citations_not_only_citations",
                    params={"fact": fact},
                )
            )
            continue
        written[fact] = citations
    errors += _source_problems(written)
    if errors:
        raise ValidationError(errors)


def _source_problems(written: dict[str, str]) -> list[ValidationError]:
    """
    What is wrong with the sources and passages the facts cite, fact by fact.
    All facts are checked together first: one read of the sources for a save
    that is right, as most are; only a wrong one is checked fact by fact, to
    say which fact is wrong.
    """
    try:
        cited_sources_exist("\n\n".join(written.values()))
        return []
    except ValidationError:
        pass
    errors = []
    for fact, citations in written.items():
        try:
            cited_sources_exist(citations)
        except ValidationError as error:
            errors.extend(
                ValidationError(
                    gettext("%(fact)s: %(problem)s"),
                    code=problem.code,
                    params={"fact": fact, "problem": " ".join(problem.messages)},
                )
                for problem in error.error_list
            )
    return errors


def unknown_fact_error(fact, facts) -> ValidationError:
    return ValidationError(
        gettext("“%(fact)s” is not a fact of this entry. Facts here: %(facts)s."),
        code="unknown_fact",
        params={"fact": fact, "facts": ", ".join(facts)},
    )


class FactCitationsFormField(forms.CharField):
    """The mapping as editors write it: one `fact: citations` line per fact."""

    widget = forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField", "spellcheck": "false"})

    def __init__(self, *, facts=None, **kwargs):
        self.facts = facts or {}
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        names = ", ".join(f"{name} ({label})" for name, label in self.facts.items())
        self.help_text = gettext(
            "One line per fact an infobox row shows: the fact's name, a colon, then its "
            'citations, such as premiere_date: [@key: "passage of the source"]. '
            "Facts: %(facts)s."
        ) % {"facts": names}

    def prepare_value(self, value):
        if isinstance(value, dict):
            order = list(self.facts)
            written = sorted(value.items(), key=lambda item: (_rank(order, item[0]), item[0]))
            return "\n".join(f"{fact}: {citations}" for fact, citations in written)
        return value

    def to_python(self, value):
        if isinstance(value, dict):
            return value
        facts, labels = {}, {str(label).casefold(): name for name, label in self.facts.items()}
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            fact, colon, citations = line.partition(":")
            fact = fact.strip()
            if not colon or not citations.strip() or not fact:
                raise ValidationError(
                    gettext(
                        "Line %(number)s is not written as “fact: citations”, such as "
                        'premiere_date: [@key: "passage"].'
                    ),
                    code="fact_line_malformed",
                    params={"number": number},
                )
            fact = labels.get(fact.casefold(), fact)
            if fact in facts:
                raise ValidationError(
                    gettext("The fact “%(fact)s” is on two lines: join its citations on one."),
                    code="fact_line_repeated",
                    params={"fact": fact},
                )
            facts[fact] = citations.strip()
        return facts

    def validate(self, value):
        # An empty mapping is a valid value: no fact cites a passage yet.
        if self.required and not value:
            super().validate(value)

    def has_changed(self, initial, data):
        try:
            return self.to_python(initial or {}) != self.to_python(data)
        except ValidationError:
            return True


def _rank(order, fact):
    return order.index(fact) if fact in order else len(order)


class FactCitationsField(models.JSONField):
    """Where each infobox row's fact is cited: {fact: citations in wiki markup}."""

    # What the renderer and the registry read: wiki/ is below this app.
    wiki_fact_citations = True
    description = gettext_lazy("Citations of single facts")

    def __init__(self, verbose_name=None, **kwargs):
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        kwargs.setdefault(
            "help_text",
            gettext_lazy("The passage of a source that gives each fact an infobox row shows."),
        )
        super().__init__(verbose_name or gettext_lazy("fact citations"), **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        check(value, type(model_instance))

    def formfield(self, **kwargs):
        return models.Field.formfield(
            self,
            form_class=FactCitationsFormField,
            facts={name: capfirst(label) for name, label in citable_facts(self.model).items()},
            # The callable default would add a hidden copy of the initial value to
            # compare against; the form compares the mapping itself (has_changed).
            show_hidden_initial=False,
            **kwargs,
        )


@functools.cache
def fact_citations_field(model) -> str | None:
    """The name of the model's fact citations field, if it has one (asked on every page)."""
    for field in model._meta.concrete_fields:
        if getattr(field, "wiki_fact_citations", False):
            return field.name
    return None


def check_quoted_citations(citations: str) -> None:
    """
    Raise ValidationError unless `citations` is citations only, one at least
    quoting its source's passage, every source known and every passage in its
    source (for one structured row's citation, such as a status change's).
    """
    parsed = markup.parse(citations or "")
    if markup.plain_text(citations or "") or not parsed.marks or parsed.links:
        raise ValidationError(
            gettext(
                'Write citations only, such as [@key: "passage"]; put words in the entry\'s texts.'
            ),
            code="citations_only",
        )
    if not parsed.quotes:
        raise ValidationError(
            gettext(
                'Quote the passage of the source that states it, such as [@key: "passage"], '
                "not only the source's key."
            ),
            code="citation_not_quoted",
        )
    cited_sources_exist(citations)


class QuotedCitationField(models.TextField):
    """
    A structured row's own citation (a status change's): citations only, one at
    least quoting the passage of its source that states the row, checked as a
    fact's (`check_quoted_citations`), by forms and by fixture loads alike.
    """

    # What loaddata and the provenance report read: history and wiki are below this app.
    wiki_row_citation = True
    default_validators = [check_quoted_citations]

    def formfield(self, **kwargs):
        # A form says what a blank citation lacks in the field's own words, not
        # "This field is required."
        messages = {"required": self.error_messages["blank"], **kwargs.pop("error_messages", {})}
        return super().formfield(error_messages=messages, **kwargs)


def row_citation_fields(model) -> list[str]:
    """The names of the model's quoted citation fields (`QuotedCitationField`)."""
    return [f.name for f in model._meta.concrete_fields if getattr(f, "wiki_row_citation", False)]
