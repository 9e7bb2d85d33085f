"""
Editors upload pictures on the image admin or straight from an entry's page
(the images inline), attach existing ones, and every save is a revision.
"""

from http import HTTPStatus

import pytest
from django.contrib.admin import ModelAdmin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from history.models import Deletion
from history.recording import recover, versions_of
from images.models import Image
from images.services import image_create
from people.models import Person
from shows.models import Character, NewsEvent, Season, Show
from tests.admin.changeform import add_inline_row, changeform_data
from tests.images.admin_helpers import errors_of, post_inline_upload, post_new_image
from tests.images.pictures import gps_exif, picture_bytes, stored_files, upload

pytestmark = pytest.mark.django_db


def inline_prefix(response):
    """The images inline's form prefix on an entry's change page."""
    for inline in response.context["inline_admin_formsets"]:
        model = inline.formset.model
        if model._meta.auto_created and model._meta.get_field("image").related_model is Image:
            return inline.formset.prefix
    raise AssertionError("no images inline on this page")


def entry_for(route):
    """The seed entry whose admin page `route` is."""
    return {
        "admin:shows_show_change": lambda: Show.objects.get(slug="etoile"),
        "admin:shows_season_change": lambda: Season.objects.get(show__slug="etoile", number=1),
        "admin:shows_character_change": lambda: Character.objects.get(slug="cheyenne-toussaint"),
        "admin:people_person_change": lambda: Person.objects.get(slug="lou-de-laage"),
        "admin:shows_newsevent_change": lambda: NewsEvent.objects.get(slug="amazon-cancels-etoile"),
    }[route]()


@pytest.mark.parametrize(
    "route",
    [
        "admin:shows_show_change",
        "admin:shows_season_change",
        "admin:shows_character_change",
        "admin:people_person_change",
        "admin:shows_newsevent_change",
    ],
)
def test_a_picture_uploaded_in_an_entrys_images_inline_is_stored_and_attached(
    admin_client, client, etoile, media_root, route
):
    entry = entry_for(route)
    url = reverse(route, args=[entry.pk])
    prefix = inline_prefix(admin_client.get(url))
    data = picture_bytes("JPEG", (1200, 800), exif=gps_exif())

    response = post_inline_upload(
        admin_client,
        url,
        prefix,
        upload(data, "phone.jpg"),
        alt="Uploaded from the entry's page",
        caption="A caption typed in the inline",
        credit="A photographer",
    )

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    image = Image.objects.get(alt="Uploaded from the entry's page")
    assert list(type(entry).objects.filter(images=image)) == [entry]
    assert (image.caption, image.credit) == ("A caption typed in the inline", "A photographer")
    assert image.thumbnail_widths == [320, 640, 960]
    assert len(stored_files(media_root)) == 4
    # The page now leads with it, in the infobox.
    html = client.get(entry.get_absolute_url()).content.decode()
    assert '<figure class="infobox__image">' in html
    assert image.display(640).url in html


def test_the_inline_asks_for_alt_text_with_an_upload_and_saves_nothing_without(
    admin_client, etoile, media_root
):
    character = Character.objects.get(slug="cheyenne-toussaint")
    url = reverse("admin:shows_character_change", args=[character.pk])
    before = changeform_data(admin_client.get(url))
    prefix = inline_prefix(admin_client.get(url))
    count = Image.objects.count()

    before["description"] = "An edit that must not be lost."
    add_inline_row(before, prefix, upload=upload(picture_bytes("PNG"), "p.png"))
    response = admin_client.post(url, before)

    assert response.status_code == HTTPStatus.OK
    assert any("alt text is required" in e for e in errors_of(response))
    # The editor's text is still in the form; nothing was written.
    assert response.context["adminform"].form["description"].value() == (
        "An edit that must not be lost."
    )
    assert Image.objects.count() == count
    assert stored_files(media_root) == []
    character.refresh_from_db()
    assert character.description != "An edit that must not be lost."


def test_the_inline_refuses_a_file_that_is_not_an_image_with_a_message(
    admin_client, etoile, media_root
):
    person = Person.objects.get(slug="lou-de-laage")
    url = reverse("admin:people_person_change", args=[person.pk])
    prefix = inline_prefix(admin_client.get(url))

    response = post_inline_upload(
        admin_client, url, prefix, upload(b"<svg onload=alert(1)>", "x.jpg"), alt="Nothing"
    )

    assert response.status_code == HTTPStatus.OK
    assert any("is not a JPEG, PNG, WebP or GIF image" in e for e in errors_of(response))
    assert stored_files(media_root) == []


def test_an_existing_image_can_be_attached_in_the_inline(admin_client, etoile, media_root):
    show = Show.objects.get(slug="etoile")
    image = Image.objects.get(slug="cheyenne-toussaint-waits-backstage")
    url = reverse("admin:shows_show_change", args=[show.pk])
    data = changeform_data(admin_client.get(url))
    add_inline_row(data, inline_prefix(admin_client.get(url)), image=str(image.pk))

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    assert list(image.shows.all()) == [show]
    # The show's history says so: its pictures are one of its fields.
    latest = versions_of(Show, show.pk).first()
    assert latest.field_dict["images"] == [image.pk]


def test_a_row_needs_an_image_or_an_upload(admin_client, etoile):
    show = Show.objects.get(slug="etoile")
    url = reverse("admin:shows_show_change", args=[show.pk])
    data = changeform_data(admin_client.get(url))
    add_inline_row(data, inline_prefix(admin_client.get(url)), caption="Only a caption")

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    assert "Choose an image, or upload a new one." in errors_of(response)


def test_removing_a_row_detaches_the_picture_and_records_it(admin_client, etoile):
    character = Character.objects.get(slug="cheyenne-toussaint")
    image = character.images.get()
    url = reverse("admin:shows_character_change", args=[character.pk])
    response = admin_client.get(url)
    prefix = inline_prefix(response)
    data = changeform_data(response)
    data[f"{prefix}-0-DELETE"] = "on"

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    assert not character.images.exists()
    assert Image.objects.filter(pk=image.pk).exists()
    assert versions_of(Character, character.pk).first().field_dict["images"] == []


def test_the_image_admin_lists_pictures_with_thumbnails_and_searches_them(
    admin_client, etoile, media_root
):
    image_create(alt="A held picture of the barre", file=upload(picture_bytes("PNG"), "p.png"))
    url = reverse("admin:images_image_changelist")

    html = admin_client.get(url).content.decode()
    assert "no file (photo not held)" in html
    assert 'width="80"' in html

    found = admin_client.get(url, {"q": "Amazon Prime"}).context["cl"].result_count
    assert found == 2
    assert admin_client.get(url, {"q": "backstage"}).context["cl"].result_count == 1
    assert admin_client.get(url, {"held": "yes"}).context["cl"].result_count == 1


def test_an_image_change_in_admin_is_a_revision_with_its_summary(admin_client, etoile):
    image = Image.objects.get(slug="cheyenne-toussaint-waits-backstage")
    before = versions_of(Image, image.pk).count()
    url = reverse("admin:images_image_change", args=[image.pk])
    data = changeform_data(admin_client.get(url))
    data["alt"] = "Cheyenne Toussaint waits backstage, alone, before a performance."
    data["edit_summary"] = "Sharper alt text"

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    versions = versions_of(Image, image.pk)
    assert versions.count() == before + 1
    latest = versions.first()
    assert latest.revision.comment == "Sharper alt text"
    assert latest.field_dict["alt"].startswith("Cheyenne Toussaint waits backstage, alone")


def test_a_stale_image_form_is_refused_like_any_wiki_entry(admin_client, etoile):
    image = Image.objects.get(slug="cheyenne-toussaint-waits-backstage")
    url = reverse("admin:images_image_change", args=[image.pk])
    stale = changeform_data(admin_client.get(url))
    fresh = changeform_data(admin_client.get(url))
    fresh["credit"] = "Prime Video"
    assert admin_client.post(url, fresh).status_code == HTTPStatus.FOUND

    stale["caption"] = "An edit made from an old copy"
    response = admin_client.post(url, stale)

    assert response.status_code == HTTPStatus.OK
    assert any("Someone else saved this entry" in e for e in errors_of(response))


def test_deleting_an_image_is_recorded_and_can_be_recovered(admin_client, etoile):
    image = Image.objects.get(slug="cheyenne-toussaint-waits-backstage")
    url = reverse("admin:images_image_delete", args=[image.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == HTTPStatus.FOUND
    assert not Image.objects.filter(pk=image.pk).exists()

    recover(Deletion.objects.get(object_id=str(image.pk)))

    restored = Image.objects.get(pk=image.pk)
    assert restored.caption == image.caption
    assert [c.slug for c in restored.characters.all()] == ["cheyenne-toussaint"]


def test_files_stored_by_a_save_that_fails_later_are_deleted(
    admin_client, etoile, media_root, monkeypatch
):
    """A failure after the files are written (here: writing the log) rolls the files back too."""

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ModelAdmin, "log_addition", fail)
    admin_client.raise_request_exception = False

    response = post_new_image(admin_client, upload(picture_bytes("JPEG"), "p.jpg"))

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert stored_files(media_root) == []
    assert not Image.objects.filter(alt="Cheyenne at the barre").exists()


def test_an_images_history_pages_show_its_versions(admin_client, client, etoile, media_root):
    image = image_create(alt="First", file=upload(picture_bytes("PNG"), "p.png"))
    url = reverse("admin:images_image_change", args=[image.pk])
    data = changeform_data(admin_client.get(url))
    data["alt"] = "Second"
    assert admin_client.post(url, data).status_code == HTTPStatus.FOUND
    latest = versions_of(Image, image.pk).first()

    for address in (
        f"/history/images.image/{image.pk}/",
        f"/history/images.image/{image.pk}/diff/",
        f"/history/version/{latest.pk}/",
        "/recent-changes/?type=images.image",
    ):
        response = client.get(address)
        assert response.status_code == HTTPStatus.OK, address
    html = client.get(f"/history/version/{latest.pk}/").content.decode()
    assert "320, 640, 960" in html


def test_the_image_page_picks_what_it_shows_with_one_autocomplete_per_kind_of_entry(
    admin_client, etoile
):
    """The kinds come from the entries' own `pictures()` fields: images names none of them."""
    image = Image.objects.get(slug="cheyenne-toussaint-waits-backstage")
    url = reverse("admin:images_image_change", args=[image.pk])
    response = admin_client.get(url)
    form = response.context["adminform"].form

    for name in ("shows", "seasons", "characters", "people", "news_events"):
        assert isinstance(form.fields[name].widget, AutocompleteSelectMultiple)
    html = response.content.decode()
    assert 'data-field-name="characters"' in html
    assert "Cheyenne Toussaint" in html  # the character it shows, already chosen


def test_what_a_picture_shows_changed_on_its_page_is_in_the_entries_history(admin_client, etoile):
    image = Image.objects.get(slug="cheyenne-toussaint-waits-backstage")
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    show = Show.objects.get(slug="etoile")
    url = reverse("admin:images_image_change", args=[image.pk])
    data = changeform_data(admin_client.get(url))
    data["shows"] = [str(show.pk)]
    data["characters"] = []

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    assert list(image.shows.all()) == [show]
    assert not image.characters.exists()
    # Each entry keeps its pictures in its own versions, in the revision of this save.
    show_version = versions_of(Show, show.pk).first()
    character_version = versions_of(Character, cheyenne.pk).first()
    assert show_version.field_dict["images"] == [image.pk]
    assert character_version.field_dict["images"] == []
    assert show_version.revision_id == character_version.revision_id


def test_the_autocomplete_of_a_kind_of_entry_on_the_image_page_answers(admin_client, etoile):
    response = admin_client.get(
        reverse("admin:images_image_depicts_autocomplete"),
        {"app_label": "images", "model_name": "image", "field_name": "characters", "term": "chey"},
    )

    assert response.status_code == HTTPStatus.OK
    assert [r["text"] for r in response.json()["results"]] == ["Cheyenne Toussaint"]
    # Staff only, as every admin view.
    admin_client.logout()
    assert (
        admin_client.get(reverse("admin:images_image_depicts_autocomplete")).status_code
        == HTTPStatus.FOUND
    )


def test_a_recovered_picture_is_shown_again_where_it_was(admin_client, etoile):
    """The tombstone keeps the links other entries held to it; recovery restores them."""
    image = Image.objects.get(
        slug="genevieve-lavigne-and-raphael-marchand-outside-the-ballet-academy"
    )
    people = set(image.people.all())
    url = reverse("admin:images_image_delete", args=[image.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == HTTPStatus.FOUND

    recover(Deletion.objects.get(object_id=str(image.pk), content_type__model="image"))

    assert set(Image.objects.get(pk=image.pk).people.all()) == people
    for person in people:
        assert versions_of(Person, person.pk).first().field_dict["images"] == [image.pk]


def test_an_editor_not_a_superuser_uploads_a_picture_on_an_entrys_page(
    django_user_model, etoile, media_root
):
    """The Editors group is enough: no site has to hand out superuser for pictures."""
    editor = django_user_model.objects.create_user("ed", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    editor_client = Client()
    editor_client.force_login(editor)
    character = Character.objects.get(slug="cheyenne-toussaint")
    url = reverse("admin:shows_character_change", args=[character.pk])
    prefix = inline_prefix(editor_client.get(url))

    response = post_inline_upload(
        editor_client, url, prefix, upload(picture_bytes("PNG"), "p.png"), alt="By an editor"
    )

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    assert list(Image.objects.get(alt="By an editor").characters.all()) == [character]
    second = post_new_image(editor_client, upload(picture_bytes("JPEG", (90, 60)), "q.jpg"))
    assert second.status_code == HTTPStatus.FOUND, errors_of(second)
