"""Celery tasks of the model lifecycle: thin wrappers that own locking, retries and logging."""

import logging
import uuid

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

RETRAIN_LOCK_KEY = "ml:retrain:lock"
RETRAIN_SOFT_TIME_LIMIT = 20 * 60
RETRAIN_TIME_LIMIT = 25 * 60
# The lock outlives the hard time limit, so a killed worker cannot block retraining for ever.
RETRAIN_LOCK_SECONDS = RETRAIN_TIME_LIMIT + 60


@shared_task(
    name="ml.tasks.retrain",
    acks_late=True,
    soft_time_limit=RETRAIN_SOFT_TIME_LIMIT,
    time_limit=RETRAIN_TIME_LIMIT,
)
def retrain(max_rows: int | None = None, force: bool = False) -> dict:
    """Train a new model version, one run at a time; a redelivery on unchanged data and code
    returns the newest version instead of training again (unless `force`)."""
    from ml.services import model_version_train

    token = uuid.uuid4().hex
    if not cache.add(RETRAIN_LOCK_KEY, token, timeout=RETRAIN_LOCK_SECONDS):
        logger.info("Retraining skipped: another run holds the lock")
        return {"version": None, "status": "skipped", "reason": "another retraining is running"}
    try:
        version = model_version_train(max_rows=max_rows, skip_if_unchanged=not force)
    finally:
        if cache.get(RETRAIN_LOCK_KEY) == token:
            cache.delete(RETRAIN_LOCK_KEY)
    logger.info("Retraining finished: %s %s", version.label, version.status)
    reason = version.status_reason
    if getattr(version, "unchanged", False):
        reason = f"data and code unchanged, nothing trained; {reason}"
    return {"version": version.label, "status": version.status, "reason": reason}


@shared_task(name="ml.tasks.retrain_if_enough_new_records", acks_late=True)
def retrain_if_enough_new_records() -> dict:
    """Enqueue `retrain` when at least ML_RETRAIN_AFTER_NEW_RECORDS price records were added since
    the data snapshot of the active version."""
    from ml.selectors import model_version_active
    from prices.selectors import price_record_count

    active = model_version_active()
    trained_on = active.data_snapshot.get("price_records", 0) if active else 0
    new_records = price_record_count() - trained_on
    due = new_records >= settings.ML_RETRAIN_AFTER_NEW_RECORDS
    if due:
        logger.info("%d new price records since the active model; retraining", new_records)
        retrain.delay()
    return {"new_records": new_records, "retrain_enqueued": due}
