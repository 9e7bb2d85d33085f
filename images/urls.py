from django.urls import path

from . import views

app_name = "images"

urlpatterns = [
    path("<wslug:slug>/", views.ImageDetailView.as_view(), name="detail"),
]
