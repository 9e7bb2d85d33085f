from django.urls import path

from . import views

app_name = "wikitext"

urlpatterns = [
    path("create/", views.create, name="create"),
    path("help/", views.syntax_help, name="help"),
    path("links-here/<str:label>/<int:object_id>/", views.links_here, name="links_here"),
]
