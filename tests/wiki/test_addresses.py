"""wiki.addresses.address gives what reverse() gives, in every language, without its cost."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from wiki.addresses import address

CASES = [
    ("shows:show_detail", {"slug": "etoile"}),
    ("shows:season_detail", {"show_slug": "etoile", "number": 1}),
    ("shows:episode_detail", {"show_slug": "etoile", "number": 1, "episode": 12}),
    ("shows:character_detail", {"show_slug": "étoile-2", "slug": "cheyenne-toussaint"}),
    ("people:detail", {"slug": "lou-de-laâge"}),
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("viewname", "kwargs"), CASES)
def test_the_same_address_as_reverse(viewname, kwargs, language):
    with translation.override(language):
        assert address(viewname, **kwargs) == reverse(viewname, kwargs=kwargs)
        # The second time comes from the kept template.
        assert address(viewname, **kwargs) == reverse(viewname, kwargs=kwargs)


@pytest.mark.parametrize("bad", ["", "a/b", "a b", "x?y"])
def test_a_value_no_address_takes_is_refused_as_reverse_refuses_it(bad):
    with pytest.raises(NoReverseMatch):
        address("shows:show_detail", slug=bad)


def test_a_number_where_a_slug_goes_is_its_digits():
    assert address("shows:show_detail", slug=2025) == "/shows/2025/"
