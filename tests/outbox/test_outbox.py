"""The outbox sender: claim, send, mark; retries with backoff; a worker that is down."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from moeitewaard.celery import app as celery_app
from outbox import services
from outbox.models import OutboxMessage
from outbox.services import (
    MAX_ATTEMPTS,
    outbox_enqueue,
    outbox_register,
    outbox_send_due,
    outbox_send_due_after_request,
    retry_delay,
)
from outbox.tasks import send_outbox

pytestmark = pytest.mark.django_db


class Recorder:
    """A handler that records its calls and fails while `failing` is set."""

    def __init__(self):
        self.calls: list[dict] = []
        self.failing = False

    def __call__(self, **payload):
        if self.failing:
            raise OSError("side system down")
        self.calls.append(payload)


@pytest.fixture
def handler(monkeypatch):
    monkeypatch.setattr(services, "_handlers", dict(services._handlers))
    recorder = Recorder()
    outbox_register(kind="test-kind", handler=recorder)
    return recorder


def test_the_backoff_doubles_from_one_minute_up_to_six_hours():
    assert [retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert retry_delay(30) == timedelta(hours=6)


def test_a_message_is_sent_after_commit_in_embedded_mode(
    handler, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(kind="test-kind", payload={"thing_id": 7})
    assert handler.calls == [{"thing_id": 7}]
    message.refresh_from_db()
    assert (message.attempts, message.last_error) == (1, "")
    assert message.sent_at is not None


def test_a_message_of_a_rolled_back_transaction_is_never_sent(handler):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        outbox_enqueue(kind="test-kind", payload={})
        raise RuntimeError("the lead's transaction fails")
    assert not OutboxMessage.objects.exists()
    assert outbox_send_due().sent == 0 and handler.calls == []


def test_an_unknown_kind_is_refused_when_enqueued(handler):
    with pytest.raises(ValueError):
        outbox_enqueue(kind="no-such-kind", payload={})


def test_a_message_is_sent_once_even_when_senders_run_twice(handler):
    OutboxMessage.objects.create(kind="test-kind", payload={"n": 1})
    first, second = outbox_send_due(), outbox_send_due()
    assert (first.sent, second.sent) == (1, 0)
    assert handler.calls == [{"n": 1}]


def test_a_claimed_message_is_taken_up_again_after_its_lease(handler):
    message = OutboxMessage.objects.create(kind="test-kind", payload={})
    now = timezone.now()
    assert services._claim(message_id=message.pk, now=now)  # a sender that then died
    assert outbox_send_due(now=now).sent == 0
    assert outbox_send_due(now=now + services.CLAIM_LEASE + timedelta(seconds=1)).sent == 1


def test_after_the_last_attempt_a_message_is_given_up_and_logged(handler, caplog):
    handler.failing = True
    message = OutboxMessage.objects.create(kind="test-kind", payload={}, attempts=MAX_ATTEMPTS - 1)
    result = outbox_send_due()
    assert result.given_up == 1
    message.refresh_from_db()
    assert message.given_up_at is not None and "side system down" in message.last_error
    assert "gave up" in caplog.text
    assert outbox_send_due(now=timezone.now() + timedelta(days=30)).failed == 0


def test_the_next_request_sends_what_is_due_in_embedded_mode(handler, client, monkeypatch):
    OutboxMessage.objects.create(kind="test-kind", payload={"n": 2})
    monkeypatch.setattr(services, "_next_after_request_check", 0.0)
    assert client.get("/healthz").status_code == 200
    assert handler.calls == [{"n": 2}]
    OutboxMessage.objects.create(kind="test-kind", payload={"n": 3})
    client.get("/healthz")
    assert len(handler.calls) == 1  # at most once a minute per process


def test_with_a_worker_a_dead_broker_leaves_the_message_due_without_raising(
    handler, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    monkeypatch.setattr(celery_app, "_pool", None)
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(kind="test-kind", payload={"n": 4})
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == 0
    assert handler.calls == []
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert send_outbox.apply().get() == {"sent": 1, "failed": 0, "given_up": 0}
    assert handler.calls == [{"n": 4}]


def test_with_a_worker_the_request_does_not_send_after_it(handler, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(services, "_next_after_request_check", 0.0)
    OutboxMessage.objects.create(kind="test-kind", payload={})
    outbox_send_due_after_request()
    assert handler.calls == []


def test_a_reminder_confirmation_is_sent_through_the_outbox(client, catalogue, mailoutbox):
    from maintenance.services import appliance_register, reminders_subscribe

    appliance = appliance_register(category_slug="washing-machine")
    reminders_subscribe(appliance=appliance, email="a@example.nl", site_url="http://testserver")
    message = OutboxMessage.objects.get(kind="reminders-confirmation")
    assert "a@example.nl" not in str(message.payload)  # ids only, no personal data
    assert outbox_send_due().sent == 1
    assert [m.to for m in mail.outbox] == [["a@example.nl"]]
