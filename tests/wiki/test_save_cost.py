"""
What one admin save of a character costs: statements and signal receivers.

Before the change pipeline (issue 13), measured with this test: 67 statements
on SQLite (68 on PostgreSQL, which locks the row) and 8 receivers on the
character's own save and delete signals. Most of what is left is the admin's
own work: reading and validating the inline rows (castings, memberships,
pictures) and their uniqueness checks; one statement reads the character's
pictures, which its versions hold since pictures are a field of the entry.
Refusing stale inline rows (history/admin_rows.py) adds one statement per
inline with rows that keep history, reading their versions (62 to 64), and
on PostgreSQL the locks of the rows and the pictures they link (63 to 69).
"""

from http import HTTPStatus

import pytest
from django.db import connection
from django.db.models import signals
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shows.models import Character
from tests.admin.changeform import changeform_data

pytestmark = pytest.mark.django_db

STATEMENTS_POSTGRESQL = 56

SIGNALS = [
    signals.pre_save,
    signals.post_save,
    signals.pre_delete,
    signals.post_delete,
]


def receivers_for(model) -> int:
    return sum(len(signal._live_receivers(model)[0]) for signal in SIGNALS)


def save_cost(client, character):
    url = reverse("admin:shows_character_change", args=[character.pk])
    data = changeform_data(client.get(url))
    data["description"] = f"{data['description']} She dances."
    data["edit_summary"] = "One more sentence"
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.content[:2000]
    return len(queries)


def test_an_admin_save_of_a_character_costs_fewer_statements_than_before(admin_client, etoile):
    character = Character.objects.get(slug="cheyenne-toussaint")

    statements = save_cost(admin_client, character)

    # The pipeline's four (pre/post save and delete) and django-reversion's own.
    assert receivers_for(Character) == 5
    # PostgreSQL locks the row whose version it checks (history.recording.lock_for_edit).
    assert statements == (STATEMENTS_POSTGRESQL if connection.vendor == "postgresql" else 52)
