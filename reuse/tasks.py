"""Celery task of the reuse model: thin, one run at a time."""

import logging

from celery import shared_task
from django.core.cache import cache

logger = logging.getLogger(__name__)

RETRAIN_LOCK_KEY = "reuse:retrain:lock"
RETRAIN_LOCK_SECONDS = 15 * 60


@shared_task(name="reuse.retrain")
def reuse_retrain() -> int | None:
    """Train (and maybe promote) a reuse model version; returns its number, None when busy."""
    from reuse.services import reuse_model_train

    if not cache.add(RETRAIN_LOCK_KEY, 1, timeout=RETRAIN_LOCK_SECONDS):
        logger.info("reuse retrain already running; skipped")
        return None
    try:
        return reuse_model_train().version
    finally:
        cache.delete(RETRAIN_LOCK_KEY)
