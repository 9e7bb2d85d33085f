"""
Citation marks are numbered in the order a reader meets them (issue 17): the
first mark on the page is [1], a reference has one number however often it is
cited, a mark never stands beside one of the same number, and a table whose
every row cites the same source cites it once; so does a list, at its heading.
"""

import re

import pytest

from shows.models import Casting, Show
from tests.factories import (
    CastingFactory,
    CharacterFactory,
    CreditFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    ShowFactory,
    SourceFactory,
)
from tests.pages import page
from wiki.references import Reference, in_reading_order, mark

pytestmark = pytest.mark.django_db

ENTRY_PAGES = [
    "/shows/etoile/",
    "/shows/etoile/season-1/",
    "/shows/etoile/season-1/episode-3/",
    "/shows/etoile/characters/cheyenne-toussaint/",
    "/people/lou-de-laage/",
    "/people/jennifer-salke/",
    "/organisations/metropolitan-ballet-theater/",
    "/organisations/amazon-mgm-studios/",
    "/news/amazon-cancels-etoile/",
    "/fr/shows/etoile/",
]

# A mark, and a run of marks a reader sees side by side (nothing but spacing and
# the end of an element between them).
MARK = (
    r'<sup class="ref(?: ref--quoted)?"><a href="#ref-(\d+)">\[\1\]</a>'
    r'(?:<span class="ref__passage"><q lang="en">[^<]*</q></span>)?</sup>'
)
RUN = re.compile(rf"(?:{MARK}(?:\s|</[a-z0-9]+>)*){{2,}}")


def main(html):
    return html[html.index("<main") : html.index("</main>")]


def marks(html):
    return [int(number) for number in re.findall(MARK, main(html))]


def listed(html):
    return [int(number) for number in re.findall(r'<li id="ref-(\d+)" value="\1">', html)]


def check_reading_order(html):
    numbers = marks(html)
    first_seen = list(dict.fromkeys(numbers))
    assert first_seen == list(range(1, len(first_seen) + 1)), first_seen
    for run in RUN.finditer(main(html)):
        in_run = [int(n) for n in re.findall(MARK, run[0])]
        assert len(in_run) == len(set(in_run)), run[0]
    # Every mark leads to a line of the list, and every line is cited by a mark.
    assert sorted(set(numbers)) == listed(html)


@pytest.mark.parametrize("url", ENTRY_PAGES)
def test_every_entry_page_numbers_its_marks_in_reading_order(client, etoile, url):
    """Numbers first appear in increasing order, and marks and list lines match one to one."""
    html = page(client, url)
    assert marks(html), url
    check_reading_order(html)


def test_the_infobox_title_is_numbered_where_it_stands_not_where_it_was_cited(client, etoile):
    """
    The show's own source is numbered last as the page is assembled (after its
    texts and facts); on the page it takes the number of where its title stands.
    """
    html = main(page(client, "/shows/etoile/"))
    caption = re.search(r'<caption id="infobox-title">.*?</caption>', html, re.DOTALL)
    before = {int(n) for n in re.findall(MARK, html[: caption.start()])}
    assert int(re.search(MARK, caption[0])[1]) in (*before, len(before) + 1)


def test_a_source_cited_in_the_text_and_ticked_is_marked_once(client, db):
    """A text whose last citation is a source the entry also cites shows "[1]", not "[1][1]"."""
    source = SourceFactory(key="deadline")
    show = ShowFactory(description="It was made.[@deadline]")
    show.sources.add(source)
    html = page(client, show.get_absolute_url())
    text = re.search(r'<div class="[^"]*cited-text">(.*?)</div>', html, re.DOTALL)[1]
    assert text.count('href="#ref-1"') == 1, text
    check_reading_order(html)


def test_a_cast_table_cites_its_shared_source_once(client, db):
    """Rows that all cite one source leave it to the caption; a row citing more keeps its own."""
    article, interview = SourceFactory(), SourceFactory()
    show = ShowFactory()
    castings = [CastingFactory(character__show=show) for _ in range(4)]
    for casting in castings:
        casting.sources.add(article)
    castings[-1].sources.add(interview)
    html = page(client, show.get_absolute_url())
    table = re.search(r'<table class="cast-table">(.*?)</table>', html, re.DOTALL)[1]
    caption = re.search(r"<caption>(.*?)</caption>", table, re.DOTALL)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], re.DOTALL)
    article_number = int(re.search(MARK, caption)[1])
    assert len(rows) == 4
    assert all(f'href="#ref-{article_number}"' not in row for row in rows)
    assert [len(re.findall(MARK, row)) for row in rows] == [0, 0, 0, 1]
    check_reading_order(html)


def test_a_one_row_table_keeps_its_mark_on_the_row(client, db):
    source = SourceFactory()
    casting = CastingFactory(billing=Casting.Billing.MAIN)
    casting.sources.add(source)
    html = page(client, Show.objects.get().get_absolute_url())
    table = re.search(r'<table class="cast-table">(.*?)</table>', html, re.DOTALL)[1]
    assert re.search(MARK, table.split("</thead>")[1])


def section(html, heading_id):
    """(the heading, the items) of the section a list of the page is in."""
    start = html.index(f'<h2 id="{heading_id}">')
    end = html.index("</section>", start)
    heading, items = html[start:end].split("</h2>", 1)
    return heading, re.findall(r"<li>(.*?)</li>", items, re.DOTALL)


def numbers(html):
    return [int(number) for number in re.findall(MARK, html)]


def cited(item, *sources):
    item.sources.add(*sources)
    return item


def test_a_list_whose_every_item_cites_one_source_cites_it_once_at_its_heading(client, db):
    """A person's positions all from one article: "[n]" at "Positions", none on the items."""
    article = SourceFactory()
    person = PersonFactory()
    for title in ("Head", "Chair", "Founder"):
        cited(PositionFactory(person=person, title=title), article)
    html = page(client, person.get_absolute_url())
    heading, items = section(html, "positions")
    assert len(numbers(heading)) == 1
    assert len(items) == 3
    assert [numbers(item) for item in items] == [[], [], []]
    check_reading_order(html)


def test_an_item_citing_more_keeps_only_its_own_mark(client, db):
    """The shared source at the heading; the one item citing an interview too marks only that."""
    article, interview = SourceFactory(), SourceFactory()
    organisation = OrganisationFactory()
    memberships = [cited(MembershipFactory(organisation=organisation), article) for _ in range(3)]
    memberships[1].sources.add(interview)
    html = page(client, organisation.get_absolute_url())
    heading, items = section(html, "characters")
    [shared] = numbers(heading)
    assert [len(numbers(item)) for item in items] == [0, 1, 0]
    assert shared not in numbers(items[1])
    check_reading_order(html)


def test_a_list_whose_items_cite_different_sources_keeps_a_mark_on_each(client, db):
    person = PersonFactory()
    for _ in range(2):
        cited(CreditFactory(person=person), SourceFactory())
    html = page(client, person.get_absolute_url())
    heading, items = section(html, "credits")
    assert numbers(heading) == []
    assert [len(numbers(item)) for item in items] == [1, 1]
    assert numbers(items[0]) != numbers(items[1])
    check_reading_order(html)


def test_a_one_item_list_keeps_its_mark_on_the_item(client, db):
    character = CharacterFactory()
    cited(MembershipFactory(character=character), SourceFactory())
    html = page(client, character.get_absolute_url())
    heading, [item] = section(html, "organisations")
    assert numbers(heading) == []
    assert len(numbers(item)) == 1


def test_a_characters_players_and_an_organisations_people_cite_once(client, db):
    """The lists of castings and of positions share the rule."""
    article = SourceFactory()
    character = CharacterFactory()
    for _ in range(2):
        cited(CastingFactory(character=character), article)
    organisation = OrganisationFactory()
    for _ in range(2):
        cited(PositionFactory(organisation=organisation), article)
    for url, heading_id in [
        (character.get_absolute_url(), "portrayed-by"),
        (organisation.get_absolute_url(), "people"),
    ]:
        html = page(client, url)
        heading, items = section(html, heading_id)
        assert len(numbers(heading)) == 1, url
        assert [numbers(item) for item in items] == [[], []], url
        check_reading_order(html)


def test_the_seeds_lists_cite_their_shared_source_at_the_heading(client, etoile):
    """The Metropolitan Ballet Theater's two characters come from the seed article: one mark."""
    html = page(client, "/organisations/metropolitan-ballet-theater/")
    heading, items = section(html, "characters")
    assert len(items) == 2
    assert len(numbers(heading)) == 1
    assert all(numbers(heading)[0] not in numbers(item) for item in items)


def test_renumbering_follows_the_html_and_drops_what_no_mark_cites():
    """The unit: numbers by first appearance; a side-by-side repeat goes; an uncited line goes."""
    references = [Reference(1, "text"), Reference(2, "fact"), Reference(3, "unmarked")]
    html = f"<p>a{mark(2)}</p>{mark(2)} <p>b{mark(1)}{mark(2)}{mark(1)}</p>"
    renumbered, lines = in_reading_order(html, references)
    assert renumbered == f"<p>a{mark(1)}</p> <p>b{mark(2)}{mark(1)}</p>"
    assert [(line.number, line.source) for line in lines] == [(1, "fact"), (2, "text")]
