"""Drill: bad input everywhere. The OpenAPI schema fuzzed with schemathesis (through WSGI): no
5xx, and every answer matches the schema."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

FUZZED = r"^/api/v1/(verdicts/(\{[^}]+\}/)?|categories/|stats/)$"
MAX_EXAMPLES = 30


@pytest.fixture
def _connections_kept_open():
    """As Django's test client does: the test's transaction must outlive each WSGI request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, catalogue, settings, _connections_kept_open):
    from moeitewaard.wsgi import application

    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    return schemathesis.openapi.from_wsgi("/api/schema/", application).include(path_regex=FUZZED)


schema = schemathesis.pytest.from_fixture("api_schema").include(path_regex=FUZZED)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
def test_api_answers_bad_input_without_5xx_and_as_documented(case):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            response_schema_conformance,
            content_type_conformance,
            response_headers_conformance,
        ]
    )
