from django.urls import path

from .reference import reference
from .views import api

urlpatterns = [
    path("v1/docs", reference, name="api_reference"),
    path("v1/", api.urls),
]
