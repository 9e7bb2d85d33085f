from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_safe

from people.models import Person
from shows import statuses
from shows.as_of import count_episodes_out, not_after
from shows.models import NewsEvent, Organisation, Show, Source
from shows.views.series import SHOW_ROW_FIELDS
from wiki.reading import reading_of

# The home page shows this many shows as cards; the show list has them all.
HOME_SHOWS = 12


@require_safe
def home(request):
    news, undated = NewsEvent.objects.newest_first(), None
    day = reading_of(request).as_of
    if day is not None:
        undated = news.filter(date="").count()
        news = news.filter(**not_after(day))
    shows = list(
        Show.objects.with_counts()
        .select_related("network")
        .only(*SHOW_ROW_FIELDS)
        .prefetch_related(Prefetch("status_changes", statuses.own_changes()))
        .order_by("title", "pk")[:HOME_SHOWS]
    )
    count_episodes_out(shows, day)
    statuses.attach_to_shows(shows, day)
    return render(
        request,
        "website/home.html",
        {
            "shows": shows,
            "latest_news": news.prefetch_related("shows")[:5],
            "undated_news": undated,
            "counts": {
                "shows": Show.objects.count(),
                "people": Person.objects.count(),
                "organisations": Organisation.objects.count(),
                "news": NewsEvent.objects.count(),
                "sources": Source.objects.count(),
            },
        },
    )
