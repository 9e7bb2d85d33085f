from django.urls import path

from .feeds import NewsFeed, RssNewsFeed
from .views import cast, news, organisations, series, sources

app_name = "shows"

urlpatterns = [
    path("shows/", series.ShowListView.as_view(), name="show_list"),
    path("shows/<wslug:slug>/", series.ShowDetailView.as_view(), name="show_detail"),
    path(
        "shows/<wslug:show_slug>/season-<int:number>/",
        series.SeasonDetailView.as_view(),
        name="season_detail",
    ),
    path(
        "shows/<wslug:show_slug>/season-<int:number>/episode-<int:episode>/",
        series.EpisodeDetailView.as_view(),
        name="episode_detail",
    ),
    path(
        "shows/<wslug:show_slug>/characters/",
        cast.CharacterListView.as_view(),
        name="character_list",
    ),
    path(
        "shows/<wslug:show_slug>/characters/<wslug:slug>/",
        cast.CharacterDetailView.as_view(),
        name="character_detail",
    ),
    path("organisations/", organisations.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "organisations/<wslug:slug>/",
        organisations.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path("shows/<wslug:show_slug>/news/feed/atom/", NewsFeed(), name="show_news_feed_atom"),
    path("shows/<wslug:show_slug>/news/feed/rss/", RssNewsFeed(), name="show_news_feed_rss"),
    path("news/", news.NewsListView.as_view(), name="news_list"),
    path("news/feed/atom/", NewsFeed(), name="news_feed_atom"),
    path("news/feed/rss/", RssNewsFeed(), name="news_feed_rss"),
    path("news/<wslug:slug>/", news.NewsDetailView.as_view(), name="news_detail"),
    path("sources/", sources.SourceListView.as_view(), name="source_list"),
    path("sources/<wslug:key>/", sources.SourceDetailView.as_view(), name="source_detail"),
]
