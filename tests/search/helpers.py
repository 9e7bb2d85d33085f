from search import api


def titles(query: str, **options) -> list[str]:
    return [hit.title for hit in api.search(query, **options).hits]


def first(query: str, **options) -> str | None:
    found = titles(query, **options)
    return found[0] if found else None
