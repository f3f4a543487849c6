"""Drill: the Celery worker is killed (SIGKILL) in the middle of a retrain.

The worker runs on a private Redis so the lock and the unacknowledged message it leaves behind
never reach the shared Redis.
"""

import signal
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

from moeitewaard.celery import app as celery_app

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _artifacts(directory: Path) -> set[str]:
    return {p.name for p in directory.glob("*")} if directory.is_dir() else set()


@pytest.fixture
def active_version(catalogue, settings):
    from ml.services import model_version_train

    call_command("load_demo_prices", count=2000)
    # The sample the ML tests use: at 2,000 events the calibrated model can tie its baselines.
    version = model_version_train(max_rows=settings.ML_TRAINING_MAX_ROWS)
    assert version.status == "active", version.status_reason
    return version


def _wait_for_training_row(timeout: float):
    from ml.models import ModelVersion

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = ModelVersion.objects.filter(status=ModelVersion.Status.TRAINING).first()
        if row is not None:
            return row
        time.sleep(0.2)
    return None


def test_worker_killed_mid_retrain_leaves_the_active_version_and_no_half_promoted_model(
    active_version, settings, start_worker, private_redis
):
    from ml import registry
    from ml.models import ModelVersion

    artifact_dir = Path(settings.ML_ARTIFACT_DIR)
    before = _artifacts(artifact_dir)
    worker = start_worker(REDIS_URL=private_redis.url)
    with celery_app.connection_for_write(private_redis.url) as connection:
        # All ORDS rows: a run of tens of seconds, long enough to be killed half-way.
        celery_app.send_task(
            "ml.tasks.retrain", kwargs={"max_rows": 0, "force": True}, connection=connection
        )

    training = _wait_for_training_row(timeout=90)
    assert training is not None, worker.log_path.read_text()
    time.sleep(1.0)  # into the model fitting
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)

    assert ModelVersion.objects.get(status=ModelVersion.Status.ACTIVE) == active_version
    training.refresh_from_db()
    assert training.status == ModelVersion.Status.TRAINING  # nothing half-promoted
    assert not training.artifact_sha256 and not training.artifact_path
    new_files = _artifacts(artifact_dir) - before
    assert not [name for name in new_files if name.endswith(".joblib")], new_files
    registry.clear_cache()
    served = registry.get_predictor()
    assert served.version_label == active_version.label


@pytest.fixture
def stale_retrain_lock():
    """The lock a killed worker leaves in the cache (the shared Redis here); removed afterwards."""
    from ml.tasks import RETRAIN_LOCK_KEY, RETRAIN_LOCK_SECONDS

    token = f"killed-worker-{uuid.uuid4().hex}"
    assert cache.add(RETRAIN_LOCK_KEY, token, timeout=RETRAIN_LOCK_SECONDS)
    yield
    if cache.get(RETRAIN_LOCK_KEY) == token:
        cache.delete(RETRAIN_LOCK_KEY)


def test_the_next_retrain_after_a_killed_worker_succeeds_and_marks_the_stale_row_failed(
    active_version, stale_retrain_lock
):
    from ml.models import ModelVersion
    from ml.tasks import retrain

    stale = ModelVersion.objects.create(
        label="v999", status=ModelVersion.Status.TRAINING, code_version="killed",
        sklearn_version="killed", data_snapshot={},
    )  # fmt: skip

    outcome = retrain.apply(kwargs={"max_rows": 2000, "force": True}).get()

    assert outcome["version"] is not None, outcome
    stale.refresh_from_db()
    assert stale.status == ModelVersion.Status.FAILED
