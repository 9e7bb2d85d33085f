"""Rows that join two entries read as what they say, never "Image_characters object (3)"."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import translation

from shows.models import Character, NewsEvent
from tests.admin.changeform import changeform_data
from tests.history.helpers import admin_url
from wiki import registry

pytestmark = pytest.mark.django_db

INTERNAL = re.compile(r"object \(\d+\)|relationship|_\w+ object")


def join_tables():
    return [
        field.remote_field.through
        for entry in registry.entries()
        for field in entry.model._meta.many_to_many
        if field.remote_field.through._meta.auto_created
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_join_row_of_every_entry_has_a_readable_name(etoile, language):
    """Each row names both entries it joins; each table reads as a link between two kinds."""
    named = 0
    with translation.override(language):
        for through in join_tables():
            assert not INTERNAL.search(str(through._meta.verbose_name))
            assert not INTERNAL.search(str(through._meta.verbose_name_plural))
            for row in through.objects.all()[:3]:
                name = str(row)
                assert not INTERNAL.search(name), name
                ends = [f for f in through._meta.fields if f.is_relation]
                assert all(str(getattr(row, end.name))[:20] in name for end in ends), name
                named += 1
    assert named > 20


@pytest.mark.parametrize(
    ("prefix", "picture", "show", "table"),
    [
        ("", "Picture of Cheyenne Toussaint: ", "Étoile season 1 in “", "Link: character to image"),
        (
            "/fr",
            "Photo de Cheyenne Toussaint\u00a0: ",
            "Étoile season 1 dans «\u00a0",
            "Lien\u00a0: personnage vers image",
        ),
    ],
)
def test_the_deletion_page_names_the_links_it_takes_with_it(
    admin_client, etoile, prefix, picture, show, table
):
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    html = admin_client.get(prefix + admin_url(Character, "delete", cheyenne.pk)).content.decode()
    assert picture in html
    assert show in html
    assert table in html
    assert not INTERNAL.search(html)


def test_a_news_events_links_read_as_the_entries_they_join(admin_client, etoile):
    event = NewsEvent.objects.filter(shows__isnull=False).first()
    html = admin_client.get(admin_url(NewsEvent, "delete", event.pk)).content.decode()
    assert f"Étoile in “{event.headline}”".replace("'", "&#x27;") in html
    assert not INTERNAL.search(html)


def test_removing_a_picture_is_logged_by_its_readable_name(admin_client, etoile):
    """The change message (the admin's history and the revision's summary) names the row."""
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    url = admin_url(Character, "change", cheyenne.pk)
    response = admin_client.get(url)
    data = changeform_data(response)
    prefix = next(
        inline.formset.prefix
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Character.images.through
    )
    data[f"{prefix}-0-DELETE"] = "on"

    assert admin_client.post(url, data).status_code == 302

    message = LogEntry.objects.latest("pk").get_change_message()
    assert "Picture of Cheyenne Toussaint: " in message
    assert not INTERNAL.search(message)
    history = admin_client.get(admin_url(Character, "history", cheyenne.pk)).content.decode()
    assert not INTERNAL.search(history)
