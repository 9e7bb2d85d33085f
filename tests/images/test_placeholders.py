"""A placeholder's initials: the first and last words of a name that count."""

import pytest

from images.placeholders import TONES, initials, tone


@pytest.mark.parametrize(
    ("name", "letters"),
    [
        ("Geneviève Lavigne", "GL"),
        ("Lou de Laâge", "LL"),
        ("Ivan du Pontavice", "IP"),
        ("Étoile", "É"),
        ("Étoile season 1", "É1"),
        ("Amy Sherman-Palladino", "AP"),
        ("élodie", "É"),
        ("", "?"),
        ("—", "?"),
    ],
)
def test_initials(name, letters):
    assert initials(name) == letters


def test_a_name_always_gets_the_same_tint():
    assert tone("Lou de Laâge") == tone("Lou de Laâge")
    assert {tone(f"Name {n}") for n in range(50)} == set(range(TONES))
