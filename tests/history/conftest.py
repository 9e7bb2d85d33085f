import pytest
from django.contrib.auth.models import Group
from django.test import Client

from shows.models import Character


@pytest.fixture
def editor(django_user_model):
    """A signed-in author for recorded edits; no admin rights needed to be named in history."""
    return django_user_model.objects.create_user("margot", password="pw")


@pytest.fixture
def jack(etoile):
    return Character.objects.get(slug="jack-mcmillan")


@pytest.fixture
def named_editor_client(django_user_model):
    """Makes a signed-in client for a staff member of the Editors group, by name."""

    def make(name):
        user = django_user_model.objects.create_user(name, password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name="Editors"))
        client = Client()
        client.force_login(user)
        return client

    return make
