"""
Template tags every wiki page uses: dates at their precision, and citation marks.

    {% load wiki %}
    {% partial_date event.date %}          <time datetime="2025-06">early June 2025</time>
    {% partial_date season.release_date unknown="not yet released" %}
    {% known_date show.premiere_date reading.as_of not_yet="not yet premiered" %}
                                            a date as known on the day read (?as_of=)
    {% cite casting %}                      <sup class="ref"><a href="#ref-1">[1]</a></sup>
    {% facts show "premiere_date" %}        the marks of the passages that give a fact
    {% table_citations rows as shared %}    what every row of a table cites, cited once
    {% list_citations items as shared %}    the same for a list, cited once at its heading
    {% cast_rows castings billing shared %} the rows of a cast table (shows/_cast_table.html)
    {% reading_order %}…{% reference_list %}…{% endreading_order %}
                                            the marks numbered as readers meet them (base.html)
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from images.models import lead_image
from shows.partial_dates import PartialDate
from shows.world_time import Known, known_on
from wiki import references
from wiki.addresses import address

register = template.Library()


@register.filter
def unwatched(episode, reading) -> bool:
    """
    Whether the reader (`reading`, wiki/reading.py) has not watched the episode
    yet: its summary is then theirs to discover (`{% if episode|unwatched:reading %}`).
    """
    return episode.after(getattr(reading, "watched", None))


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
def known_date(value, day, not_yet):
    """
    A typed date (a show's premiere, its order) as the world knew it on `day`
    (`?as_of=`, None: today): the date once every day it can mean has come; on a
    day before it, `not_yet` ("not yet premiered"); on a day within its span,
    the date and that it may not have come yet.
    """
    if isinstance(value, str) and value:
        value = PartialDate.parse(value)
    known = known_on(value, day) if value else Known.YES
    if known is Known.NOT_YET:
        return format_html('<span class="date-unknown">{}</span>', not_yet)
    shown = partial_date(value)
    if known is Known.MAYBE:
        note = gettext("perhaps not yet by then")
        return format_html('{} <span class="note">({})</span>', shown, note)
    return shown


@register.simple_tag
def cite(entry, besides=()):
    """
    Superscript links to the page's reference list for the sources an entry cites,
    but those `besides` (what its table cites once: `table_citations`).

    The view numbers them with `wiki.references.References`, which leaves a list
    of (number, source) pairs on the entry as `citations`; no citations, no marks.
    Built here rather than by an included template: a page has dozens of marks,
    and rendering a template for each was a tenth of the show page (issue 15).
    The page numbers them again in reading order (`reading_order`).
    """
    citations = getattr(entry, "citations", None) or ()
    if besides:
        citations = [pair for pair in citations if pair not in besides.citations]
    return mark_safe("".join(references.mark(n) for n, _ in citations))


class TableCitations:
    """The citations every row of a table shares, cited once above its rows."""

    def __init__(self, citations):
        self.citations = citations

    def __bool__(self):
        return bool(self.citations)


@register.simple_tag
def table_citations(rows):
    """
    `{% table_citations rows as shared %}`: the citations every one of two or
    more rows has. The table cites them once, in its caption or heading
    (`{% cite shared %}`), and each row only its others (`{% cite row shared %}`):
    a cast whose every row cites one article shows "[1]" once, not on every row.
    """
    rows = list(rows)
    if len(rows) < 2:
        return TableCitations([])
    common = set.intersection(*(set(getattr(row, "citations", None) or ()) for row in rows))
    return TableCitations(sorted(common, key=lambda pair: pair[0]))


# A list of credits, positions, memberships or castings likewise cites what every
# item shares once, at its heading (`{% cite shared %}` in the `<h2>`), and each
# item only its others: issue 17, "every cast row repeats [1]", lists too.
register.simple_tag(table_citations, name="list_citations")


class ReadingOrderNode(template.Node):
    child_nodelists = ("page", "reference_list")

    def __init__(self, page, reference_list):
        self.page = page
        self.reference_list = reference_list

    def render(self, context):
        page = self.page.render(context)
        listed = context.get("references")
        if listed is None:
            return page + self.reference_list.render(context)
        page, listed = references.in_reading_order(page, listed)
        with context.push(references=listed):
            return page + self.reference_list.render(context)


@register.tag
def reading_order(parser, token):
    """
    {% reading_order %}the page{% reference_list %}its references{% endreading_order %}

    Numbers the page's citation marks in the order a reader meets them, then
    renders the reference list in that order (`wiki.references.in_reading_order`).
    """
    page = parser.parse(("reference_list",))
    parser.delete_first_token()
    reference_list = parser.parse(("endreading_order",))
    parser.delete_first_token()
    return ReadingOrderNode(page, reference_list)


@register.simple_tag
def facts(entry, *names):
    """
    The citation marks of an entry's facts (`wikitext.facts`), for the infobox row
    that shows them: `{% facts show "order_type" "order_date" %}`. A citation two
    of the row's facts share is marked once.
    """
    marks = getattr(entry, "fact_marks", None) or {}
    shown = []
    for name in names:
        shown += [mark for mark in marks.get(name, ()) if mark not in shown]
    if not shown:
        return ""
    # Set apart from the row's own links, so that each keeps its tap target (site.css).
    return mark_safe(f'<span class="fact-refs">{"".join(shown)}</span>')


@register.filter
def with_photos(castings) -> bool:
    """
    Whether one of these castings' people has a photo the wiki holds: the cast
    is then a grid of photos (issue 17). Reads the prefetched pictures
    (`shows.views.series.cast_of`): no query.
    """
    return any(lead_image(casting.person.images.all()) for casting in castings)


@register.simple_tag
def cast_rows(castings, billing=False, shared=()):
    """
    The rows of a cast table, as a `{% for %}` over them in the template wrote
    them: one row per casting (person, character and seasons selected or
    attached, `shows.views.reads.attach_seasons`), a billing cell if asked, and
    each row's citations but those the table shares (`table_citations`).

    Written here because the cast is the longest loop of the show and season
    pages: as template nodes, with a `{% url %}` per character and season, it
    was a quarter of the show page's rendering (issue 15).
    """
    unnamed = conditional_escape(gettext("role not named in sources"))
    not_given = f'<span class="unknown">{conditional_escape(gettext("not given"))}</span>'
    rows = []
    for casting in castings:
        show_slug = casting.show.slug
        if casting.character_id:
            url = address(
                "shows:character_detail", show_slug=show_slug, slug=casting.character.slug
            )
            name = conditional_escape(casting.character.name)
            character = f'<a href="{conditional_escape(url)}">{name}</a>'
        else:
            character = f'<span class="unknown">{unnamed}</span>'
        seasons = ", ".join(
            '<a href="{}">{}</a>'.format(
                conditional_escape(
                    address("shows:season_detail", show_slug=show_slug, number=season.number)
                ),
                conditional_escape(season.label),
            )
            for season in casting.season_list
        )
        billed = f"<td>{conditional_escape(casting.get_billing_display())}</td>" if billing else ""
        person = casting.person
        rows.append(
            "\n      <tr>"
            f'\n        <th scope="row"><a href="{conditional_escape(person.get_absolute_url())}">'
            f"{conditional_escape(person.name)}</a></th>"
            f"\n        <td>{character}{cite(casting, shared)}</td>"
            f"\n        {billed}"
            f"\n        <td>{seasons or not_given}</td>"
            "\n      </tr>\n      "
        )
    return mark_safe("".join(rows))
