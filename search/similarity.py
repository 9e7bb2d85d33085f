"""
pg_trgm's `word_similarity`, in Python: how SQLite tells a typo from a miss.

PostgreSQL finds "Leutwylak" in "Nicholas Leutwylek" with pg_trgm's
`word_similarity` (the greatest similarity between the trigrams of the query
and those of any stretch of the title). SQLite has no such function; its
backend narrows the candidates with a trigram FTS5 index and then scores them
here, with the same algorithm (a port of `calc_word_similarity` and
`iterate_word_similarity` in PostgreSQL's contrib/pg_trgm/trgm_op.c) and the
same threshold, so both databases accept and rank the same titles.
"""

import re

# pg_trgm.word_similarity_threshold's default, which PostgreSQL's `%>` uses.
WORD_SIMILARITY_THRESHOLD = 0.6

_WORD = re.compile(r"[^\W_]+")


def trigrams(text: str) -> list[str]:
    """Trigrams in order, as pg_trgm makes them: each word padded "  word "."""
    found = []
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        found += [padded[i : i + 3] for i in range(len(padded) - 2)]
    return found


def word_similarity(query: str, text: str) -> float:
    """How well the query matches the best stretch of the text, from 0 to 1."""
    wanted = set(trigrams(query))
    if not wanted:
        return 0.0
    return _best_extent(wanted, trigrams(text))


def _similarity(count: int, ulen1: int, ulen2: int) -> float:
    return count / (ulen1 + ulen2 - count)


def _best_extent(wanted: set[str], sequence: list[str]) -> float:
    """iterate_word_similarity, non-strict: every trigram may open the stretch."""
    ulen1 = len(wanted)
    last_position: dict[str, int] = {}
    ulen2 = count = 0
    lower = -1
    best = 0.0
    for i, trigram in enumerate(sequence):
        found = trigram in wanted
        if lower >= 0 or found:
            if last_position.get(trigram, -1) < 0:
                ulen2 += 1
                if found:
                    count += 1
            last_position[trigram] = i
        if not found:
            continue
        if lower == -1:
            lower, ulen2 = i, 1
        current = _similarity(count, ulen1, ulen2)
        # Moving the lower bound right may drop more noise than matches.
        tmp_count, tmp_ulen2, previous_lower = count, ulen2, lower
        for tmp_lower in range(lower, i + 1):
            candidate = _similarity(tmp_count, ulen1, tmp_ulen2)
            if candidate > current:
                current, ulen2, lower, count = candidate, tmp_ulen2, tmp_lower, tmp_count
            dropped = sequence[tmp_lower]
            if last_position.get(dropped) == tmp_lower:
                tmp_ulen2 -= 1
                if dropped in wanted:
                    tmp_count -= 1
        best = max(best, current)
        for position in range(previous_lower, lower):
            dropped = sequence[position]
            if last_position.get(dropped) == position:
                last_position[dropped] = -1
    return best


def scorer(query: str, threshold: float = WORD_SIMILARITY_THRESHOLD):
    """
    `word_similarity(query, text)` for many texts, None below the threshold. A
    text sharing too few trigrams with the query cannot reach it (the score is
    at most shared / query trigrams), so most are turned down on a set
    intersection alone.
    """
    wanted = set(trigrams(query))
    needed = threshold * len(wanted)

    def score(text: str) -> float | None:
        if not wanted:
            return None
        sequence = trigrams(text)
        if len(wanted.intersection(sequence)) < needed:
            return None
        similarity = _best_extent(wanted, sequence)
        return similarity if similarity >= threshold else None

    return score
