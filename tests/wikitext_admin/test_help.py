"""The markup's help: under every wiki text field of every admin, and on its own page."""

import html
from http import HTTPStatus

import pytest
from django.contrib import admin
from django.urls import reverse

from shows.models import Character, Source
from tests.factories import CharacterFactory, SourceFactory
from tests.wikitext_admin.helpers import admin_url, assert_no_inline_code
from wiki import registry
from wikitext import syntax
from wikitext.editor import WikitextAdminMixin, WikitextEditor
from wikitext.fields import wikitext_fields

pytestmark = pytest.mark.django_db

HELP_URL = "/wiki/help/"

# Every registered admin whose model has wiki text (Actor, a proxy of Person, too).
WIKITEXT_ADMINS = sorted(
    (model for model in admin.site._registry if wikitext_fields(model)),
    key=lambda model: model._meta.label,
)


def test_every_model_with_wiki_text_has_an_admin_with_the_editor():
    for entry in registry.with_wikitext():
        assert entry.model in admin.site._registry, entry.label
    for model in WIKITEXT_ADMINS:
        assert isinstance(admin.site._registry[model], WikitextAdminMixin), model


@pytest.mark.parametrize("model", WIKITEXT_ADMINS, ids=lambda model: model._meta.label)
def test_each_wiki_text_field_shows_the_syntax_and_links_the_help(admin_client, model):
    response = admin_client.get(admin_url(model, "add"))

    assert response.status_code == HTTPStatus.OK
    form = response.context["adminform"].form
    content = response.content.decode()
    for name in wikitext_fields(model):
        field = form.fields[name]
        assert isinstance(field.widget, WikitextEditor), name
        for construct in ("[[Page name]]", "[@source-key]", "::: spoiler", "citation needed"):
            assert construct in field.help_text, (name, construct)
        assert f'href="{HELP_URL}"' in field.help_text
        assert f'id="id_{name}_helptext"' in content
        # The field's own help, where the model gives one, is kept in front.
        own = model._meta.get_field(name).help_text
        if own:
            assert field.help_text.startswith(html.escape(own))
        assert f'id="id_{name}-preview"' in content
    assert 'name="_preview"' in content
    assert "css/wikitext-admin.css" in content


def test_fields_that_are_not_wiki_text_keep_a_plain_textarea(admin_client):
    response = admin_client.get(admin_url(Source, "add"))

    form = response.context["adminform"].form
    assert not isinstance(form.fields["note"].widget, WikitextEditor)
    assert 'name="_preview"' not in response.content.decode()


def test_the_help_page_renders_every_example(admin_client):
    source = SourceFactory(key="deadline-2025-06-06", title="Étoile cancelled")
    cheyenne = CharacterFactory(name="Cheyenne Toussaint")

    response = admin_client.get(HELP_URL)

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    shown = syntax.shown_examples()
    assert len(shown) >= 15
    for example in shown:
        assert html.escape(example.example.construct) in content
        assert html.escape(example.example.text) in content, example.example.construct
        assert str(example.preview.html) in content, example.example.construct
    # What the renderer makes of each construct, as readers get it.
    assert "<em>Italic</em>, <strong>bold</strong>, <s>struck out</s>" in content
    assert "<h2>Early life</h2>" in content
    assert '<th class="align-left">Season</th>' in content
    assert f'<a class="wikilink" href="{cheyenne.get_absolute_url()}">Cheyenne Toussaint</a>' in (
        content
    )
    assert f'<a class="wikilink" href="{cheyenne.get_absolute_url()}">her</a>' in content
    assert 'class="wikilink wikilink--missing"' in content
    assert '<sup class="ref"><a href="#example-11-ref-1">[1]</a></sup>' in content
    assert html.escape(source.title) in content
    assert "[no source “no-such-source”]" in content
    assert '<sup class="citation-needed">[citation needed]</sup>' in content
    assert (
        '<details class="spoiler" data-episode="S01E08">'
        "<summary>Spoiler (S01E08): Season 1 ending</summary>" in content
    )
    assert "&lt;b&gt;Not bold&lt;/b&gt;" in content
    assert_no_inline_code(content)
    assert "css/wikitext-admin.css" in content


def test_the_help_page_works_on_an_empty_wiki(admin_client):
    response = admin_client.get(HELP_URL)

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "[[Cheyenne Toussaint]]" in content
    assert "[no source “deadline-2025-06-06”]" in content


def test_the_help_page_is_for_staff_only(client, django_user_model):
    login = reverse("admin:login")
    response = client.get(HELP_URL)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(login)

    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    response = client.get(HELP_URL)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(login)


def test_the_help_page_is_linked_from_the_character_form(admin_client):
    character = CharacterFactory()

    response = admin_client.get(admin_url(Character, "change", character.pk))

    assert f'href="{HELP_URL}" target="_blank" rel="noopener"' in response.content.decode()
