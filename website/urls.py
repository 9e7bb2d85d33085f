from django.urls import path

from .views import contribute, home

app_name = "website"

urlpatterns = [
    path("", home.home, name="home"),
    path("contribute/", contribute.contribute, name="contribute"),
]
