"""SQLite's typo tolerance scores titles exactly as PostgreSQL's pg_trgm does."""

import pytest
from django.db import connection

from search.similarity import WORD_SIMILARITY_THRESHOLD, scorer, trigrams, word_similarity

# word_similarity() as PostgreSQL 15's pg_trgm returns it.
KNOWN = [
    ("leutwylak", "nicholas leutwylek", 0.7),
    ("gainsborg", "charlotte gainsbourg", 0.7),
    ("sherman paladino", "amy sherman-palladino", 16 / 19),
    ("lou de lage", "lou de laage", 10 / 13),
    ("word", "two words", 0.8),
]


def test_trigrams_pad_each_word_as_pg_trgm_does():
    assert trigrams("Two words") == [
        *["  t", " tw", "two", "wo "],
        *["  w", " wo", "wor", "ord", "rds", "ds "],
    ]


@pytest.mark.parametrize(("query", "text", "expected"), KNOWN)
def test_scores_match_postgresql(query, text, expected):
    assert word_similarity(query, text) == pytest.approx(expected, abs=1e-6)


def test_the_scorer_turns_down_what_is_below_the_threshold():
    score = scorer("leutwylak")
    assert score("nicholas leutwylek") == pytest.approx(0.7)
    assert score("daniel palladino") is None
    assert score("") is None
    assert scorer("")("anything") is None
    assert WORD_SIMILARITY_THRESHOLD == 0.6


@pytest.mark.django_db
def test_the_port_agrees_with_pg_trgm_on_many_pairs():
    """Against pg_trgm itself in the PostgreSQL run; against its recorded answers in both."""
    import random

    for query, text, expected in KNOWN:
        assert word_similarity(query, text) == pytest.approx(expected, abs=1e-5)
    if connection.vendor != "postgresql":
        return
    rng = random.Random(5)
    letters = "aeiloprstu "
    texts = ["".join(rng.choice(letters) for _ in range(rng.randint(1, 30))) for _ in range(300)]
    pairs = [(texts[i], texts[-i - 1]) for i in range(150)] + [(a, b) for a, b, _ in KNOWN]
    with connection.cursor() as cursor:
        for query, text in pairs:
            cursor.execute("SELECT word_similarity(%s, %s)", [query, text])
            assert word_similarity(query, text) == pytest.approx(cursor.fetchone()[0], abs=1e-5)
        # Read once pg_trgm is loaded in the session.
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        assert float(cursor.fetchone()[0]) == WORD_SIMILARITY_THRESHOLD
