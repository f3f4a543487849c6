"""Send due outbox messages now (a cron line for embedded mode, or after an outage)."""

from django.core.management.base import BaseCommand

from outbox.services import outbox_send_due


class Command(BaseCommand):
    help = "Send every due outbox message (mails waiting for SMTP or the worker)."

    def handle(self, *args, **options):
        result = outbox_send_due()
        self.stdout.write(
            f"sent {result.sent}, failed {result.failed} (retried later), "
            f"given up {result.given_up}"
        )
