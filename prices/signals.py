"""What the prices app tells the layers above it, without importing them (docs/architecture.md)."""

from django.dispatch import Signal

# Sent after price records were stored (never for a dry run), inside the writer's transaction.
# Arguments: added, updated (counts). The ml app listens: enough new records start a retraining.
price_records_written = Signal()
