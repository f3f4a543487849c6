"""What a new verdict tells the layers above repair_advice, without importing them.

The explainer listens (ExplainerConfig.ready): it gives the verdict its first explanation before
the INSERT (so the verdict stays one statement) and schedules a language model's after it.
"""

from django.dispatch import Signal

# Sent by verdict_create with `verdict`, a Verdict not yet saved: receivers may set its fields.
verdict_evaluated = Signal()
# Sent by verdict_create with `verdict` once it is stored (inside the caller's transaction).
verdict_stored = Signal()
