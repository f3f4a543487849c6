"""A real Celery worker process on real Redis, sharing the PostgreSQL test database."""

import uuid

import pytest


@pytest.fixture
def celery_worker_process(start_worker):
    """A worker with a queue of its own: no other worker on this Redis takes the test's tasks."""
    return start_worker(queue=f"test-{uuid.uuid4().hex[:8]}")
