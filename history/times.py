"""
When entries last changed, as the history recorded it: the time of the latest
revision holding a version of them.

For lists of many entries (the sitemaps), these are SQL expressions to annotate
a query with, or one grouped query, so that the time of every row costs no
query of its own. An entry the history never recorded (rows bulk-written by
`bench/generate_wiki.py`, or outside Django) has no time: None, never the time
of the request.

Versions name their entry by its id as text (`Version.object_id`), so the
entry's id is cast to text to meet it; the match is on the columns of
django-reversion's unique index (database, content type, object id), which
PostgreSQL and SQLite use to find an entry's versions without a scan.
"""

from django.db import router
from django.db.models import CharField, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from reversion.models import Version


def versions_of_kind(model) -> QuerySet:
    """Every version of every entry of `model`'s kind (a proxy's concrete kind)."""
    opts = model._meta.concrete_model._meta
    return Version.objects.filter(
        db=router.db_for_write(model),
        content_type__app_label=opts.app_label,
        content_type__model=opts.model_name,
    )


def _latest(versions: QuerySet) -> Subquery:
    return Subquery(
        versions.order_by("-revision__date_created").values("revision__date_created")[:1]
    )


def last_changed(model) -> Subquery:
    """For a query of `model`'s entries: each row's latest recorded change, or None."""
    return _latest(versions_of_kind(model).filter(object_id=_as_text(OuterRef("pk"))))


def last_changed_among(model, entries: QuerySet) -> Subquery:
    """
    The latest recorded change of any of `entries`, a query of `model`'s kind
    that may refer to the row being annotated (`OuterRef(OuterRef(...))`).
    """
    ids = entries.order_by().annotate(version_key=_as_text(F("pk"))).values("version_key")
    return _latest(versions_of_kind(model).filter(object_id__in=ids))


def last_changed_by_kind(models) -> dict:
    """The latest recorded change of any entry of each kind, in one query: {model: time}."""
    wanted = {}
    for model in models:
        opts = model._meta.concrete_model._meta
        wanted[(opts.app_label, opts.model_name)] = model
    if not wanted:
        return {}
    kinds = Q()
    for (app_label, model_name), model in wanted.items():
        kinds |= Q(
            db=router.db_for_write(model),
            content_type__app_label=app_label,
            content_type__model=model_name,
        )
    rows = (
        Version.objects.filter(kinds)
        .values("content_type__app_label", "content_type__model")
        .annotate(latest=Max("revision__date_created"))
        .order_by()
    )
    return {
        wanted[(row["content_type__app_label"], row["content_type__model"])]: row["latest"]
        for row in rows
    }


def _as_text(expression):
    return Cast(expression, output_field=CharField())
