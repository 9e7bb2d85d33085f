"""The seed fixture holds every fact of the seed article, and only those."""

import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.serializers.base import DeserializationError

from people.models import Actor, Person
from shows import statuses
from shows.models import (
    Casting,
    Character,
    Episode,
    Membership,
    NewsEvent,
    Organisation,
    Position,
    Season,
    Show,
    Source,
)
from shows.partial_dates import PartialDate
from wikitext.markup import plain_text

SEED_KEY = "etoile-cancelled-after-season-one"
FIXTURE = Path(__file__).resolve().parents[2] / "shows" / "fixtures" / "etoile.json"

pytestmark = pytest.mark.django_db


def wiki_models():
    return [m for m in apps.get_models() if m._meta.app_label in {"shows", "people"}]


def snapshot():
    """Every wiki row and many-to-many link, as the natural-key dump shows them."""
    out = io.StringIO()
    call_command(
        "dumpdata", "shows", "people", natural_foreign=True, natural_primary=True, stdout=out
    )
    return json.loads(out.getvalue())


def test_the_fixture_carries_no_numeric_ids():
    for entry in json.loads(FIXTURE.read_text(encoding="utf-8")):
        assert "pk" not in entry, entry


def test_every_entry_cites_the_seed_article(etoile):
    seed = Source.objects.get(key=SEED_KEY)
    for model in wiki_models():
        if model._meta.proxy or not hasattr(model, "sources"):
            continue
        for row in model.objects.all():
            assert seed in row.sources.all(), f"{model.__name__} {row} does not cite the seed"


def test_the_cancellation_report_cites_the_article_reporting_deadline(etoile):
    """The article credits Deadline with the first report only: cited through the article."""
    report = NewsEvent.objects.get(slug="deadline-reports-cancellation")
    deadline = Source.objects.get(key="deadline-2025-06-06")
    assert deadline.published == PartialDate(2025, 6, 6)
    assert deadline.publisher.name == "Deadline"
    assert str(report.date) == "June 6, 2025"
    assert list(report.sources.values_list("key", flat=True)) == [SEED_KEY]
    assert (
        "[@etoile-cancelled-after-season-one reporting @deadline-2025-06-06: "
        '"first reported by Deadline on June 6, 2025"]'
    ) in report.summary
    for event in NewsEvent.objects.all():
        assert deadline not in event.sources.all(), event.slug


def test_the_show_is_told_as_the_seed_tells_it(etoile):
    show = Show.objects.with_counts().get(slug="etoile")
    assert show.title == "Étoile"
    assert show.network.name == "Prime Video"
    assert show.premiere_date == PartialDate(2025, 4, 24)
    # Its status comes from the news (shows/statuses.py), not a typed column.
    assert show.status == Show.Status.NOT_STATED
    assert statuses.of_show(show, None).label == "Cancelled"
    assert show.release_model == Show.ReleaseModel.ALL_AT_ONCE
    assert show.seasons_ordered == 2
    assert show.seasons_made == 1
    assert show.order_type == Show.OrderType.STRAIGHT_TO_SERIES
    assert show.order_date == PartialDate(2023)
    assert show.episode_total == 8
    assert "swapping their most talented stars" in show.synopsis
    assert {p.name for p in show.people.all()} == {"Amy Sherman-Palladino", "Daniel Palladino"}


def test_the_second_season_exists_as_ordered_then_cancelled(etoile):
    second = Season.objects.get(show__slug="etoile", number=2)
    assert second.status == Season.Status.NOT_STATED
    changes = second.status_changes.with_events()
    assert [c.change for c in changes] == ["ordered", "cancelled"]
    assert statuses.of_season(second, changes, None).label == "Cancelled"
    assert second.episodes.count() == 0
    assert second.release_date is None


def test_eight_untitled_episodes_released_on_one_day(etoile):
    episodes = Episode.objects.filter(season__show__slug="etoile", season__number=1)
    assert [e.number for e in episodes] == list(range(1, 9))
    assert {e.release_date for e in episodes} == {PartialDate(2025, 4, 24)}
    assert all(e.title == "" for e in episodes), "the seed gives no episode titles"
    assert [str(e) for e in episodes][:2] == ["Episode 1", "Episode 2"]


MAIN_CAST = {
    "Luke Kirby": "Jack McMillan",
    "Charlotte Gainsbourg": "Geneviève Lavigne",
    "Lou de Laâge": "Cheyenne Toussaint",
    "Gideon Glick": "Tobias Bell",
    "David Alvarez": "Gael Rodriguez",
    "Ivan du Pontavice": "Gabin Roux",
    "Taïs Vinolo": "Mishi Duplessis",
    "David Haig": "Nicholas Leutwylek",
    "LaMay Zhang": "SuSu Li",
    "Simon Callow": "Crispin Shamblee",
}


def test_the_cast_the_article_names_first_is_billed_as_it_says_and_no_more(etoile):
    """
    "Étoile featured a cast that included ...": ten actors in the cast, never called
    main or starring (issue 16); only "a roster of recurring roles" is billed.
    """
    assert not Casting.objects.filter(billing=Casting.Billing.MAIN).exists()
    cast = Casting.objects.filter(billing=Casting.Billing.NOT_STATED).select_related(
        "person", "character"
    )
    assert {c.person.name: c.character.name for c in cast} == MAIN_CAST
    assert set(
        Casting.objects.filter(billing=Casting.Billing.RECURRING).values_list(
            "person__name", flat=True
        )
    ) == {"Yanic Truesdale", "Marie Berto", "Joy Womack", "Tiler Peck", "Christine Chang"}
    assert [c.person.name for c in cast][:3] == [
        "Luke Kirby",
        "Charlotte Gainsbourg",
        "Lou de Laâge",
    ]


def test_recurring_cast_names_no_character_the_seed_does_not_give(etoile):
    recurring = Casting.objects.filter(billing=Casting.Billing.RECURRING).select_related(
        "person", "character"
    )
    roles = {c.person.name: c.character.name if c.character else None for c in recurring}
    assert roles == {
        "Yanic Truesdale": "Raphaël Marchand",
        "Marie Berto": None,
        "Joy Womack": None,
        "Tiler Peck": None,
        "Christine Chang": None,
    }
    assert all(list(c.seasons.all()) == [Season.objects.get(number=1)] for c in recurring)


def test_characters_carry_their_situation_from_the_article(etoile):
    described = {c.slug: c.description for c in Character.objects.all()}
    assert "interim artistic director" in described["genevieve-lavigne"]
    assert "artistic director of the New York company" in described["jack-mcmillan"]
    assert "principled and determined ballerina from Paris" in described["cheyenne-toussaint"]
    assert "emotionally volatile American choreographer" in described["tobias-bell"]
    assert "rejoins the New York troupe" in described["gael-rodriguez"]
    assert "prone to conflicts" in described["gabin-roux"]
    assert "influential mother" in described["mishi-duplessis"]
    assert "traditionalist" in described["nicholas-leutwylek"]
    assert "self-trained prodigy" in described["susu-li"]
    assert "sponsor with conflicting interests" in described["crispin-shamblee"]


def test_people_who_are_not_performers_have_pages_but_are_not_actors(etoile):
    for slug in ["amy-sherman-palladino", "daniel-palladino", "jennifer-salke", "mike-hopkins"]:
        assert Person.objects.filter(slug=slug).exists()
        assert not Actor.objects.filter(slug=slug).exists()
    assert Actor.objects.count() == 15


def test_news_events_at_their_true_precision(etoile):
    dates = {e.slug: (str(e.date) if e.date else None) for e in NewsEvent.objects.all()}
    assert dates == {
        "two-season-order": "2023",
        "jennifer-salke-exits": "March 2025",
        "etoile-premieres": "April 24, 2025",
        "amazon-cancels-etoile": "early June 2025",
        "deadline-reports-cancellation": "June 6, 2025",
        "emmy-campaign-continues": None,
    }


def test_the_cancellation_keeps_its_reported_reasons(etoile):
    summary = plain_text(NewsEvent.objects.get(slug="amazon-cancels-etoile").summary)
    for reason in [
        "performance versus its production cost",
        "international filming locations",
        "original choreography",
        "large ensemble",
        "Nielsen's top 10",
        "Reacher",
        "internal restructuring",
        "no plans for renewal or continuation on another platform",
    ]:
        assert reason in summary
    emmy = NewsEvent.objects.get(slug="emmy-campaign-continues")
    assert "Emmy campaign in comedy categories" in emmy.summary


def test_the_ballet_companies_are_in_the_story_without_being_called_fictional(etoile):
    """
    "Season one of Étoile centered around two prestigious ballet companies": the
    article says no more, so whether they are fictional is not stated (issue 16).
    """
    story = Organisation.objects.filter(show__slug="etoile")
    assert {(o.name, o.location, o.kind, o.is_fictional) for o in story} == {
        ("Metropolitan Ballet Theater", "New York", Organisation.Kind.BALLET_COMPANY, None),
        ("Le Ballet National", "Paris", Organisation.Kind.BALLET_COMPANY, None),
    }
    assert not Organisation.objects.filter(is_fictional=True).exists()


def test_no_organisation_has_a_parent_the_article_never_gives(etoile):
    assert not Organisation.objects.filter(parent__isnull=False).exists()


def test_organisations_have_only_the_kinds_the_article_gives(etoile):
    """A streaming platform, a studio head's studio, two ballet companies; no more."""
    kinds = dict(Organisation.objects.values_list("slug", "kind"))
    assert kinds == {
        "amazon": "",
        "deadline": "",
        "nielsen": "",
        "prime-video": Organisation.Kind.STREAMING_SERVICE,
        "amazon-mgm-studios": Organisation.Kind.STUDIO,
        "metropolitan-ballet-theater": Organisation.Kind.BALLET_COMPANY,
        "le-ballet-national": Organisation.Kind.BALLET_COMPANY,
    }


def test_memberships_are_only_those_the_article_states_in_its_words(etoile):
    """Moving to a city is not joining its company: only the stated places remain."""
    memberships = {
        (m.character.slug, m.organisation.slug): m.role
        for m in Membership.objects.select_related("character", "organisation")
    }
    assert memberships == {
        ("jack-mcmillan", "metropolitan-ballet-theater"): "Artistic director",
        ("genevieve-lavigne", "le-ballet-national"): "Interim artistic director",
        ("gael-rodriguez", "metropolitan-ballet-theater"): (
            "Rejoins the troupe at Cheyenne's request"
        ),
    }


def test_only_the_post_the_article_gives_is_recorded(etoile):
    """Jennifer Salke headed Amazon MGM Studios; Mike Hopkins's title is never given."""
    assert not Position.objects.filter(person__slug="mike-hopkins").exists()
    (post,) = Position.objects.all()
    assert (post.person.slug, post.organisation.slug, post.title) == (
        "jennifer-salke",
        "amazon-mgm-studios",
        "Head",
    )


NEWS_INVOLVES = {
    "two-season-order": ({"jennifer-salke"}, {"prime-video", "amazon-mgm-studios"}),
    "jennifer-salke-exits": ({"jennifer-salke", "mike-hopkins"}, {"amazon-mgm-studios"}),
    "etoile-premieres": (set(), {"prime-video"}),
    "amazon-cancels-etoile": ({"jennifer-salke", "mike-hopkins"}, {"amazon", "prime-video"}),
    "deadline-reports-cancellation": (set(), {"deadline"}),
    "emmy-campaign-continues": (set(), {"prime-video"}),
}


@pytest.mark.parametrize(("slug", "involved"), NEWS_INVOLVES.items())
def test_news_events_involve_only_whom_the_article_ties_to_them(etoile, slug, involved):
    """The premiere lists neither the creators nor Nielsen; the report not Amazon."""
    event = NewsEvent.objects.get(slug=slug)
    people = {p.slug for p in event.people.all()}
    organisations = {o.slug for o in event.organisations.all()}
    assert (people, organisations) == involved
    # A list with no entry cites nothing.
    assert ("people" in event.fact_citations) == bool(people)


def test_loading_twice_changes_nothing(etoile):
    before = snapshot()
    call_command("loaddata", "etoile", verbosity=0)
    assert snapshot() == before


BROKEN = [
    {
        "model": "people.person",
        "fields": {"name": "New Person", "slug": "new-person", "biography": "", "sources": []},
    },
    {
        "model": "shows.casting",
        "fields": {
            "show": ["etoile"],
            "person": ["nobody-by-this-name"],
            "character": ["etoile", "jack-mcmillan"],
            "billing": "main",
        },
    },
]


def test_a_fixture_naming_a_missing_entity_is_refused_whole(etoile, tmp_path):
    """The error names the missing key, and nothing of the fixture is kept."""
    before = snapshot()
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(BROKEN), encoding="utf-8")
    with pytest.raises(DeserializationError, match="nobody-by-this-name"):
        call_command("loaddata", str(broken), verbosity=0)
    assert snapshot() == before


def test_a_fixture_citing_a_missing_source_is_refused_whole(etoile, tmp_path):
    before = snapshot()
    broken = tmp_path / "broken.json"
    person = {**BROKEN[0]["fields"], "sources": [["no-such-source"]]}
    broken.write_text(json.dumps([{"model": "people.person", "fields": person}]))
    with pytest.raises(DeserializationError, match="no-such-source"):
        call_command("loaddata", str(broken), verbosity=0)
    assert snapshot() == before


def test_a_fixture_with_a_malformed_date_is_refused(etoile, tmp_path):
    before = snapshot()
    broken = tmp_path / "broken.json"
    event = {"headline": "x", "slug": "x", "date": "sometime in June", "kind": "other"}
    broken.write_text(json.dumps([{"model": "shows.newsevent", "fields": event}]))
    with pytest.raises(DeserializationError, match="is not a date"):
        call_command("loaddata", str(broken), verbosity=0)
    assert snapshot() == before
