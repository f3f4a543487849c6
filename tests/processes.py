"""Real processes for the integration tests and drills: a Celery worker on the test database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def database_url(settings, *, host: str | None = None, port: int | None = None) -> str:
    """The test database as a URL, optionally reached through another host and port."""
    db = settings.DATABASES["default"]
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{host or db['HOST'] or '127.0.0.1'}:"
        f"{port or db['PORT'] or 5432}/{db['NAME']}"
    )


class CeleryWorkers:
    """Starts `celery worker --pool=solo` processes against the test database and stops them."""

    def __init__(self, settings, log_dir: Path):
        self.settings = settings
        self.log_dir = log_dir
        self.started: list[subprocess.Popen] = []

    def start(self, *, queue: str | None = None, **extra_env: str) -> subprocess.Popen:
        """A worker that has said it is ready; `queue` gives it a queue of its own."""
        name = f"test-{uuid.uuid4().hex[:8]}"
        log_path = self.log_dir / f"{name}.log"
        env = {
            **os.environ,
            "DATABASE_URL": database_url(self.settings),
            "ML_ARTIFACT_DIR": str(self.settings.ML_ARTIFACT_DIR),
            "PYTHONUNBUFFERED": "1",
            **extra_env,
        }
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "moeitewaard",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-n",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
        ]
        if queue:
            command += ["-Q", queue]
        with open(log_path, "w") as log:
            process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        process.log_path = log_path
        process.queue = queue
        self.started.append(process)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"Celery worker exited early:\n{log_path.read_text()}")
            if f"{name}@" in log_path.read_text() and " ready." in log_path.read_text():
                return process
            time.sleep(0.3)
        process.kill()
        pytest.fail(f"Celery worker did not start:\n{log_path.read_text()}")

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
