"""Celery task of the reuse model: thin, one run at a time."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max

from common.api_errors import DomainError
from reuse.models import ReuseModelVersion, ReuseOutcome
from reuse.services import reuse_model_train

logger = logging.getLogger(__name__)

RETRAIN_LOCK_KEY = "reuse:retrain:lock"
RETRAIN_LOCK_SECONDS = 15 * 60


@shared_task(name="reuse.retrain")
def reuse_retrain() -> int | None:
    """Train (and maybe promote) a reuse model version; returns its number, or None when
    another run holds the lock or there are no outcomes yet."""
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


def reuse_retrain_if_due() -> None:
    """Retrain after commit when enough outcomes arrived since the newest version (called by
    the API and the CSV upload after they stored outcomes)."""
    newest = ReuseModelVersion.objects.aggregate(at=Max("created_at"))["at"]
    new = ReuseOutcome.objects.filter(updated_at__gt=newest) if newest else ReuseOutcome.objects
    if new.count() >= settings.REUSE_RETRAIN_AFTER_NEW_OUTCOMES:
        transaction.on_commit(lambda: reuse_retrain.delay())
