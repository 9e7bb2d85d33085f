from django.urls import path

from .views import people as views

# Their own namespace, "people", though the views live here: people's pages list
# their parts in shows (shows/views/people.py).
app_name = "people"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="list"),
    path("<wslug:slug>/", views.PersonDetailView.as_view(), name="detail"),
]
