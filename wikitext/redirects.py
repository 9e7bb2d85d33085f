from django.db.models.functions import Length

from wiki.text import first_uncarriable

from .models import FormerPath, PageName


def prefixes(path: str) -> list[str]:
    """ "/a/b/c/" -> ["/a/b/c/", "/a/b/", "/a/"]: the addresses a path lies under."""
    parts = path.strip("/").split("/")
    return [f"/{'/'.join(parts[:n])}/" for n in range(len(parts), 0, -1) if parts[0]]


def current_path(path: str) -> str | None:
    """Where what used to live at `path` lives now, or None."""
    # No stored address holds a control character, and PostgreSQL refuses a NUL
    # in a lookup: such a path has moved from nowhere.
    if not path.startswith("/") or len(path) > 500 or first_uncarriable(path):
        return None
    former = (
        FormerPath.objects.filter(path__in=prefixes(path)).order_by(Length("path").desc()).first()
    )
    if former is None:
        return None
    page = PageName.objects.filter(
        content_type_id=former.content_type_id, object_id=former.object_id
    ).first()
    if page is None:
        return None
    moved = page.url + path[len(former.path) :]
    return moved if moved != path else None
