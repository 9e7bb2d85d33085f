from django.urls import path

from .views import VenueDetailView

app_name = "kinds"

urlpatterns = [path("<wslug:slug>/", VenueDetailView.as_view(), name="venue_detail")]
