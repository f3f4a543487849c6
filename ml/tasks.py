"""Celery tasks of the model lifecycle: thin wrappers that own locking, retries and logging."""

import logging
import threading
import time
import uuid

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from ml.selectors import model_version_active
from ml.services import model_version_train, model_versions_fail_interrupted
from prices.selectors import price_record_count

logger = logging.getLogger(__name__)

RETRAIN_LOCK_KEY = "ml:retrain:lock"
RETRAIN_SOFT_TIME_LIMIT = 20 * 60
RETRAIN_TIME_LIMIT = 25 * 60
# The lock outlives the hard time limit, so a killed worker cannot block retraining for ever.
RETRAIN_LOCK_SECONDS = RETRAIN_TIME_LIMIT + 60
# The holder renews its heartbeat this often; a lock whose heartbeat is older than
# RETRAIN_LOCK_STALE_SECONDS belongs to a worker that died, and the next run takes it over.
RETRAIN_HEARTBEAT_SECONDS = 10
RETRAIN_LOCK_STALE_SECONDS = 45


class RetrainLock:
    """One retraining at a time, across workers, that survives a worker killed mid-run.

    The cache holds {token, heartbeat}; a thread renews the heartbeat while training runs.
    """

    def __init__(self) -> None:
        self.token = uuid.uuid4().hex
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _value(self) -> dict:
        return {"token": self.token, "heartbeat": time.time()}

    def acquire(self) -> bool:
        if cache.add(RETRAIN_LOCK_KEY, self._value(), timeout=RETRAIN_LOCK_SECONDS):
            return self._start()
        held = cache.get(RETRAIN_LOCK_KEY)
        heartbeat = held.get("heartbeat", 0) if isinstance(held, dict) else 0
        if time.time() - heartbeat < RETRAIN_LOCK_STALE_SECONDS:
            return False
        logger.warning("Taking over a stale retrain lock (its worker stopped): %r", held)
        cache.set(RETRAIN_LOCK_KEY, self._value(), timeout=RETRAIN_LOCK_SECONDS)
        if (cache.get(RETRAIN_LOCK_KEY) or {}).get("token") != self.token:
            return False  # another run took it over at the same moment
        return self._start()

    def _start(self) -> bool:
        self._thread = threading.Thread(target=self._beat, name="retrain-lock", daemon=True)
        self._thread.start()
        return True

    def _beat(self) -> None:
        while not self._stop.wait(RETRAIN_HEARTBEAT_SECONDS):
            try:
                if (cache.get(RETRAIN_LOCK_KEY) or {}).get("token") == self.token:
                    cache.set(RETRAIN_LOCK_KEY, self._value(), timeout=RETRAIN_LOCK_SECONDS)
            except Exception:  # noqa: BLE001 - a cache hiccup must not kill the training
                logger.warning("Could not renew the retrain lock heartbeat", exc_info=True)

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        held = cache.get(RETRAIN_LOCK_KEY)
        if isinstance(held, dict) and held.get("token") == self.token:
            cache.delete(RETRAIN_LOCK_KEY)


@shared_task(
    name="ml.tasks.retrain",
    acks_late=True,
    soft_time_limit=RETRAIN_SOFT_TIME_LIMIT,
    time_limit=RETRAIN_TIME_LIMIT,
)
def retrain(max_rows: int | None = None, force: bool = False) -> dict:
    """Train a new model version, one run at a time; a redelivery on unchanged data and code
    returns the newest version instead of training again (unless `force`)."""
    lock = RetrainLock()
    if not lock.acquire():
        logger.info("Retraining skipped: another run holds the lock")
        return {"version": None, "status": "skipped", "reason": "another retraining is running"}
    try:
        model_versions_fail_interrupted()
        version = model_version_train(max_rows=max_rows, skip_if_unchanged=not force)
    finally:
        lock.release()
    logger.info("Retraining finished: %s %s", version.label, version.status)
    reason = version.status_reason
    if getattr(version, "unchanged", False):
        reason = f"data and code unchanged, nothing trained; {reason}"
    return {"version": version.label, "status": version.status, "reason": reason}


@shared_task(name="ml.tasks.retrain_if_enough_new_records", acks_late=True)
def retrain_if_enough_new_records() -> dict:
    """Enqueue `retrain` when at least ML_RETRAIN_AFTER_NEW_RECORDS price records were added since
    the data snapshot of the active version."""
    active = model_version_active()
    trained_on = active.data_snapshot.get("price_records", 0) if active else 0
    new_records = price_record_count() - trained_on
    due = new_records >= settings.ML_RETRAIN_AFTER_NEW_RECORDS
    if due:
        logger.info("%d new price records since the active model; retraining", new_records)
        retrain.delay()
    return {"new_records": new_records, "retrain_enqueued": due}


def retrain_on_price_records_written(sender, added: int, updated: int, **kwargs) -> None:
    """Receiver of prices.signals.price_records_written (connected in MlConfig.ready)."""
    if added or updated:
        retrain_schedule_if_due()


def retrain_schedule_if_due() -> None:
    """After writes of price records: check, once the transaction commits, whether enough new
    records arrived to retrain (ml.tasks.retrain_if_enough_new_records)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # Embedded mode has no worker: training inside an import would block it for a minute.
        # `manage.py retrain` (or a worker with REDIS_URL) picks the new records up.
        return

    def enqueue() -> None:
        try:
            retrain_if_enough_new_records.delay()
        except Exception:  # noqa: BLE001 - a broker outage must not fail a committed import
            logger.warning("Could not enqueue the retrain check; the nightly run will do it")

    transaction.on_commit(enqueue)
