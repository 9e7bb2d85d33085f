"""Which fields of which entries are written in wiki markup."""

from .names import label

WIKITEXT_FIELDS = {
    "shows.show": ("description", "synopsis"),
    "shows.season": ("summary",),
    "shows.episode": ("summary",),
    "shows.character": ("description",),
    "people.person": ("biography",),
    "shows.newsevent": ("summary",),
    "shows.organisation": ("description",),
}


def wikitext_fields(model) -> tuple[str, ...]:
    return WIKITEXT_FIELDS.get(label(model), ())
