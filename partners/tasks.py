"""Celery tasks of the partners app."""

from celery import shared_task

from partners.emails import lead_email_send


@shared_task(ignore_result=True)
def send_lead_email(lead_id: int) -> None:
    """Kept for messages queued before the outbox: new leads' mails go through the outbox."""
    lead_email_send(lead_id=lead_id)
