"""Celery beat tasks: maintenance reminders and follow-up e-mails. Both are safe to run twice."""

import logging

from celery import shared_task

from maintenance.services import follow_up_emails_send_due, reminders_send_due

logger = logging.getLogger(__name__)


@shared_task
def send_due_reminders() -> dict[str, int]:
    """Send every maintenance reminder that is due, each once (see docs/maintenance.md)."""
    result = reminders_send_due()
    logger.info("Maintenance reminders: %s", result)
    return {"sent": result.sent, "failed": result.failed, "skipped": result.skipped}


@shared_task
def send_due_follow_ups() -> dict[str, int]:
    """Send the one follow-up e-mail of each verdict whose wait is over."""
    result = follow_up_emails_send_due()
    logger.info("Follow-up e-mails: %s", result)
    return {"sent": result.sent, "failed": result.failed, "skipped": result.skipped}
