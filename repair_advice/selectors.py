"""Reads of verdicts and public statistics."""

from django.db.models import Count

from ml.models import ModelVersion
from prices.models import PriceRecord
from repair_advice.models import Verdict


def verdict_get(*, verdict_id) -> Verdict | None:
    return Verdict.objects.select_related("category", "model_version").filter(id=verdict_id).first()


def public_stats() -> dict:
    """Headline totals: verdicts by outcome, price records, the active model version."""
    by_outcome = dict.fromkeys(Verdict.Outcome.values, 0)
    for row in Verdict.objects.values("outcome").annotate(n=Count("id")):
        by_outcome[row["outcome"]] = row["n"]
    active = ModelVersion.objects.filter(status=ModelVersion.Status.ACTIVE).first()
    return {
        "verdicts": {"total": sum(by_outcome.values()), **by_outcome},
        "price_records": PriceRecord.objects.count(),
        "model_version": active.label if active else None,
    }
