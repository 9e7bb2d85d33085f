"""Long text is compared word by word, as a reader of a diff wants to see it."""

import pytest

from history.reading import word_diff


@pytest.mark.parametrize(
    ("before", "after", "pieces"),
    [
        (
            "she is the young dancer from Paris",
            "she is a seasoned star from Paris",
            [
                ("equal", "she is "),
                ("delete", "the young dancer"),
                ("insert", "a seasoned star"),
                ("equal", " from Paris"),
            ],
        ),
        ("a b c", "a b c d", [("equal", "a b c"), ("insert", " d")]),
        ("a b c", "x", [("delete", "a b c"), ("insert", "x")]),
        ("", "x y", [("insert", "x y")]),
        ("one two", "", [("delete", "one two")]),
        ("same text", "same text", [("equal", "same text")]),
        (
            "Cheyenne waits backstage",
            "Cheyenne waits on stage",
            [("equal", "Cheyenne waits "), ("delete", "backstage"), ("insert", "on stage")],
        ),
    ],
)
def test_word_diff(before, after, pieces):
    assert word_diff(before, after) == pieces


def test_word_diff_loses_no_text():
    before = "The storyline begins when she transfers to New York, at her request."
    after = "The story begins when Cheyenne moves to New York at Jack's request!"
    pieces = word_diff(before, after)
    assert "".join(t for tag, t in pieces if tag != "insert") == before
    assert "".join(t for tag, t in pieces if tag != "delete") == after
