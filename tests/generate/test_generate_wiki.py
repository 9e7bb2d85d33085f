"""
`bench/generate_wiki.py`: a large made-up wiki for benchmarks, the same for the
same seed, spread over every entity type, every entry cited, nothing real.
"""

import hashlib
import io
import json
import re
from http import HTTPStatus

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Max
from reversion.models import Revision

from bench.generate_wiki import generate_wiki
from bench.generation import MODELS, WikiGenerator, seed_fixture_names
from people.models import Person
from shows.models import Casting, Character, Episode, Season, Show, Source
from wikitext import markup
from wikitext.fields import wikitext_fields
from wikitext.models import PageName, Rendering, WikiLink
from wikitext.names import name_key

pytestmark = pytest.mark.django_db

ENTITIES = 400
NAME_FIELDS = ("name", "title", "headline")


def generate(entities=ENTITIES, seed=1):
    out = io.StringIO()
    generate_wiki(entities=entities, seed=seed, stdout=out)
    return out.getvalue()


def last_ids():
    """The highest id of each type now: rows above it are new."""
    return {model: model.objects.aggregate(last=Max("pk"))["last"] or 0 for model in MODELS}


def new_rows(model, before):
    return model.objects.filter(pk__gt=before[model])


def dump_digest():
    """A digest of every wiki row and link by natural key: equal dumps, equal wikis."""
    out = io.StringIO()
    call_command(
        "dumpdata", "shows", "people", natural_foreign=True, natural_primary=True, stdout=out
    )
    rows = json.loads(out.getvalue())
    for row in rows:
        for value in row["fields"].values():
            if isinstance(value, list) and value and isinstance(value[0], list):
                value.sort()
    canonical = sorted(json.dumps(row, sort_keys=True) for row in rows)
    return hashlib.sha256("\n".join(canonical).encode()).hexdigest()


def generated_digest(seed, entities=ENTITIES):
    """Generate, take the digest, and leave the database as it was."""
    with transaction.atomic():
        generate(entities, seed)
        digest = dump_digest()
        transaction.set_rollback(True)
    return digest


@pytest.fixture
def generated(db):
    """
    A small generated wiki, and the ids rows had before it. Without the seed, to
    keep tests quick: the generator does not read it (tests that need it load it).
    """
    before = last_ids()
    output = generate()
    return before, output


def test_about_the_number_asked_for_spread_over_every_type(generated):
    before, output = generated
    counts = {model: new_rows(model, before).count() for model in MODELS}
    total = sum(counts.values())
    assert ENTITIES <= total < ENTITIES + 400, counts
    for model, count in counts.items():
        assert count > 0, f"no {model._meta.verbose_name_plural} generated"
    # Shaped like a wiki: more episodes than seasons than shows, a cast per show.
    assert counts[Show] < counts[Season] < counts[Episode]
    assert counts[Casting] > counts[Show] * 5
    # The summary names each type with its count.
    assert re.search(rf"^episodes +{counts[Episode]}$", output, re.MULTILINE)
    assert f"Generated {total} entries (seed 1)" in output


def test_the_same_seed_gives_the_same_wiki_and_another_seed_another(etoile):
    first = generated_digest(seed=1, entities=250)
    again = generated_digest(seed=1, entities=250)
    other = generated_digest(seed=2, entities=250)
    assert first == again
    assert first != other


def test_the_seed_rows_are_left_as_they_were(etoile):
    seed_ids = last_ids()

    def seed_rows():
        return [
            serializers.serialize(
                "json",
                model.objects.filter(pk__lte=seed_ids[model]),
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
            )
            for model in MODELS
        ]

    before = seed_rows()
    generate()
    assert seed_rows() == before
    # Nor does anything generated hang on a seed row.
    show = Show.objects.get(slug="etoile")
    assert (show.castings.count(), show.credits.count(), show.news_events.count()) == (15, 2, 6)
    assert show.characters.count() == 11
    assert Source.objects.get(key="etoile-cancelled-after-season-one").cited_persons.count() == 19


def test_every_generated_entry_cites_a_generated_source(generated):
    before, _ = generated
    for model in MODELS:
        if model is Source:
            continue
        rows = new_rows(model, before)
        cited = rows.filter(sources__key__startswith="gen1-").distinct().count()
        assert cited == rows.count() > 0, model
    # Citations written in the text name sources that exist, and every row is
    # valid as the admin would check it.
    for model in MODELS:
        for row in new_rows(model, before)[:15]:
            row.full_clean()


def test_generated_pages_render(client, generated):
    before, _ = generated
    for model in MODELS:
        for row in new_rows(model, before).order_by("pk")[:3]:
            url = row.get_absolute_url()
            response = client.get(url)
            assert response.status_code == HTTPStatus.OK, url
    for url in ["/", "/shows/", "/people/", "/organisations/", "/news/", "/sources/"]:
        assert client.get(url).status_code == HTTPStatus.OK, url


def test_generated_pages_link_to_each_other(client, generated):
    before, _ = generated
    show = new_rows(Show, before).first()
    html = client.get(show.get_absolute_url()).content.decode()
    assert 'class="wikilink"' in html
    creator = show.credits.filter(role="creator").first().person
    assert f'href="{creator.get_absolute_url()}"' in html


def test_generated_names_are_never_names_of_the_seed(db):
    seed_names = seed_fixture_names()
    assert name_key("Cheyenne Toussaint") in seed_names
    for seed in (1, 2, 3):
        batch = WikiGenerator(20_000 if seed == 1 else 2_000, seed).generate()
        for model in MODELS:
            for row in batch.rows[model]:
                for name in NAME_FIELDS:
                    value = getattr(row, name, "")
                    assert not value or name_key(value) not in seed_names, (model, value)
                # Nor does any generated text link to an entry of the seed.
                for name in wikitext_fields(model):
                    for target in markup.parse(getattr(row, name)).links:
                        assert target not in seed_names, (model, target)


def test_names_are_realistic_with_accents(db):
    batch = WikiGenerator(3_000, 1).generate()
    names = [person.name for person in batch.rows[Person]]
    assert len(set(names)) == len(names)
    accented = [name for name in names if name != name_key(name).title() and not name.isascii()]
    assert len(accented) > len(names) // 10
    assert all(2 <= len(name.split()) <= 4 for name in names)


def test_the_link_index_is_filled_as_reindex_wikitext_fills_it(generated):
    before, _ = generated

    def snapshot():
        return (
            sorted(
                PageName.objects.values_list(
                    "content_type", "object_id", "key", "name", "current", "url", "title"
                )
            ),
            sorted(
                WikiLink.objects.values_list(
                    "content_type", "object_id", "field", "target_key", "target_name"
                )
            ),
        )

    names, links = snapshot()
    person_type = ContentType.objects.get_for_model(Person)
    new_people = new_rows(Person, before).values_list("pk", flat=True)
    assert PageName.objects.filter(content_type=person_type, object_id__in=new_people).count() == (
        len(new_people)
    )
    assert WikiLink.objects.filter(content_type=person_type, object_id__in=new_people).exists()
    call_command("reindex_wikitext", stdout=io.StringIO())
    assert snapshot() == (names, links)


def test_pages_that_showed_a_generated_name_missing_are_rendered_again(client, etoile):
    # The name the generator will give its first show.
    show = WikiGenerator(ENTITIES, 1).generate().rows[Show][0]
    character = Character.objects.get(slug="cheyenne-toussaint")
    character.description += f" See [[{show.title}]]."
    character.save()
    html = client.get(character.get_absolute_url()).content.decode()
    assert "wikilink--missing" in html
    assert Rendering.objects.filter(object_id=character.pk, field="description").exists()
    generate()
    html = client.get(character.get_absolute_url()).content.decode()
    assert f'href="/shows/{show.slug}/"' in html


def test_one_revision_records_the_run_and_a_seed_runs_once(generated):
    _, output = generated
    total = int(output.rsplit("Generated ", 1)[1].split()[0])
    revision = Revision.objects.get(comment=f"Generated {total} entries (seed 1)")
    assert revision.edit.via == "command"
    assert revision.edit.detail == f"generate_wiki --entities {ENTITIES} --seed 1"
    with pytest.raises(CommandError, match="already holds the wiki generated with seed 1"):
        generate()
    # Another seed adds another wiki beside it, even where names meet.
    people = Person.objects.count()
    generate(entities=150, seed=2)
    assert Person.objects.count() > people
