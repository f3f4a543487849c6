"""Drill: the database becomes unreachable, then comes back.

gunicorn reaches PostgreSQL through a forwarder the test cuts, as an outage or a restart would.
"""

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _no_stack_trace(reply) -> bool:
    return "Traceback" not in reply.body and 'File "' not in reply.body


def test_unreachable_database_gives_a_clear_503_and_service_resumes_when_it_returns(
    catalogue, app_env, start_server, database_forwarder, database_url_via
):
    server = start_server({**app_env, "DATABASE_URL": database_url_via(database_forwarder.port)})
    assert server.get("/healthz").status == 200
    assert server.post_verdict().status == 201

    database_forwarder.stop()
    health, verdict, page = server.get("/healthz"), server.post_verdict(), server.get("/advies/")

    assert (health.status, verdict.status, page.status) == (503, 503, 503), server.log()
    for reply in (health, verdict):
        assert reply.content_type.startswith("application/json")
        # Dutch first: no Accept-Language asks for anything else.
        assert "tijdelijk niet beschikbaar" in reply.json()["detail"]
    assert page.content_type.startswith("text/html")
    assert "<html" in page.body.lower()
    assert all(_no_stack_trace(reply) for reply in (health, verdict, page))
    assert max(reply.seconds for reply in (health, verdict, page)) < 10

    database_forwarder.start()
    assert server.get("/healthz").status == 200
    assert server.post_verdict().status == 201
    assert server.get("/advies/").status == 200
