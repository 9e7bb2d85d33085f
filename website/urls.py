from django.urls import path

from .views import contribute, home, random_page

app_name = "website"

urlpatterns = [
    path("", home.home, name="home"),
    path("contribute/", contribute.contribute, name="contribute"),
    path("random/", random_page.random_page, name="random"),
]
