"""The outbox: messages to side systems written in the caller's transaction, sent afterwards.

A request never talks to SMTP or the Celery broker in a way that can fail it: it writes an
`OutboxMessage` in its own transaction, and after the commit either sends it in this process
(embedded mode, errors caught) or nudges the worker (a publish that fails fast and is only a
nudge: the beat task `outbox.tasks.send_outbox` sends every due message each minute anyway).
A failed send is retried with exponential backoff. See docs/security.md, "Side systems".
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from moeitewaard.celery import app as celery_app
from outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

SEND_OUTBOX_TASK = "outbox.tasks.send_outbox"

# A claimed message whose sender did not report back within this time is sent again.
CLAIM_LEASE = timedelta(minutes=5)
FIRST_RETRY_AFTER = timedelta(minutes=1)
LONGEST_RETRY_AFTER = timedelta(hours=6)
# 1, 2, 4 … 256 minutes, then 6 h: about two days in all before a message is given up.
MAX_ATTEMPTS = 10
BATCH_SIZE = 50
MAX_BATCHES = 20  # per run; the next run (a minute later) takes the rest
# Embedded mode has no beat: a request's end sends what is due, at most this often per process.
AFTER_REQUEST_INTERVAL_SECONDS = 60
AFTER_REQUEST_BATCH_SIZE = 10
LAST_ERROR_LENGTH = 1000

_handlers: dict[str, Callable[..., None]] = {}
_next_after_request_check = 0.0


def outbox_register(*, kind: str, handler: Callable[..., None]) -> None:
    """Name the function that sends messages of this kind (called with the payload as keywords).

    Apps register their handlers in AppConfig.ready(), so the outbox imports none of them.
    A handler must be safe to call twice for one message (a crash between send and mark).
    """
    _handlers[kind] = handler


def _embedded() -> bool:
    """No worker: Celery runs eagerly in this process (no REDIS_URL)."""
    return bool(celery_app.conf.task_always_eager)


def outbox_enqueue(*, kind: str, payload: dict[str, Any]) -> OutboxMessage:
    """Write a message in the caller's transaction; after the commit it goes out (or waits).

    The payload holds ids, not copies of personal data: the handler reads the current rows.
    """
    if kind not in _handlers:
        raise ValueError(f"No outbox handler registered for {kind!r}")
    message = OutboxMessage.objects.create(kind=kind, payload=payload)
    transaction.on_commit(partial(_after_commit, message.pk), robust=True)
    return message


def _after_commit(message_id: int) -> None:
    """Send now in embedded mode, or nudge the worker; never raises into the request."""
    try:
        if _embedded():
            outbox_send_due(ids=[message_id])
        else:
            outbox_nudge_worker()
    except Exception:  # noqa: BLE001 - the message stays due; the next run sends it
        logger.exception("Outbox message %s not sent after commit; it stays due", message_id)


def outbox_nudge_worker() -> bool:
    """Ask the worker to send due messages now; False when the broker is unreachable.

    `retry=False` and the broker's short timeouts (settings) make a dead Redis cost a fraction
    of a second; the message is already stored, so the beat task sends it once Redis is back.
    """
    # By name: the task module imports these services, so they do not import it back.
    try:
        celery_app.send_task(SEND_OUTBOX_TASK, retry=False)
    except Exception as exc:  # noqa: BLE001 - a broker outage costs a delay, never the request
        logger.warning("Could not nudge the outbox worker (%s); beat sends it", type(exc).__name__)
        return False
    return True


def _claim(*, message_id: int, now: datetime) -> bool:
    """Take one due message: True for exactly one sender until the lease ends.

    One conditional UPDATE, safe on SQLite and PostgreSQL alike; it also counts the attempt.
    """
    return bool(
        OutboxMessage.objects.filter(
            pk=message_id, sent_at__isnull=True, given_up_at__isnull=True, next_attempt_at__lte=now
        ).update(next_attempt_at=now + CLAIM_LEASE, attempts=F("attempts") + 1)
    )


def _claim_due(*, now: datetime, limit: int, ids: list[int] | None) -> list[int]:
    """Claim up to `limit` due messages, oldest first; on PostgreSQL skipping rows others lock."""
    due = OutboxMessage.objects.filter(
        sent_at__isnull=True, given_up_at__isnull=True, next_attempt_at__lte=now
    ).order_by("next_attempt_at", "pk")
    if ids is not None:
        due = due.filter(pk__in=ids)
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        picked = list(due.values_list("pk", flat=True)[:limit])
        return [pk for pk in picked if _claim(message_id=pk, now=now)]


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 1, 2, 4 … minutes, at most 6 hours."""
    return min(FIRST_RETRY_AFTER * 2 ** max(attempts - 1, 0), LONGEST_RETRY_AFTER)


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0
    given_up: int = 0


def _send_one(message: OutboxMessage, result: SendResult) -> None:
    handler = _handlers.get(message.kind)
    try:
        if handler is None:
            raise LookupError(f"no outbox handler for {message.kind!r}")
        handler(**message.payload)
    except Exception as exc:  # noqa: BLE001 - one failing message must not stop the others
        now = timezone.now()
        error = f"{type(exc).__name__}: {exc}"[:LAST_ERROR_LENGTH]
        if message.attempts >= MAX_ATTEMPTS:
            OutboxMessage.objects.filter(pk=message.pk).update(given_up_at=now, last_error=error)
            logger.error(
                "Outbox %s gave up after %s attempts: %s", message, message.attempts, error
            )
            result.given_up += 1
        else:
            retry_at = now + retry_delay(message.attempts)
            OutboxMessage.objects.filter(pk=message.pk).update(
                next_attempt_at=retry_at, last_error=error
            )
            logger.warning("Outbox %s failed (%s); retried at %s", message, error, retry_at)
            result.failed += 1
        return
    OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now(), last_error="")
    result.sent += 1


def outbox_send_due(
    *, now: datetime | None = None, limit: int = BATCH_SIZE, ids: list[int] | None = None
) -> SendResult:
    """Send due messages (all of them, or only `ids`): claim, send, mark sent or schedule a retry.

    Safe to run in several processes at once; a crash between sending and marking repeats that
    one message after the lease (handlers are idempotent where they can be, e.g. a lead's
    `emailed_at`).
    """
    result = SendResult()
    for _batch in range(MAX_BATCHES):
        claimed = _claim_due(now=now or timezone.now(), limit=limit, ids=ids)
        for message in OutboxMessage.objects.filter(pk__in=claimed).order_by("pk"):
            _send_one(message, result)
        if ids is not None or len(claimed) < limit:
            break
    return result


def outbox_send_due_after_request(**_signal_kwargs: Any) -> None:
    """Embedded mode's stand-in for beat (request_finished): retry due messages, at most once a
    minute per process, after the response has gone out. Never raises."""
    global _next_after_request_check
    if time.monotonic() < _next_after_request_check or not _embedded():
        return
    _next_after_request_check = time.monotonic() + AFTER_REQUEST_INTERVAL_SECONDS
    try:
        claimed = _claim_due(now=timezone.now(), limit=AFTER_REQUEST_BATCH_SIZE, ids=None)
        result = SendResult()
        for message in OutboxMessage.objects.filter(pk__in=claimed).order_by("pk"):
            _send_one(message, result)
    except Exception:  # noqa: BLE001 - e.g. the database is down: the next request tries again
        logger.warning("Outbox not drained after a request", exc_info=True)
