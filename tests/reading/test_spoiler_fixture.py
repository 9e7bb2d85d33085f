"""
The seed's plot facts tagged with the episode that reveals them (issue 18): the
finale's, S01E08 (the season has "all eight episodes"), and nothing else, each
tagged block's passages still in the source's archive (test_fixture_quotes).
"""

import json
import re

from shows.seed import seed_path

SPOILER = re.compile(r"^::: spoiler(?P<info>[^\n]*)\n(?P<body>.*?)\n:::$", re.S | re.M)


def tagged_texts():
    rows = json.loads(seed_path().read_text())
    for row in rows:
        for field, value in row["fields"].items():
            if isinstance(value, str) and "::: spoiler" in value:
                yield row["model"], field, value


def test_the_finale_facts_are_the_seeds_only_spoilers_and_name_s01e08():
    found = {(model, field): SPOILER.findall(text) for model, field, text in tagged_texts()}
    assert set(found) == {("shows.show", "description"), ("shows.season", "summary")}
    show_blocks, season_blocks = (
        found[("shows.show", "description")],
        found[("shows.season", "summary")],
    )
    assert [info for info, _ in show_blocks + season_blocks] == [" S01E08", " S01E08"]
    [(_, show_body)] = show_blocks
    [(_, season_body)] = season_blocks
    assert '"ended its first season on a cliffhanger"' in show_body
    assert '"ended its first season on a cliffhanger"' in season_body
    assert "The series finale introduced unresolved storylines" in season_body


def test_the_premise_is_not_tagged():
    for _, _, text in tagged_texts():
        for _, body in SPOILER.findall(text):
            assert "storyline begins" not in body
            assert "exchange program" not in body
