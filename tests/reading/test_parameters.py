"""
`?as_of=` and `?watched=` (wiki/reading.py): read into `request.reading`, refused
with a message when unreadable, sent to the one address the wiki writes when
written another way, and never making a page personal.
"""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from wiki.reading import (
    NOW,
    EpisodeCode,
    NotAnEpisode,
    Reading,
    UnreadableReading,
    canonical_query,
    read,
)


def test_episode_codes_read_and_write_as_s01e07():
    assert str(EpisodeCode.parse("s1e7")) == "S01E07"
    assert EpisodeCode.parse("S01E07") == EpisodeCode(1, 7)
    assert EpisodeCode(1, 7) < EpisodeCode(1, 8) < EpisodeCode(2, 1)


@pytest.mark.parametrize("text", ["", "S0E1", "S00E01", "E07", "S01", "1x07", "S01E07x"])
def test_text_that_is_no_episode_is_refused(text):
    with pytest.raises(NotAnEpisode):
        EpisodeCode.parse(text)


def test_a_query_without_reading_reads_as_now():
    assert read(QueryDict("page=2")) == (NOW, True)


def test_a_canonical_query_reads_as_written():
    reading, canonical = read(QueryDict("as_of=2025-06-01&watched=S01E07"))
    assert reading == Reading(datetime.date(2025, 6, 1), EpisodeCode(1, 7))
    assert canonical


@pytest.mark.parametrize(
    "query", ["watched=s1e7", "as_of=", "as_of=&watched=S01E07", "watched=%20S01E07"]
)
def test_another_writing_is_not_canonical(query):
    assert read(QueryDict(query))[1] is False


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("as_of=2025-02-30", "2025-02-30"),
        ("as_of=June+2025", "June 2025"),
        ("as_of=2025-6-1", "2025-6-1"),
        ("watched=episode-7", "episode-7"),
        ("as_of=2025-06-01&as_of=2025-06-02", "as_of"),
    ],
)
def test_unreadable_values_are_refused_naming_what_was_wrong(query, words):
    with pytest.raises(UnreadableReading) as refused:
        read(QueryDict(query))
    assert words in str(refused.value)


def test_a_day_after_today_is_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(UnreadableReading) as refused:
        read(QueryDict(f"as_of={tomorrow.isoformat()}"))
    assert "has not come yet" in str(refused.value)


def test_the_canonical_query_keeps_other_parameters_in_order():
    query = QueryDict("page=2&watched=s1e7&q=ballet&as_of=")
    reading, _ = read(query)
    assert canonical_query(query, reading) == "page=2&q=ballet&watched=S01E07"


@pytest.mark.django_db
class TestOnPages:
    def test_a_page_read_as_of_a_day_says_so_and_links_back(self, client, etoile):
        response = client.get("/shows/etoile/?as_of=2025-06-01&watched=S01E07")
        assert response.status_code == 200
        page = response.content.decode()
        assert '<time datetime="2025-06-01">June 1, 2025</time>' in page
        assert 'href="/shows/etoile/?watched=S01E07">Back to today</a>' in page
        assert '<meta name="robots" content="noindex">' in page
        # Its canonical address is the page's own, without the reading.
        assert '<link rel="canonical" href="http://testserver/shows/etoile/">' in page

    def test_a_page_read_now_has_no_banner_and_is_indexed(self, client, etoile):
        page = client.get("/shows/etoile/").content.decode()
        assert "as the world stood on" not in page
        assert "noindex" not in page

    def test_the_banner_speaks_french_on_french_pages(self, client, etoile):
        page = client.get("/fr/shows/etoile/?as_of=2025-06-01").content.decode()
        assert '<time datetime="2025-06-01">1 juin 2025</time>' in page
        assert "Revenir à aujourd\u2019hui" in page

    def test_an_unreadable_date_is_a_400_saying_what_it_expects(self, client, etoile):
        response = client.get("/shows/etoile/?as_of=yesterday")
        assert response.status_code == 400
        assert "such as 2025-06-01; “yesterday” is not one." in response.content.decode()

    def test_an_unreadable_episode_is_a_400_in_french_on_french_pages(self, client, etoile):
        response = client.get("/fr/shows/etoile/?watched=finale")
        assert response.status_code == 400
        assert "«\u00a0finale\u00a0»" in response.content.decode()

    def test_another_writing_is_sent_to_the_canonical_address(self, client, etoile):
        response = client.get("/shows/etoile/?watched=s1e7&as_of=")
        assert response.status_code == 301
        assert response["Location"] == "/shows/etoile/?watched=S01E07"

    def test_an_empty_choice_is_sent_to_the_plain_page(self, client, etoile):
        response = client.get("/shows/etoile/?as_of=")
        assert response.status_code == 301
        assert response["Location"] == "/shows/etoile/"

    def test_each_reading_is_kept_under_its_own_address(self, client, etoile, page_cache):
        now = client.get("/shows/etoile/")
        then = client.get("/shows/etoile/?as_of=2025-06-01")
        assert "as the world stood on" not in now.content.decode()
        assert "as the world stood on" in then.content.decode()
        again = client.get("/shows/etoile/?as_of=2025-06-01")
        assert again["X-Page-Cache"] == "hit"
        assert again.content == then.content
        assert "as the world stood on" not in client.get("/shows/etoile/").content.decode()

    def test_an_unreadable_value_is_never_kept(self, client, etoile, page_cache):
        assert client.get("/shows/etoile/?as_of=nope").status_code == 400
        again = client.get("/shows/etoile/?as_of=nope")
        assert again.status_code == 400
        assert again.get("X-Page-Cache") != "hit"
