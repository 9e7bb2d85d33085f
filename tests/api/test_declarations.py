"""
A kind's API declaration is checked when the API is made (issue 19): what it
cannot give right is refused at start-up, never found by a client as a 500.
"""

import pytest
from django.core.exceptions import ImproperlyConfigured

from api import fields
from images.models import Image
from shows.models import Show
from tests.kinds.models import Venue


def test_a_field_of_a_kind_no_one_said_how_to_give_is_refused():
    # A moment to the second: no declared kind gives one yet.
    with pytest.raises(ImproperlyConfigured, match=r"say how in api/fields\.py"):
        fields.spec(Image, "created")


def test_a_reference_to_a_kind_the_api_does_not_give_is_refused():
    # A show's or a venue's pictures are images, which the API does not give.
    for model in (Show, Venue):
        with pytest.raises(ImproperlyConfigured, match="which the API does not give"):
            fields.spec(model, "images")
