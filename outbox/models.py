"""Messages to side systems (mail, later tasks) written in the transaction that causes them."""

from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    """One message to deliver: written with the row that causes it, sent by `outbox_send_due`.

    `next_attempt_at` is both the schedule and the claim: a sender pushes it a lease ahead
    before sending, so a crashed sender's message becomes due again when the lease ends.
    """

    kind = models.CharField(max_length=100, help_text="Which handler sends it, e.g. 'lead-email'.")
    payload = models.JSONField(default=dict, help_text="Ids only; the handler reads the rest.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    given_up_at = models.DateTimeField(
        null=True, blank=True, help_text="Set after the last attempt failed; nothing retries it."
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True, given_up_at__isnull=True),
                name="outbox_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def state(self) -> str:
        if self.sent_at is not None:
            return "sent"
        if self.given_up_at is not None:
            return "given up"
        return "waiting"
