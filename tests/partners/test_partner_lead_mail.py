"""A lead's mail goes through the outbox: SMTP down costs a delay, never the lead or a 500."""

import re
import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from outbox.models import OutboxMessage
from outbox.services import outbox_send_due, retry_delay
from partners.models import Lead

pytestmark = pytest.mark.django_db


def dead_port() -> int:
    """A loopback port nothing listens on: an SMTP server that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", dead_port()
    return settings


def post_lead(client, partner, verdict):
    page = client.get(f"/widget/{partner.public_key}/verdict/{verdict.id}/")
    token = re.search(r'name="widget_token" value="([^"]+)"', page.content.decode()).group(1)
    return client.post(
        f"/widget/{partner.public_key}/verdict/{verdict.id}/lead/",
        {"widget_token": token, "name": "Sam", "phone": "06 12345678", "consent": "on"},
    )


def test_with_smtp_down_a_lead_is_kept_and_its_mail_retried_with_backoff_until_sent(
    client, partner, repair_verdict, smtp_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_lead(client, partner, repair_verdict)

    assert response.status_code == 302 and response.url.endswith("/lead/sent/")
    lead = Lead.objects.get()
    assert lead.emailed_at is None
    message = OutboxMessage.objects.get(kind="lead-email")
    assert message.payload == {"lead_id": lead.pk, "site_url": "http://testserver/"}
    assert (message.attempts, message.sent_at) == (1, None)
    assert "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at >= timezone.now() + retry_delay(1) - timedelta(seconds=5)

    # Not due yet: nothing is tried again before the backoff ends.
    assert outbox_send_due().failed == 0
    # Still down at the next attempt: the wait doubles.
    later = message.next_attempt_at + timedelta(seconds=1)
    assert outbox_send_due(now=later).failed == 1
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.next_attempt_at >= timezone.now() + retry_delay(2) - timedelta(seconds=5)

    smtp_down.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_send_due(now=message.next_attempt_at + timedelta(seconds=1)).sent == 1
    assert outbox_send_due(now=message.next_attempt_at + timedelta(days=3)).sent == 0
    assert [m.to for m in mail.outbox] == [[partner.contact_email]]
    lead.refresh_from_db()
    assert lead.emailed_at is not None
    message.refresh_from_db()
    assert message.sent_at is not None and message.last_error == ""


def test_a_lead_and_its_outbox_message_are_written_together(
    client, partner, repair_verdict, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_lead(client, partner, repair_verdict)
    lead = Lead.objects.get()
    message = OutboxMessage.objects.get()
    assert message.sent_at is not None  # embedded mode: sent right after the commit
    assert lead.emailed_at is not None
    assert len(mail.outbox) == 1
