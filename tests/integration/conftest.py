"""A real Celery worker process on real Redis, sharing the PostgreSQL test database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _database_url(settings) -> str:
    db = settings.DATABASES["default"]
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def celery_worker_process(settings, tmp_path):
    """Start `celery worker` as its own process against the test database; stop it afterwards."""
    name = f"test-{uuid.uuid4().hex[:8]}@%h"
    # A queue of its own, so no other worker on this Redis can take the test's tasks.
    queue = f"test-{uuid.uuid4().hex[:8]}"
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(settings),
        "ML_ARTIFACT_DIR": str(settings.ML_ARTIFACT_DIR),
        "PYTHONUNBUFFERED": "1",
    }
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "moeitewaard", "worker", "--pool=solo",
             "--loglevel=INFO", "-n", name, "-Q", queue, "--without-gossip",
             "--without-mingle"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    process.log_path = log_path
    process.queue = queue
    try:
        deadline = time.monotonic() + 60
        while " ready." not in log_path.read_text():
            if process.poll() is not None:
                pytest.fail(f"Celery worker exited early:\n{log_path.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"Celery worker did not start:\n{log_path.read_text()}")
            time.sleep(0.3)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
