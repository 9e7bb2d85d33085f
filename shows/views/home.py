from django.shortcuts import render
from django.views.decorators.http import require_GET

from people.models import Person
from shows.models import NewsEvent, Organisation, Show, Source


@require_GET
def home(request):
    return render(
        request,
        "shows/home.html",
        {
            "shows": Show.objects.with_counts().select_related("network"),
            "latest_news": NewsEvent.objects.newest_first().prefetch_related("shows")[:5],
            "counts": {
                "people": Person.objects.count(),
                "organisations": Organisation.objects.count(),
                "news": NewsEvent.objects.count(),
                "sources": Source.objects.count(),
            },
        },
    )
