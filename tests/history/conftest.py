import pytest

from shows.models import Character


@pytest.fixture
def editor(django_user_model):
    """A signed-in author for recorded edits; no admin rights needed to be named in history."""
    return django_user_model.objects.create_user("margot", password="pw")


@pytest.fixture
def jack(etoile):
    return Character.objects.get(slug="jack-mcmillan")
