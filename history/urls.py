from django.urls import path

from . import feeds, views

app_name = "history"

# Included at the site root: the history pages live under /history/, and the
# wiki-wide list at /recent-changes/, as on MediaWiki sites.
urlpatterns = [
    path("recent-changes/", views.recent_changes, name="recent_changes"),
    path("recent-changes/feed/", feeds.RecentChangesFeed(), name="feed"),
    # Before the entry routes, which would read "version" as an entry type.
    path("history/version/<int:version_id>/", views.version, name="version"),
    path("history/revision/<int:revision_id>/", views.revision, name="revision"),
    path("history/<str:label>/<int:object_id>/", views.entry_history, name="entry"),
    path("history/<str:label>/<int:object_id>/diff/", views.diff, name="diff"),
]
