"""
A large, made-up wiki for measuring the real one: `bench/generate_wiki.py`.

Everything comes from one `random.Random(seed)`, so a seed number always gives
the same rows (on the same starting database: after `loaddata etoile`, or on an
empty one). Nothing here is about anyone real: every name is drawn from
syllables (some given names are real given names, never with a real family
name), every show, company and publication is invented, and no generated text
mentions an entry of the seed. Names never equal a name of the seed fixture.

Rows are written with `bulk_create`, which fires no signals: the caller
rebuilds the derived tables (wiki names and links, the search index) after.
"""

from __future__ import annotations

import datetime
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef

from people.models import Person
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
)
from wiki.languages import stored_address
from wiki.slugs import wiki_slugify
from wikitext import markup
from wikitext.fields import wikitext_fields
from wikitext.models import PageName, Rendering, WikiLink
from wikitext.names import is_linkable, name_key, names_of

# The entity types, in the order the summary lists them.
MODELS = [
    Show,
    Season,
    Episode,
    Character,
    Person,
    Casting,
    Credit,
    Organisation,
    Position,
    Membership,
    NewsEvent,
    Source,
]

# Words ---------------------------------------------------------------------------


def words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


# Real given names (a given name alone is nobody), many with accents so that
# accent-insensitive search has work to do; family names are always made up.
GIVEN_NAMES = words(
    "Élodie Zoë Chloé Gaël Inès Noémie Hélène Léa Anaïs Loïc Jérôme Céline Benoît Maëlle "
    "Agnès Françoise José Renée Søren Björn Zoé Mónica Ángel Joëlle Théo Clémence Aurélien "
    "Léonie Mathéo Anaëlle Raphaëlle Océane Cécile Frédéric Amélie Thaïs Noël Gisèle Éloïse "
    "Marcus Nadia Oliver Priya Tomas Iris Jonah Mira Felix Hana Rosa Dmitri Leila Ruben Ada "
    "Nico Selma Omar Greta Elias Wren Tobin Maren Cyrus Juno Ilse Kofi Lena Arlo Vera Idris "
    "Sasha Milo Freya Dario Yara Emil Noor Otto Esme Lior Beatrix Casimir Delphine Ottilie"
)

_SURNAME_START = words(
    "Al Bar Cor Dal Ev Fon Gar Hal Ives Jor Kel Lam Mor Nev Or Pel Quen Ros Sal Tor Val Wes "
    "Yar Zan Bé Cé Dé Lé Mé Ré Vé Brun Char Dom Fer Gil Hav Lor Mar Pav Sor Thé Ulv Vau"
)
# After a start ending in a vowel, a consonant; after a consonant, a syllable or nothing.
_SURNAME_AFTER_VOWEL = ["r", "l", "v", "n", "s", "rn", "lv", "ss"]
_SURNAME_AFTER_CONSONANT = ["", "", "", "an", "er", "il", "or", "ar", "en", "es"]
_SURNAME_END = words(
    "ac ard ault eau elle ier in on ot ville mont court ski berg sen ley ford wick ton ez ini "
    "aux ès ane ique oux ray vic dal stead holm ric"
)
_PARTICLES = ["de", "du", "van", "di", "Mac"]

_PLACE_START = "Vér Cal Mor Sél Ast Bel Cor Dun Éla Fal Gal Hel Isl Lun Mar Nor Orv Pél Rav Sol"
_PLACE_END = "antel ise ane une brook haven mere dale ford gard mont ière ac ora wick"

_TITLE_FORMS = words(
    "{place} Nights|The {place} Affair|{place}|House of {surname}|The {surname} Files|"
    "{place} Station|After {place}|The {noun_cap} of {place}|{place} Blue|The Last {noun_cap}|"
    "{given} & {given2}|Les Ombres de {place}|{place} Academy|The {surname} Company",
    "|",
)

GENRES = [
    "Drama",
    "Comedy",
    "Thriller",
    "Comedy-drama",
    "Mystery",
    "Science fiction",
    "Period drama",
]

NOUNS = words(
    "rehearsal premiere rivalry contract company stage audience director choreographer season "
    "finale secret inheritance harbour festival scandal letter studio orchestra mentor apprentice "
    "gala tour understudy costume verdict archive lighthouse vineyard bakery newsroom hospital "
    "courtroom election wedding funeral debut audition promise betrayal fortune island winter "
    "summer manuscript portrait ledger garden theatre academy family school crew camera signal"
)
ADJECTIVES = words(
    "ambitious reluctant brilliant restless quiet fierce loyal secretive charming stubborn "
    "gifted weary hopeful reckless patient jealous generous proud anxious tender bitter bold "
    "unlikely sudden fragile famous forgotten rival young elderly former new"
)
VERBS = words(
    "hides|confronts|discovers|abandons|rebuilds|questions|defends|betrays|rescues|follows|"
    "challenges|inherits|uncovers|rehearses|leaves|returns to|fights for|negotiates with|"
    "loses|wins back",
    "|",
)
PREPOSITIONS = ["before", "after", "during", "despite", "because of", "long after"]
LINK_SENTENCES = [
    "They cross paths with {link} {prep} the {noun}.",
    "{link} {verb} the {noun} {prep} the {adj} {noun}.",
    "Close to {link} {prep} the {noun}.",
    "A {adj} {noun} ties the story to {link}.",
    "See also {link}.",
]
ROLES = words(
    "dancer principal soloist teacher producer critic accountant surgeon detective lawyer chef "
    "journalist conductor manager translator painter coach"
)
# The story's own organisations, with their kind.
ORG_FORMS = [
    ("{place} Ballet Company", "ballet"),
    ("{place} Conservatory", "other"),
    ("{surname} & {surname2}", "company"),
    ("The {place} Gazette", "publication"),
    ("{place} General Hospital", "other"),
    ("{surname} Holdings", "company"),
    ("{place} Opera House", "ballet"),
    ("{place} Rowing Club", "other"),
]

NETWORK_FORMS = "{place}+|{place} Channel|{place}flix|{place} One|Studio {place} TV"
STUDIO_FORMS = "{surname} Pictures|{place} Studios|{surname} & {surname2} Productions"
PUBLICATION_FORMS = "The {place} Reporter|{place} Screen Weekly|{surname}'s TV Guide|{place} Post"

EPISODE_TITLE_FORMS = words(
    "The {noun}|{noun_cap} at {place}|{given}'s {noun_cap}|A {adj} {noun}|"
    "Pilot|The {adj_cap} {noun_cap}|Before the {noun_cap}|{place}",
    "|",
)

SOURCE_KINDS = ["review", "interview", "first look", "season guide", "explainer"]
HEADLINE_VERBS = ["reported", "announced", "revealed", "praised"]

POSITION_TITLES = [
    "Head of scripted programming",
    "Head of drama",
    "Chief content officer",
    "Head of international originals",
    "President of television",
]

CREW_ROLES = [
    (Credit.Role.CREATOR, 1, 2),
    (Credit.Role.SHOWRUNNER, 0, 1),
    (Credit.Role.EXECUTIVE_PRODUCER, 1, 3),
    (Credit.Role.WRITER, 1, 3),
    (Credit.Role.DIRECTOR, 1, 3),
]

FIRST_YEAR, LAST_YEAR = 1998, 2026
BATCH = 2000


def seed_fixture_names() -> set[str]:
    """Name keys of every named row of the seed fixture: generated names avoid them."""
    path = Path(apps.get_app_config("shows").path) / "fixtures" / "etoile.json"
    keys = set()
    for row in json.loads(path.read_text(encoding="utf-8")):
        for attr in ("name", "title", "headline", "key", "slug"):
            if value := row["fields"].get(attr):
                keys.add(name_key(value))
    return keys


# Dates ---------------------------------------------------------------------------


def partial_date(day: datetime.date, precision: int) -> str:
    """`day` at a precision: "2023", "early 2025", "2025-03", "mid 2025-06", "2025-04-24"."""
    if precision == 0:
        return f"{day.year}"
    if precision == 1:
        part = "early" if day.month <= 4 else "mid" if day.month <= 8 else "late"
        return f"{part} {day.year}"
    if precision == 2:
        return f"{day.year}-{day.month:02d}"
    if precision == 3:
        part = "early" if day.day <= 10 else "mid" if day.day <= 20 else "late"
        return f"{part} {day.year}-{day.month:02d}"
    return day.isoformat()


# The generator -------------------------------------------------------------------


@dataclass
class Batch:
    """Everything generated, model by model, with the many-to-many rows to add after."""

    rows: dict = field(default_factory=lambda: {model: [] for model in MODELS})
    # (through model, left field, right field) -> [(left object, right object)]
    links: dict = field(default_factory=dict)

    def add(self, obj):
        self.rows[type(obj)].append(obj)
        return obj

    def link(self, relation, left, right):
        through = relation.through
        source, target = relation.field.m2m_field_name(), relation.field.m2m_reverse_field_name()
        self.links.setdefault((through, source, target), []).append((left, right))

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def counts(self) -> dict[str, int]:
        return {model._meta.verbose_name_plural: len(self.rows[model]) for model in MODELS}


class WikiGenerator:
    def __init__(self, entities: int, seed: int):
        self.target = entities
        self.seed = seed
        self.rng = random.Random(seed)
        self.batch = Batch()
        self.avoid = seed_fixture_names()
        self.names_used: Counter = Counter()
        self.taken = {
            Show: set(Show.objects.values_list("slug", flat=True)),
            Person: set(Person.objects.values_list("slug", flat=True)),
            Organisation: set(Organisation.objects.values_list("slug", flat=True)),
            NewsEvent: set(NewsEvent.objects.values_list("slug", flat=True)),
            Source: set(Source.objects.values_list("key", flat=True)),
        }
        self.source_count = 0
        self.actor_pool: list[Person] = []
        self.crew_pool: list[Person] = []

    @classmethod
    def key_prefix(cls, seed: int) -> str:
        return f"gen{seed}-"

    # Words and names -------------------------------------------------------------

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def surname(self) -> str:
        rng = self.rng
        start = self.pick(_SURNAME_START)
        joins = _SURNAME_AFTER_VOWEL if start[-1] in "éè" else _SURNAME_AFTER_CONSONANT
        name = start + self.pick(joins) + self.pick(_SURNAME_END)
        if rng.random() < 0.08:
            return f"{self.pick(_PARTICLES)} {name}" if rng.random() < 0.7 else f"Mac{name}"
        if rng.random() < 0.06:
            return f"{name}-{self.pick(_SURNAME_START)}{self.pick(_SURNAME_END)}"
        return name

    def place(self) -> str:
        return self.pick(_PLACE_START.split()) + self.pick(_PLACE_END.split())

    def fill(self, form: str) -> str:
        noun, adj = self.pick(NOUNS), self.pick(ADJECTIVES)
        return form.format(
            place=self.place(),
            surname=self.surname(),
            surname2=self.surname(),
            given=self.pick(GIVEN_NAMES),
            given2=self.pick(GIVEN_NAMES),
            noun=noun,
            noun_cap=noun.capitalize(),
            adj=adj,
            adj_cap=adj.capitalize(),
        )

    def unique_name(self, make) -> str:
        """A name no one of this run, and nothing in the seed, has (tries a few, then numbers)."""
        for _ in range(8):
            name = make()
            key = name_key(name)
            if key not in self.avoid and not self.names_used[key]:
                break
        else:
            while name_key(name) in self.avoid or self.names_used[name_key(name)]:
                name = f"{name} {self.names_used[name_key(name)] + 2}"
        self.names_used[name_key(name)] += 1
        return name

    def person_name(self) -> str:
        return self.unique_name(lambda: f"{self.pick(GIVEN_NAMES)} {self.surname()}")

    def slug(self, model, text: str) -> str:
        base = wiki_slugify(text)[:190] or "entry"
        slug, n = base, 1
        while slug in self.taken[model]:
            n += 1
            slug = f"{base}-{n}"
        self.taken[model].add(slug)
        return slug

    # Text ------------------------------------------------------------------------

    def sentence(self) -> str:
        rng = self.rng
        subject = f"the {self.pick(ADJECTIVES)} {self.pick(NOUNS)}"
        text = f"{subject} {self.pick(VERBS)} the {self.pick(NOUNS)}"
        if rng.random() < 0.6:
            text += f" {self.pick(PREPOSITIONS)} the {self.pick(NOUNS)}"
        if rng.random() < 0.2:
            text += f" in {self.place()}"
        return text[0].upper() + text[1:] + "."

    def prose(self, lead: str, links=(), cite: Source | None = None, extra=(1, 3)) -> str:
        """A lead sentence, a few generated ones, some naming `[[links]]`, maybe a citation."""
        sentences = [lead]
        for name in links:
            if self.rng.random() < 0.7:
                form = self.pick(LINK_SENTENCES)
                sentences.append(
                    form.format(
                        link=f"[[{name}]]",
                        verb=self.pick(VERBS),
                        prep=self.pick(PREPOSITIONS),
                        noun=self.pick(NOUNS),
                        adj=self.pick(ADJECTIVES),
                    )
                )
        sentences += [self.sentence() for _ in range(self.rng.randint(*extra))]
        text = " ".join(sentences)
        if cite is not None and self.rng.random() < 0.5:
            text += f" [@{cite.key}]"
        return text

    # Sources ---------------------------------------------------------------------

    def source(self, publisher: Organisation | None, about: str, day: datetime.date) -> Source:
        self.source_count += 1
        precision = self.rng.choice([0, 2, 4, 4, 4])
        title = f"{about}"[:300]
        key = self.slug(Source, f"{self.key_prefix(self.seed)}{self.source_count:06d}")
        pub_slug = publisher.slug if publisher else "archive"
        return self.batch.add(
            Source(
                key=key,
                title=title,
                publisher=publisher,
                url=f"https://{pub_slug}.example.org/{day.year}/{wiki_slugify(about)[:80]}",
                published=partial_date(day, precision),
                note="Generated for benchmarks: not a real publication.",
            )
        )

    def cite(self, obj, *sources):
        for source in sources:
            self.batch.link(type(obj).sources, obj, source)
        return obj

    # Shared organisations ---------------------------------------------------------

    def organisation(self, name_form, kind, **fields) -> Organisation:
        name = self.unique_name(lambda: self.fill(name_form))
        return Organisation(name=name, slug=self.slug(Organisation, name), kind=kind, **fields)

    def shared_organisations(self):
        n = self.target
        self.publications = [
            self.batch.add(
                self.organisation(self.pick(PUBLICATION_FORMS.split("|")), "publication")
            )
            for _ in range(max(2, n // 8000))
        ]
        # The directory that every shared organisation cites.
        self.directory = self.source(
            self.publications[0], "Directory of television companies", datetime.date(2020, 1, 15)
        )
        self.networks = [
            self.batch.add(self.organisation(self.pick(NETWORK_FORMS.split("|")), "streaming"))
            for _ in range(max(2, n // 10000))
        ]
        self.studios = [
            self.batch.add(self.organisation(self.pick(STUDIO_FORMS.split("|")), "studio"))
            for _ in range(max(1, n // 12000))
        ]
        for org in [*self.publications, *self.networks, *self.studios]:
            org.location = self.place()
            org.description = self.prose(
                f"{org.name} is a {org.get_kind_display().lower()} based in {org.location}.",
                cite=self.directory,
                extra=(1, 2),
            )
            self.cite(org, self.directory)
        for studio in self.studios:
            if self.rng.random() < 0.5:
                studio.parent = self.pick(self.networks)

    # People ----------------------------------------------------------------------

    def new_person(self, lead: str, links, source: Source) -> Person:
        name = self.person_name()
        person = Person(name=name, slug=self.slug(Person, name))
        person.biography = self.prose(lead.format(name=name), links=links, cite=source)
        return self.cite(self.batch.add(person), source)

    def actor(self, show: Show, character_name: str | None, source: Source) -> Person:
        if self.actor_pool and self.rng.random() < 0.15:
            return self.pick(self.actor_pool)
        role = f"playing [[{character_name}]]" if character_name else "a part"
        lead = f"{{name}} is an actor known for {role} in [[{show.title}]]."
        person = self.new_person(lead, [], source)
        self.actor_pool.append(person)
        return person

    def crew(self, show: Show, role: str, source: Source) -> Person:
        if self.crew_pool and self.rng.random() < 0.2:
            return self.pick(self.crew_pool)
        lead = f"{{name}} is a {role.replace('_', ' ')} who worked on [[{show.title}]]."
        person = self.new_person(lead, [], source)
        self.crew_pool.append(person)
        return person

    # One show and everything about it ----------------------------------------------

    def show(self):
        rng, batch = self.rng, self.batch
        network = self.pick(self.networks)
        order_day = datetime.date(
            rng.randint(FIRST_YEAR, LAST_YEAR - 3), rng.randint(1, 12), rng.randint(1, 28)
        )
        premiere = order_day + datetime.timedelta(days=rng.randint(200, 700))
        title = self.unique_name(lambda: self.fill(self.pick(_TITLE_FORMS)))
        sources = [
            self.source(
                self.pick(self.publications),
                f"{title}: {self.pick(SOURCE_KINDS)}",
                premiere + datetime.timedelta(days=rng.randint(-60, 900)),
            )
            for _ in range(rng.randint(2, 6))
        ]
        main = sources[0]
        n_seasons = rng.choices(range(1, 9), weights=[30, 22, 16, 11, 8, 6, 4, 3])[0]
        status = rng.choice(list(Show.Status))
        show = batch.add(
            Show(
                title=title,
                slug=self.slug(Show, title),
                genre=self.pick(GENRES),
                network=network,
                premiere_date=partial_date(premiere, rng.choice([0, 2, 4, 4])),
                status=status,
                release_model=rng.choice(list(Show.ReleaseModel)),
                seasons_ordered=n_seasons + rng.choice([0, 0, 0, 1]),
                order_type=rng.choice(list(Show.OrderType)),
                order_date=partial_date(order_day, rng.choice([0, 1, 2, 4])),
            )
        )
        self.cite(show, *sources[: rng.randint(1, len(sources))])

        # Seasons and episodes.
        seasons = []
        for number in range(1, n_seasons + 1):
            release = premiere + datetime.timedelta(days=365 * (number - 1) + rng.randint(0, 60))
            season = batch.add(
                Season(
                    show=show,
                    number=number,
                    status=Season.Status.RELEASED,
                    release_date=partial_date(release, rng.choice([1, 2, 4, 4])),
                    summary=self.prose(
                        f"Season {number} of [[{title}]] follows the {self.pick(NOUNS)} of a "
                        f"{self.pick(ADJECTIVES)} {self.pick(NOUNS)}.",
                        cite=main,
                    ),
                )
            )
            self.cite(season, main)
            seasons.append((season, release))
            for episode_number in range(1, rng.randint(6, 13) + 1):
                day = release + datetime.timedelta(days=7 * (episode_number - 1))
                episode = batch.add(
                    Episode(
                        season=season,
                        number=episode_number,
                        title=self.fill(self.pick(EPISODE_TITLE_FORMS))
                        if rng.random() < 0.7
                        else "",
                        release_date=day.isoformat() if rng.random() < 0.8 else "",
                        summary=self.prose(self.sentence(), extra=(0, 2))
                        if rng.random() < 0.5
                        else "",
                    )
                )
                self.cite(episode, main)
        if status in (Show.Status.CANCELLED, Show.Status.IN_PRODUCTION):
            seasons[-1][0].status = (
                Season.Status.CANCELLED if status == "cancelled" else "production"
            )

        # The story's organisations.
        fictional = []
        for _ in range(rng.randint(1, 4)):
            form, kind = self.pick(ORG_FORMS)
            org = batch.add(self.organisation(form, kind, is_fictional=True, show=show))
            org.location = self.place()
            if fictional and rng.random() < 0.3:
                org.parent = fictional[0]
            fictional.append(org)

        # Characters, and who plays them.
        characters, character_slugs = [], set()
        for _ in range(rng.randint(10, 38)):
            name = self.person_name()
            slug = wiki_slugify(name)[:190]
            while slug in character_slugs:
                slug += "-x"
            character_slugs.add(slug)
            characters.append(Character(show=show, name=name, slug=slug))
        for i, character in enumerate(characters):
            others = [
                characters[(i + k) % len(characters)].name for k in (1, 2) if len(characters) > 2
            ]
            org = self.pick(fictional)
            character.description = self.prose(
                f"{character.name} is a {self.pick(ADJECTIVES)} {self.pick(ROLES)} "
                f"at the [[{org.name}]].",
                links=others,
                cite=main,
            )
            self.cite(batch.add(character), main)
            if rng.random() < 0.4:
                member = batch.add(
                    Membership(
                        character=character, organisation=org, role=self.pick(ROLES).capitalize()
                    )
                )
                self.cite(member, main)
        for org in fictional:
            org.description = self.prose(
                f"{org.name} is a fictional {org.get_kind_display().lower()} in [[{title}]].",
                links=[self.pick(characters).name],
                cite=main,
            )
            self.cite(org, main)

        cast_people = []
        for order, character in enumerate(characters, start=1):
            if rng.random() < 0.85:
                person = self.actor(show, character.name, main)
                if person in cast_people:
                    continue
                cast_people.append(person)
                billing = "main" if order <= 6 else rng.choice(["recurring", "recurring", "guest"])
                casting = self.cite(
                    batch.add(
                        Casting(
                            show=show,
                            person=person,
                            character=character,
                            billing=billing,
                            order=order,
                        )
                    ),
                    main,
                )
                first = rng.randint(1, len(seasons))
                for season, _ in seasons[first - 1 : first - 1 + rng.randint(1, len(seasons))]:
                    batch.link(Casting.seasons, casting, season)
        for _ in range(rng.randint(0, 3)):
            person = self.actor(show, None, main)
            if person not in cast_people:
                cast_people.append(person)
                casting = Casting(
                    show=show, person=person, character=None, billing="recurring", order=99
                )
                self.cite(batch.add(casting), main)

        # Behind the camera.
        crew = []
        for role, low, high in CREW_ROLES:
            for order in range(1, rng.randint(low, high) + 1):
                person = self.crew(show, role, main)
                if (person, role) in crew:
                    continue
                crew.append((person, role))
                self.cite(batch.add(Credit(show=show, person=person, role=role, order=order)), main)
        creators = [p.name for p, role in crew if role == Credit.Role.CREATOR]
        show.description = self.prose(
            f"*{title}* is a {show.genre.lower()} series created by "
            + " and ".join(f"[[{name}]]" for name in creators)
            + f" for [[{network.name}]].",
            links=[c.name for c in characters[:3]],
            cite=main,
            extra=(2, 4),
        )
        show.synopsis = self.prose(self.sentence(), extra=(0, 1))

        # An executive who ordered it, now and then.
        executive = None
        if rng.random() < 0.5:
            org = network if rng.random() < 0.7 else self.pick(self.studios)
            executive = self.new_person(
                f"{{name}} is a television executive at [[{org.name}]].", [title], main
            )
            start = order_day - datetime.timedelta(days=rng.randint(100, 2000))
            end = (
                start + datetime.timedelta(days=rng.randint(400, 4000))
                if rng.random() < 0.5
                else None
            )
            position = Position(
                person=executive,
                organisation=org,
                title=self.pick(POSITION_TITLES),
                start=partial_date(start, rng.choice([0, 1, 2])),
                end=partial_date(end, rng.choice([0, 2, 4])) if end else "",
            )
            self.cite(batch.add(position), main)

        # News, each with its own report.
        events = [("order", order_day, f"{network.name} orders {title}")]
        events.append(("premiere", premiere, f"{title} premieres on {network.name}"))
        for season, day in seasons[1:]:
            events.append(
                (
                    "renewal",
                    day - datetime.timedelta(days=200),
                    f"{title} renewed for season {season.number}",
                )
            )
        if status == Show.Status.CANCELLED:
            events.append(
                (
                    "cancellation",
                    seasons[-1][1] + datetime.timedelta(days=50),
                    f"{network.name} cancels {title}",
                )
            )
        for _ in range(rng.randint(0, 4)):
            kind = rng.choice(["report", "awards", "executive_change", "other"])
            headline = (
                f"{title}: {self.pick(ADJECTIVES)} {self.pick(NOUNS)} {self.pick(HEADLINE_VERBS)}"
            )
            events.append(
                (kind, premiere + datetime.timedelta(days=rng.randint(0, 1500)), headline)
            )
        for kind, day, headline in events:
            headline = self.unique_name(lambda h=headline: h)
            prefix = self.pick(["Exclusive:", "Report:", "Breaking:", "Confirmed:"])
            report = self.source(self.pick(self.publications), f"{prefix} {headline}", day)
            event = NewsEvent(
                headline=headline,
                slug=self.slug(NewsEvent, headline),
                date=partial_date(day, rng.choice([0, 1, 2, 3, 4, 4, 4]))
                if rng.random() < 0.95
                else "",
                kind=kind,
                summary=self.prose(
                    f"[[{network.name}]] and [[{title}]]: {self.sentence().lower()}",
                    links=creators[:1],
                    cite=report,
                    extra=(1, 2),
                ),
            )
            self.cite(batch.add(event), report)
            batch.link(NewsEvent.shows, event, show)
            batch.link(NewsEvent.organisations, event, network)
            for person in [p for p, _ in crew[:1]] + (
                [executive] if executive and kind == "order" else []
            ):
                batch.link(NewsEvent.people, event, person)

    # Running -----------------------------------------------------------------------

    def generate(self) -> Batch:
        self.shared_organisations()
        while self.batch.total < self.target:
            self.show()
        return self.batch


def write(batch: Batch) -> None:
    """Insert the rows in dependency order, then the many-to-many rows."""

    def insert(objs):
        # bulk_create fills each foreign key's id from its object, saved just before.
        if objs:
            type(objs[0]).objects.bulk_create(objs, batch_size=BATCH)

    orgs = batch.rows[Organisation]
    shared = [o for o in orgs if not o.is_fictional]
    fictional = [o for o in orgs if o.is_fictional]
    # Parents before divisions.
    insert([o for o in shared if o.parent is None])
    insert([o for o in shared if o.parent is not None])
    insert(batch.rows[Source])
    insert(batch.rows[Show])
    insert([o for o in fictional if o.parent is None])
    insert([o for o in fictional if o.parent is not None])
    for model in (
        Season,
        Episode,
        Person,
        Character,
        Casting,
        Credit,
        Membership,
        Position,
        NewsEvent,
    ):
        insert(batch.rows[model])
    for (through, left, right), pairs in batch.links.items():
        through.objects.bulk_create(
            [through(**{f"{left}_id": a.pk, f"{right}_id": b.pk}) for a, b in pairs],
            batch_size=BATCH,
        )


def index(batch: Batch) -> None:
    """
    Fill the wiki's link index for the new rows, as saving each would have done
    (`wikitext.indexing`): its names, its texts' links, and no stored HTML of any
    text that links to one of the new names (it showed them missing).

    `manage.py reindex_wikitext` gives the same tables (tests/generate checks it),
    but it re-reads every entry one by one, a few milliseconds each: minutes for
    100,000. New rows have no old names, links or renderings to reconcile.
    """
    names, links = [], []
    for model in MODELS:
        content_type = ContentType.objects.get_for_model(model)
        linkable, fields = is_linkable(model), wikitext_fields(model)
        for obj in batch.rows[model]:
            entry = {"content_type": content_type, "object_id": obj.pk}
            if linkable:
                url, title = stored_address(obj), str(obj)[:300]
                names += [
                    PageName(key=name_key(name), name=name, url=url, title=title, **entry)
                    for name in names_of(obj)
                ]
            for name in fields:
                parsed = markup.parse(getattr(obj, name))
                links += [
                    WikiLink(field=name, target_key=key, target_name=target[:300], **entry)
                    for key, target in parsed.links.items()
                ]
    PageName.objects.bulk_create(names, batch_size=BATCH)
    WikiLink.objects.bulk_create(links, batch_size=BATCH)

    new_keys = {name.key for name in names}
    rendered = Rendering.objects.filter(
        content_type=OuterRef("content_type"), object_id=OuterRef("object_id")
    )
    stale = {
        (content_type_id, object_id)
        for content_type_id, object_id, key in WikiLink.objects.filter(
            Exists(rendered)
        ).values_list("content_type_id", "object_id", "target_key")
        if key in new_keys
    }
    doomed = [
        pk
        for pk, content_type_id, object_id in Rendering.objects.values_list(
            "pk", "content_type_id", "object_id"
        )
        if (content_type_id, object_id) in stale
    ]
    for start in range(0, len(doomed), BATCH):
        Rendering.objects.filter(pk__in=doomed[start : start + BATCH]).delete()


def generated_sources(seed: int) -> models.QuerySet:
    return Source.objects.filter(key__startswith=WikiGenerator.key_prefix(seed))
