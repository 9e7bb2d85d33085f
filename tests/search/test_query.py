"""What a reader types becomes plain words: nothing of it is ever query syntax."""

import pytest

from search.query import MAX_QUERY_CHARS, MAX_TERMS, MAX_WORD_CHARS, Term, clean, parse


def words(raw):
    return [term.words for term in parse(raw).terms]


def test_words_are_folded_and_match_as_prefixes():
    query = parse("Étoile  GENEVIÈVE")
    assert query.terms == (Term(("etoile",), prefix=True), Term(("genevieve",), prefix=True))


def test_a_quoted_phrase_is_one_term_of_whole_words():
    assert parse('"Lou de Laâge" chey').terms == (
        Term(("lou", "de", "laage")),
        Term(("chey",), prefix=True),
    )


def test_an_unclosed_quote_runs_to_the_end():
    assert words('cheyenne "lou de') == [("cheyenne",), ("lou", "de")]


def test_a_single_letter_is_a_whole_word_not_a_prefix():
    assert parse("a").terms == (Term(("a",), prefix=False),)


@pytest.mark.parametrize(
    "raw",
    [
        '" * ( ) : ^ - + NEAR( ) { } [ ] & | ! <-> <',
        "NEAR AND OR NOT",
        "title : chey*",
        "'; DROP TABLE search_searchentry; --",
        "x\x00y",
    ],
)
def test_syntax_characters_never_survive(raw):
    for term in parse(raw).terms:
        for word in term.words:
            assert word.isalnum(), word


def test_keywords_are_plain_words():
    assert words("NEAR AND OR NOT") == [("near",), ("and",), ("or",), ("not",)]


def test_a_null_byte_parts_words_and_is_dropped():
    assert words("lou\x00laage") == [("lou",), ("laage",)]
    assert "\x00" not in clean("lou\x00laage")


def test_whitespace_and_punctuation_only_is_empty():
    assert not parse("   \t\n ")
    assert not parse('" * ( ) : ^ -')
    assert not parse("\ufffd\ufffd")


def test_a_huge_query_is_bounded():
    query = parse(" ".join(f"word{n}" for n in range(5000)))
    assert len(query.terms) == MAX_TERMS
    assert len(query.text) <= MAX_QUERY_CHARS
    (term,) = parse("x" * 10_000).terms
    assert len(term.words[0]) == MAX_WORD_CHARS


def test_a_long_phrase_is_cut_to_the_bound():
    (term,) = parse('"' + " ".join(f"w{n}" for n in range(100)) + '"').terms
    assert len(term.words) == MAX_TERMS


def test_the_exact_match_key_folds_like_titles():
    assert parse("  LOU de   LAÂGE ").key == "lou de laage"
    assert parse('"Lou de Laâge"').key == "lou de laage"
