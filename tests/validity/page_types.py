"""
One page of every type the wiki serves, for the checks that read them all: HTML
validity (tests/validity/test_html_valid.py) and accessibility in a browser
(tests/browser/test_accessibility.py).
"""

from dataclasses import dataclass
from http import HTTPStatus

from reversion.models import Version

from history.recording import recorded, versions_of
from shows.models import Character, Episode, Show
from tests.factories import PersonFactory

# Enough people beyond the seed's 19 for a second page of the people list (50 a
# page), so that the pagination is checked too.
EXTRA_PEOPLE = 40


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    status: int = HTTPStatus.OK
    # Whether it has a French version under /fr/ (the API's reference has none).
    translated: bool = True

    def in_french(self):
        return PageType(f"{self.name}-fr", f"/fr{self.path}", self.status)


def prepare(django_user_model):
    """
    Adds to the loaded seed what some page types need (an edit, for a diff and
    a version; more people, for a list with pages; an episode's summary, for the
    episode guide) and returns every page type,
    with English addresses.
    """
    editor = django_user_model.objects.create_user("margot", password="pw")
    jack = Character.objects.get(slug="jack-mcmillan")
    with recorded(user=editor, summary="Fixed the description"):
        jack.description = jack.description.replace("artistic director", "demanding director")
        jack.save()
    PersonFactory.create_batch(EXTRA_PEOPLE)
    # A summary for the season's episode guide to show the start of (the seed has none).
    episode = Episode.objects.get(season__show__slug="etoile", season__number=1, number=2)
    episode.summary = "A summary written for this test, with **markup** in it."
    episode.save()
    show = Show.objects.get(slug="etoile")
    version = versions_of(Character, jack.pk).first()
    return [
        PageType("home", "/"),
        PageType("show-list", "/shows/"),
        PageType("show", "/shows/etoile/"),
        PageType("season", "/shows/etoile/season-1/"),
        PageType("episode", "/shows/etoile/season-1/episode-1/"),
        PageType("character-list", "/shows/etoile/characters/"),
        PageType("character", "/shows/etoile/characters/jack-mcmillan/"),
        PageType("person-list", "/people/"),
        PageType("person-list-page-2", "/people/?page=2"),
        PageType("person", "/people/lou-de-laage/"),
        PageType("organisation-list", "/organisations/"),
        PageType("organisation", "/organisations/prime-video/"),
        # A text quoting its source, reporting another (issue 16).
        PageType("organisation-quoting", "/organisations/deadline/"),
        PageType("news-list", "/news/"),
        PageType("news-list-of-a-show", "/news/?show=etoile"),
        PageType("news-event", "/news/amazon-cancels-etoile/"),
        PageType("source-list", "/sources/"),
        PageType("source", "/sources/etoile-cancelled-after-season-one/"),
        PageType(
            "image", "/images/genevieve-lavigne-and-raphael-marchand-outside-the-ballet-academy/"
        ),
        PageType("search-results", "/search/?q=ballet&fulltext=1"),
        PageType("search-no-results", "/search/?q=zzqxj&fulltext=1"),
        PageType("links-here", f"/wiki/links-here/shows.show/{show.pk}/"),
        PageType("recent-changes", "/recent-changes/"),
        PageType("contribute", "/contribute/"),
        PageType("history", f"/history/shows.character/{jack.pk}/"),
        PageType("diff", f"/history/shows.character/{jack.pk}/diff/"),
        PageType("version", f"/history/version/{version.pk}/"),
        # The seed's load: every entry, with its rows under it (issue 17).
        PageType(
            "revision", f"/history/revision/{Version.objects.order_by('pk').first().revision_id}/"
        ),
        # Read as of a day (issue 18): episodes not yet out, cast not yet credited, a
        # post whose end may have come, news that may have happened, one not yet.
        PageType("show-as-of", "/shows/etoile/?as_of=2025-04-23"),
        PageType("season-as-of", "/shows/etoile/season-1/?as_of=2025-04-23"),
        PageType("episode-as-of", "/shows/etoile/season-1/episode-2/?as_of=2025-04-23"),
        PageType("character-as-of", "/shows/etoile/characters/jack-mcmillan/?as_of=2025-04-23"),
        PageType("person-as-of", "/people/jennifer-salke/?as_of=2025-03-15"),
        PageType("news-list-as-of", "/news/?as_of=2025-06-01"),
        PageType("news-event-as-of", "/news/amazon-cancels-etoile/?as_of=2025-05-31"),
        # The JSON API's reference, made from its OpenAPI document (issue 19).
        PageType("api-reference", "/api/v1/docs", translated=False),
        PageType("not-found", "/no-such-page/", HTTPStatus.NOT_FOUND),
        PageType("admin-login", "/admin/login/"),
    ]
