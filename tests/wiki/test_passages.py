"""A quoted passage is found in its source's archived copy, and placed in its paragraph."""

import json
from pathlib import Path

import pytest

from wiki import passages

FIXTURE = Path(__file__).resolve().parents[2] / "shows" / "fixtures" / "etoile.json"

ARCHIVE = (
    "A Title Line\n"
    "\n"
    "The first paragraph\u2019s words, and a “quoted” phrase.\n"
    "It runs on a second line.\n"
    "   \n"
    "Second   paragraph\twith odd spacing.\n"
    "\n\n\n"
    "A Heading\n"
    "\n"
    "Cafe\u0301 au lait, said the \u201cwaiter\u201d."
)


def test_normalising_makes_curly_quotes_straight_and_whitespace_one_space():
    assert (
        passages.normalise("  It\u2019s \u2018so\u2019\n “said”\t\tthey ")
        == "It's 'so' \"said\" they"
    )


def test_normalising_composes_accents():
    assert passages.normalise("Cafe\u0301") == "Caf\u00e9"


@pytest.mark.parametrize(
    ("passage", "paragraph"),
    [
        ("A Title Line", 1),
        ("The first paragraph's words", 2),
        ('and a "quoted" phrase.', 2),
        ("words, and a “quoted” phrase. It runs on", 2),
        ("Second paragraph with odd spacing.", 3),
        ("A Heading", 4),
        ("Café au lait", 5),
        ('said the "waiter".', 5),
        # A passage may run on into the next paragraph; its place is where it starts.
        ("second line. Second paragraph", 2),
    ],
)
def test_a_passage_is_placed_in_the_paragraph_it_starts_in(passage, paragraph):
    """Blank lines (spaces on them too) part paragraphs; a heading is one of its own."""
    assert passages.place(passage, ARCHIVE) == paragraph


@pytest.mark.parametrize(
    "passage",
    [
        "a title line",  # case counts
        "The first paragraphs words",  # punctuation counts
        "Second paragraph with odd spacing!",
        "not in the text at all",
        "",
        "   ",
    ],
)
def test_a_passage_not_in_the_archive_has_no_place(passage):
    assert passages.place(passage, ARCHIVE) is None


def test_nothing_is_found_in_an_empty_archive():
    assert passages.place("anything", "") is None
    assert passages.paragraphs("\n\n  \n") == []


def test_the_seed_article_numbers_its_paragraphs_as_a_reader_counts_them():
    """The title, "thumbnail", ..., the Deadline sentence in the tenth block."""
    [archive] = [
        row["fields"]["archived_text"]
        for row in json.loads(FIXTURE.read_text(encoding="utf-8"))
        if row["model"] == "shows.source" and row["fields"].get("archived_text")
    ]
    found = passages.paragraphs(archive)
    assert found[0].startswith("Étoile gets cancelled by Amazon Prime")
    assert found[1] == "thumbnail"
    assert found[7] == "Why Amazon cancelled Étoile after one season"
    assert passages.place("first reported by Deadline on June 6, 2025", archive) == 10
    # The caption printed twice is one paragraph of two lines.
    assert found[8].count("(Image via Amazon Prime)") == 2


def test_a_long_passage_is_shortened_at_a_word_for_messages():
    long = "word " * 30
    short = passages.shorten(long)
    assert short.endswith("…")
    assert len(short) <= passages.SHORT + 1
    assert not short[:-1].endswith(" ")
    assert passages.shorten("  short   one ") == "short one"
