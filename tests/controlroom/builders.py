"""Verdicts and follow-ups with known numbers, for the dashboard tests."""

import datetime
from decimal import Decimal

from django.utils import timezone


def local_datetime(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def make_verdict(
    *,
    category,
    outcome: str,
    on: datetime.date,
    co2e_repair: float = 50.0,
    co2e_replace: float = 200.0,
    expected_cost: float = 150.0,
    model_version=None,
):
    """A verdict with the given outcome, CO2e and expected repair cost, made on `on`."""
    from repair_advice.models import Verdict

    verdict = Verdict.objects.create(
        category=category,
        outcome=outcome,
        confidence=0.8,
        facts={
            "verdict": outcome,
            "co2e_kg": {"repair": co2e_repair, "replace": co2e_replace},
            "repair_cost_eur": {
                "low": expected_cost * 0.7,
                "expected": expected_cost,
                "high": expected_cost * 1.4,
            },
        },
        model_version=model_version,
    )
    Verdict.objects.filter(pk=verdict.pk).update(created_at=local_datetime(on))
    verdict.refresh_from_db()
    return verdict


def make_follow_up(verdict, *, choice: str = "repaired", worked=True, price=None):
    from maintenance.models import FollowUp

    return FollowUp.objects.create(
        verdict=verdict,
        choice=choice,
        worked=worked,
        price_eur=None if price is None else Decimal(str(price)),
    )
