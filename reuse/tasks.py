"""Celery task of the reuse model: thin, one run at a time."""

import logging

from celery import shared_task
from django.core.cache import cache

logger = logging.getLogger(__name__)

RETRAIN_LOCK_KEY = "reuse:retrain:lock"
RETRAIN_LOCK_SECONDS = 15 * 60


@shared_task(name="reuse.retrain")
def reuse_retrain() -> int | None:
    """Train (and maybe promote) a reuse model version; returns its number, or None when
    another run holds the lock or there are no outcomes yet."""
    from moeitewaard.api_errors import DomainError
    from reuse.services import reuse_model_train

    if not cache.add(RETRAIN_LOCK_KEY, 1, timeout=RETRAIN_LOCK_SECONDS):
        logger.info("reuse retrain already running; skipped")
        return None
    try:
        return reuse_model_train().version
    except DomainError as error:  # e.g. no outcomes yet: nothing to do, not a failure
        logger.info("reuse retrain skipped: %s", error.message)
        return None
    finally:
        cache.delete(RETRAIN_LOCK_KEY)
