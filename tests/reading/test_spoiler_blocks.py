"""
`::: spoiler S01E08 Title` (wikitext/markup.py) keeps the episode that reveals a
block, and `wikitext.spoilers.for_watched` shows the block to a reader who says
what they have watched: hidden with a note after their episode, open up to it,
folded as today when untagged or when the reader did not say.
"""

import pytest
from django.utils import translation

from wiki.reading import EpisodeCode
from wikitext import display, spoilers
from wikitext.markup import plain_text, render, spoiler_heading

TEXT = (
    "Before.\n\n"
    "::: spoiler S01E08 The finale\nShe *leaves*.[@x]\n:::\n\n"
    "::: spoiler s1e2\nEarly.\n:::\n\n"
    "::: spoiler Untagged\nFolded.\n:::\n\n"
    "After."
)


def shown(watched):
    return display.in_reader_language(spoilers.for_watched(render(TEXT), watched))


@pytest.mark.parametrize(
    ("info", "heading"),
    [
        ("spoiler S01E08 The finale", (EpisodeCode(1, 8), "The finale")),
        ("spoiler s1e8", (EpisodeCode(1, 8), "")),
        ("spoiler Season 1 ending", (None, "Season 1 ending")),
        ("spoiler S01E08x The finale", (None, "S01E08x The finale")),
        ("spoiler", (None, "")),
    ],
)
def test_the_first_word_names_the_episode_only_when_it_is_an_episode_code(info, heading):
    assert spoiler_heading(info) == heading


def test_a_tagged_block_keeps_its_episode_in_the_stored_html():
    html = render(TEXT)
    assert (
        '<details class="spoiler" data-episode="S01E08">'
        "<summary>Spoiler (S01E08): The finale</summary>" in html
    )
    # Written as the wiki writes it, whatever the editor typed.
    assert '<details class="spoiler" data-episode="S01E02"><summary>Spoiler (S01E02)</summary>' in (
        html
    )
    assert '<details class="spoiler"><summary>Spoiler: Untagged</summary>' in html


def test_the_sanitiser_keeps_only_the_episode_attribute_the_renderer_writes():
    from wikitext.sanitise import clean

    kept = clean('<details class="spoiler" data-episode="S01E08" data-x="1" open>x</details>')
    assert kept == '<details class="spoiler" data-episode="S01E08">x</details>'


def test_without_a_watched_episode_everything_is_as_before():
    assert spoilers.for_watched(render(TEXT), None) == render(TEXT)
    html = shown(None)
    assert "She <em>leaves</em>" in html
    assert " open>" not in html


def test_a_block_after_the_readers_episode_gives_way_to_a_note_without_its_title():
    html = shown(EpisodeCode(1, 7))
    assert "leaves" not in html
    assert "The finale" not in html
    assert 'data-cite="x"' not in html  # its citation goes with it
    assert (
        '<p class="spoiler-hidden">Hidden: this passage tells of S01E08, '
        "after the last episode you watched.</p>" in html
    )
    assert html.index("Before.") < html.index("spoiler-hidden") < html.index("After.")


def test_a_block_up_to_the_readers_episode_is_open_and_an_untagged_one_folded():
    html = shown(EpisodeCode(1, 8))
    assert (
        '<details class="spoiler" data-episode="S01E08" open>'
        "<summary>Spoiler (S01E08): The finale</summary>" in html
    )
    assert '<details class="spoiler" data-episode="S01E02" open>' in html
    assert '<details class="spoiler"><summary>Spoiler: Untagged</summary>' in html
    assert "spoiler-hidden" not in html


def test_a_reader_who_watched_nothing_yet_sees_no_tagged_block():
    html = shown(EpisodeCode(1, 0))
    assert html.count("spoiler-hidden") == 2
    assert "Early." not in html
    assert "Folded." in html


def test_a_block_nested_in_a_hidden_one_goes_with_it():
    text = ":::: spoiler S01E08 Outer\nA.\n\n::: spoiler S01E02 Inner\nB.\n:::\n\n::::\n\nC."
    html = spoilers.for_watched(render(text), EpisodeCode(1, 5))
    assert "A." not in html
    assert "B." not in html
    assert "Inner" not in html
    assert html.count("spoiler-hidden") == 1
    assert "<p>C.</p>" in html


def test_the_note_and_summary_are_in_the_readers_language():
    with translation.override("fr"):
        hidden = shown(EpisodeCode(1, 7))
        opened = shown(EpisodeCode(1, 8))
    assert "Masqué\u00a0: ce passage parle de S01E08" in hidden
    assert "<summary>Divulgâcheur (S01E08)\u00a0: The finale</summary>" in opened
    assert "<summary>Divulgâcheur (S01E02)</summary>" in opened


def test_plain_text_leaves_tagged_blocks_out_too():
    assert plain_text(TEXT) == "Before. After."


@pytest.mark.django_db
def test_the_editors_preview_shows_a_tagged_block_folded_with_its_episode():
    from wikitext.preview import preview

    html = preview("::: spoiler S01E08 The finale\nGone.\n:::").html
    assert (
        '<details class="spoiler" data-episode="S01E08">'
        "<summary>Spoiler (S01E08): The finale</summary>" in html
    )
