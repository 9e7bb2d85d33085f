import pytest
from django.core.management import call_command


@pytest.fixture
def etoile(db):
    """The seed fixture, loaded as maintainers load it."""
    call_command("loaddata", "etoile", verbosity=0)
