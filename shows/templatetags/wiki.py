"""
Template tags every wiki page uses: dates at their precision, and citation marks.

    {% load wiki %}
    {% partial_date event.date %}          <time datetime="2025-06">early June 2025</time>
    {% partial_date season.release_date unknown="not yet released" %}
    {% cite casting %}                      <sup class="ref"><a href="#ref-1">[1]</a></sup>
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from shows.partial_dates import PartialDate

register = template.Library()


@register.simple_tag
def partial_date(value, unknown=None):
    """
    A `PartialDate` as a `<time>` element, or a marked note when no source dates it
    ("date unknown" unless the template says otherwise, in the reader's language).

    The `datetime` attribute is only as precise as the date ("2025-06" for early
    June 2025), so machines read no more into it than the sources say.
    """
    if not value:
        if unknown is None:
            unknown = gettext("date unknown")
        return format_html('<span class="date-unknown">{}</span>', unknown)
    if isinstance(value, str):
        value = PartialDate.parse(value)
    return format_html('<time datetime="{}">{}</time>', value.html_datetime(), value)


@register.simple_tag
def cite(entry):
    """
    Superscript links to the page's reference list for the sources an entry cites.

    The view numbers them with `wiki.references.References`, which leaves a list
    of (number, source) pairs on the entry as `citations`; no citations, no marks.
    Built here rather than by an included template: a page has dozens of marks,
    and rendering a template for each was a tenth of the show page (issue 15).
    """
    citations = getattr(entry, "citations", None) or ()
    return mark_safe(
        "".join(
            f'<sup class="ref"><a href="#ref-{int(n)}">[{int(n)}]</a></sup>' for n, _ in citations
        )
    )
