"""
The API against its own OpenAPI document (issue 19): schemathesis makes
requests from the document, valid ones and ones the document rules out, sends
them through the whole site (every middleware, as a client meets it) and runs
every check it has on each answer: no server error, status codes, content
types, headers and bodies as documented, valid data accepted and invalid data
refused.

The document is read once, at collection, from the code that serves it (the
lazy fixture loader of schemathesis does not run under pytest 9); the first
test shows that it is the document served at /api/v1/openapi.json.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from api.views import api

# Enough cases per operation to reach each parameter's edges, few enough for
# two cores: the whole run stays within a minute or so.
EXAMPLES = 25

DOCUMENT = api.get_openapi_schema()
schema = schemathesis.openapi.from_dict(DOCUMENT)
schema.config.generation.update(max_examples=EXAMPLES, deterministic=True)


@pytest.mark.django_db
def test_the_document_checked_is_the_one_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json() == DOCUMENT
    assert DOCUMENT["openapi"].startswith("3.1.")


@pytest.fixture
def site(etoile, settings):
    # The host schemathesis names its requests with.
    settings.ALLOWED_HOSTS = ["localhost"]
    # As Django's test client does: the end of a request must not close the
    # connection that holds the test's transaction (PostgreSQL would lose it).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_every_operation_answers_as_its_document_says(case, site):
    # Its WSGI client does not undo gzip, as an HTTP client would: ask for none.
    case.call_and_validate(app=site, headers={"Accept-Encoding": "identity"})
