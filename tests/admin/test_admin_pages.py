"""The admin's pages: every model listed, searchable, editable, and cheap to list."""

from http import HTTPStatus

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import Actor, Person
from shows.models import (
    Casting,
    Character,
    Credit,
    Episode,
    Membership,
    NewsEvent,
    Organisation,
    Position,
    Season,
    Show,
    Source,
    StatusChange,
)
from tests.admin.changeform import add_inline_row, changeform_data
from tests.factories import (
    CastingFactory,
    CharacterFactory,
    CreditFactory,
    EpisodeFactory,
    MembershipFactory,
    NewsEventFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    SeasonFactory,
    ShowFactory,
    SourceFactory,
    StatusChangeFactory,
)


def make_actor():
    return Actor.objects.get(pk=CastingFactory().person_id)


def make_show():
    return ShowFactory(network=OrganisationFactory())


def make_character():
    return CastingFactory().character


def make_organisation():
    return OrganisationFactory(is_fictional=True, show=ShowFactory(), parent=OrganisationFactory())


def make_news_event():
    event = NewsEventFactory()
    event.shows.add(ShowFactory())
    return event


def make_status_change():
    season = SeasonFactory()
    return StatusChangeFactory(show=season.show, season=season)


def make_source():
    return SourceFactory(publisher=OrganisationFactory())


# One row of each model, with the relations its changelist displays filled in,
# so that a changelist that queried per row would show it.
MAKERS = {
    Person: PersonFactory,
    Actor: make_actor,
    Show: make_show,
    Season: SeasonFactory,
    Episode: EpisodeFactory,
    Character: make_character,
    Casting: CastingFactory,
    Credit: CreditFactory,
    Organisation: make_organisation,
    Position: PositionFactory,
    Membership: MembershipFactory,
    NewsEvent: make_news_event,
    Source: make_source,
    StatusChange: make_status_change,
}

every_model = pytest.mark.parametrize("model", MAKERS, ids=lambda model: model._meta.label)


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def test_every_model_of_the_wiki_is_registered_in_the_admin():
    """Each model of the shows and people apps has an admin, and these tests cover it."""
    models = {
        model for label in ("shows", "people") for model in apps.get_app_config(label).get_models()
    }
    assert set(MAKERS) == models
    assert all(admin.site.is_registered(model) for model in models)


def _editable_fields(model, model_admin):
    inline_models = {inline.model for inline in model_admin.inlines}
    names = set()
    for field in model._meta.get_fields():
        if field.auto_created or field.primary_key or not getattr(field, "editable", False):
            continue
        if field.many_to_many and not field.remote_field.through._meta.auto_created:
            continue  # Edited through its own model: Show.people is Credit rows.
        if field.many_to_many and field.remote_field.through in inline_models:
            continue  # Edited as inline rows: an entry's pictures.
        names.add(field.name)
    return names


@pytest.mark.django_db
@every_model
def test_every_editable_field_is_in_its_admin_form(admin_user, model):
    """A field added to a model is not hidden by an admin that lists its fields."""
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = admin.site.get_model_admin(model)

    form = model_admin.get_form(request)

    assert _editable_fields(model, model_admin) <= set(form.base_fields)


@pytest.mark.django_db
@every_model
def test_every_sources_field_in_the_admin_is_an_autocomplete(admin_user, model):
    """Sources are picked by searching, in every form and inline row that cites them."""
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = admin.site.get_model_admin(model)

    for editor in (model_admin, *model_admin.get_inline_instances(request)):
        fields = flatten_fieldsets(editor.get_fieldsets(request))
        if "sources" in fields:
            assert "sources" in editor.get_autocomplete_fields(request), editor


@pytest.mark.django_db
def test_sources_are_found_by_publisher_in_the_autocomplete(admin_client):
    """The sources autocomplete of a show's form searches key, title and publisher."""
    source = SourceFactory(title="Order story", publisher=OrganisationFactory(name="Deadline"))
    SourceFactory(title="Review", publisher=OrganisationFactory(name="Variety"))

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "deadline", "app_label": "shows", "model_name": "show", "field_name": "sources"},
    )

    assert response.status_code == HTTPStatus.OK
    assert response.json()["results"] == [{"id": str(source.pk), "text": "Order story"}]


@pytest.mark.django_db
def test_the_admin_is_titled_for_the_wiki(admin_client):
    """The admin names the wiki, not Django."""
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == HTTPStatus.OK
    assert "Étoile Wiki administration" in response.content.decode()


@pytest.mark.django_db
@every_model
def test_a_changelist_lists_the_rows_of_its_model(admin_client, model):
    """A superuser sees each model's changelist, with its rows."""
    obj = MAKERS[model]()

    response = admin_client.get(admin_url(model, "changelist"))

    assert response.status_code == HTTPStatus.OK
    assert obj in response.context["cl"].result_list


@pytest.mark.django_db
@every_model
def test_an_add_page_renders(admin_client, model):
    """A superuser can open the form to add each model."""
    response = admin_client.get(admin_url(model, "add"))

    assert response.status_code == HTTPStatus.OK


@pytest.mark.django_db
@every_model
def test_a_change_page_renders_with_a_view_on_site_link(admin_client, model):
    """Each row's change page opens, and links to the row's public page."""
    obj = MAKERS[model]()
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)

    response = admin_client.get(admin_url(model, "change", obj.pk))

    assert response.status_code == HTTPStatus.OK
    view_on_site = reverse("admin:view_on_site", args=[content_type.pk, obj.pk])
    assert f'href="{view_on_site}"' in response.content.decode()
    # One summary box and one version marker: with two, the empty second one won.
    page = response.content.decode()
    assert page.count('name="edit_summary"') == 1
    assert page.count('name="base_version"') == 1


@pytest.mark.django_db
@every_model
def test_a_change_page_saves_back_untouched(admin_client, model):
    """Submitting a change page as it came saves without errors and logs no change."""
    obj = MAKERS[model]()
    url = admin_url(model, "change", obj.pk)
    data = changeform_data(admin_client.get(url))

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    assert LogEntry.objects.get().get_change_message() == "No fields changed."


@pytest.mark.django_db
@every_model
def test_view_on_site_redirects_to_the_public_page(admin_client, model):
    """ "View on site" sends the editor to the row's own URL (not followed: pages may not exist)."""
    obj = MAKERS[model]()
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)

    response = admin_client.get(reverse("admin:view_on_site", args=[content_type.pk, obj.pk]))

    assert response.status_code == HTTPStatus.FOUND
    # Without django.contrib.sites, the redirect names the host of the request.
    assert response.headers["Location"] == f"http://testserver{obj.get_absolute_url()}"


@pytest.mark.django_db
@every_model
def test_a_changelist_costs_the_same_queries_for_30_rows_as_for_3(
    admin_client, django_assert_max_num_queries, model
):
    """No changelist queries once per row: ten times the rows, no more queries."""
    make = MAKERS[model]
    url = admin_url(model, "changelist")
    for _ in range(3):
        make()
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == HTTPStatus.OK
    for _ in range(27):
        make()

    with django_assert_max_num_queries(len(few)):
        response = admin_client.get(url)

    assert response.context["cl"].result_count == model._default_manager.count()


def _search_show():
    ShowFactory(title="Étoile")
    ShowFactory(title="The Marvelous Mrs. Maisel")
    # Not "étoile": SQLite's LIKE folds the case of ASCII letters only.
    return Show, "Étoile", ["Étoile"]


def _search_character_by_actor():
    CastingFactory(character__name="Mimi", person__name="Lou de Laâge")
    CastingFactory(character__name="Jack", person__name="Luke Kirby")
    return Character, "Laâge", ["Mimi"]


def _search_news_by_summary():
    NewsEventFactory(headline="Renewed", summary="A second season was ordered.")
    NewsEventFactory(headline="Cancelled", summary="No more seasons.")
    return NewsEvent, "second season", ["Renewed"]


def _search_source_by_publisher():
    SourceFactory(title="Order story", publisher=OrganisationFactory(name="Deadline"))
    SourceFactory(title="Review", publisher=OrganisationFactory(name="Variety"))
    return Source, "deadline", ["Order story"]


def _search_season_by_show_and_number():
    show = ShowFactory(title="Étoile")
    SeasonFactory(show=show, number=1)
    SeasonFactory(show=show, number=2)
    SeasonFactory(show=ShowFactory(title="Other"), number=2)
    return Season, "Étoile 2", ["Étoile season 2"]


def _search_actor_by_character():
    CastingFactory(character__name="Mimi", person__name="Lou de Laâge")
    CastingFactory(character__name="Jack", person__name="Luke Kirby")
    PersonFactory(name="Amy Sherman-Palladino")
    return Actor, "jack", ["Luke Kirby"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "setup",
    [
        _search_show,
        _search_character_by_actor,
        _search_news_by_summary,
        _search_source_by_publisher,
        _search_season_by_show_and_number,
        _search_actor_by_character,
    ],
    ids=lambda setup: setup.__name__.removeprefix("_search_"),
)
def test_a_changelist_search_finds_only_matching_rows(admin_client, setup):
    """The changelist search box matches the fields an editor would look by."""
    model, term, expected = setup()

    response = admin_client.get(admin_url(model, "changelist"), {"q": term})

    assert response.status_code == HTTPStatus.OK
    assert [str(row) for row in response.context["cl"].result_list] == expected


@pytest.mark.django_db
def test_the_actor_list_holds_only_people_with_a_casting(admin_client):
    """Actors are the people who play a part; a creator without one is not listed."""
    casting = CastingFactory()
    PersonFactory(name="Amy Sherman-Palladino")

    response = admin_client.get(admin_url(Actor, "changelist"))

    assert list(response.context["cl"].result_list) == [casting.person]


@pytest.mark.django_db
def test_a_shows_page_lists_each_seasons_episodes_as_links(admin_client):
    """Without nested inlines, the show's season rows link to each episode and to adding one."""
    season = SeasonFactory(number=1)
    episode = EpisodeFactory(season=season, number=1, title="Pilot")

    response = admin_client.get(admin_url(Show, "change", season.show.pk))

    content = response.content.decode()
    assert f'<a href="{admin_url(Episode, "change", episode.pk)}">1. Pilot</a>' in content
    assert f'href="{admin_url(Episode, "add")}?season={season.pk}"' in content
    assert f'href="{admin_url(Season, "change", season.pk)}"' in content


@pytest.mark.django_db
def test_the_add_an_episode_link_preselects_the_season(admin_client):
    """The link from a season row opens the episode form with that season chosen."""
    season = SeasonFactory()

    response = admin_client.get(admin_url(Episode, "add"), {"season": season.pk})

    assert response.context["adminform"].form.initial["season"] == str(season.pk)


@pytest.mark.django_db
def test_an_actor_added_with_a_casting_joins_the_actor_list(admin_client):
    """The Actors add page makes a person and their first casting in one save."""
    character = CharacterFactory()
    url = admin_url(Actor, "add")
    data = changeform_data(admin_client.get(url))
    data.update(name="Lou de Laâge", slug="lou-de-laâge")
    data.update({"castings-0-character": str(character.pk)})

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    actor = Actor.objects.get()
    assert (actor.name, actor.castings.get().show) == ("Lou de Laâge", character.show)


@pytest.mark.django_db
def test_saving_a_character_through_the_admin_changes_its_row(admin_client):
    """A change posted with the inlines' management forms saves the character."""
    casting = CastingFactory(character__description="A dancer.")
    character = casting.character
    url = admin_url(Character, "change", character.pk)
    data = changeform_data(admin_client.get(url))
    data["description"] = "A dancer from Paris, sent to New York."

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    character.refresh_from_db()
    assert character.description == "A dancer from Paris, sent to New York."
    assert list(character.castings.all()) == [casting]


@pytest.mark.django_db
def test_a_casting_added_in_a_characters_page_takes_the_characters_show(admin_client):
    """The character's casting inline does not ask for the show: it is the character's."""
    character = CharacterFactory()
    person = PersonFactory()
    url = admin_url(Character, "change", character.pk)
    data = changeform_data(admin_client.get(url))
    add_inline_row(data, "castings", person=str(person.pk), billing="main", order="0")

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    casting = Casting.objects.get()
    assert (casting.person, casting.character, casting.show) == (
        person,
        character,
        character.show,
    )


@pytest.mark.django_db
def test_a_new_character_can_be_added_with_its_casting(admin_client):
    """On the add page too, the new character's casting gets the chosen show."""
    show = ShowFactory()
    person = PersonFactory()
    url = admin_url(Character, "add")
    data = changeform_data(admin_client.get(url))
    data.update(show=str(show.pk), name="Mimi", slug="mimi")
    add_inline_row(data, "castings", person=str(person.pk), billing="main", order="0")

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    casting = Casting.objects.get()
    assert (casting.character.name, casting.show, casting.person) == ("Mimi", show, person)


@pytest.mark.django_db
def test_a_casting_added_on_a_persons_page_may_name_only_the_character(admin_client):
    """An empty show in a casting is filled in from its character."""
    person = PersonFactory()
    character = CharacterFactory()
    url = admin_url(Person, "change", person.pk)
    data = changeform_data(admin_client.get(url))
    add_inline_row(data, "castings", character=str(character.pk), billing="main", order="0")

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    assert Casting.objects.get().show == character.show


@pytest.mark.django_db
def test_a_casting_without_a_character_names_its_show(admin_client):
    """A source may name an actor without their character: the casting then needs the show."""
    person = PersonFactory()
    show = ShowFactory()
    url = admin_url(Casting, "add")
    data = changeform_data(admin_client.get(url))
    data.update(person=str(person.pk), show=str(show.pk))

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    casting = Casting.objects.get()
    assert (casting.show, casting.character) == (show, None)


@pytest.mark.django_db
def test_saving_a_person_with_dated_positions_leaves_untouched_rows_unchanged(admin_client):
    """A position whose dates nobody edited is not saved again or logged as changed."""
    position = PositionFactory(start="early 2025-06", end="2025-12")
    url = admin_url(Person, "change", position.person.pk)
    data = changeform_data(admin_client.get(url))
    data["biography"] = "A studio executive."

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    assert LogEntry.objects.get().get_change_message() == "Changed Biography."
