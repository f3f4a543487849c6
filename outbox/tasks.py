"""The outbox's worker side: beat runs it every minute, a request nudges it after a commit."""

import logging

from celery import shared_task

from outbox.services import SEND_OUTBOX_TASK, outbox_send_due

logger = logging.getLogger(__name__)


@shared_task(name=SEND_OUTBOX_TASK, ignore_result=True)
def send_outbox() -> dict[str, int]:
    """Send every due outbox message once (safe to run in several workers at once)."""
    result = outbox_send_due()
    if result.sent or result.failed or result.given_up:
        logger.info("Outbox: %s", result)
    return {"sent": result.sent, "failed": result.failed, "given_up": result.given_up}
