"""Training data nobody can poison: consumer reports far outside the trusted band are kept but not
trained on, the rest weigh a fifth, and the promotion gate scores on vouched-for records only."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from ml.models import ModelVersion
from ml.services import model_version_train
from prices.models import PriceRecord
from tests.maintenance.factories import VerdictFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

POISON = {"choice": "repaired", "repaired_where": "Fixit", "price_eur": "4999", "worked": "yes"}


def _expected_cost(category, symptom_slug):
    from repair_advice.services import verdict_evaluate

    facts, _ = verdict_evaluate(category=category, symptom_slugs=[symptom_slug], age_years=5)
    return facts["repair_cost_eur"]["expected"]


def test_600_consumer_follow_ups_at_4999_do_not_move_the_cost_of_their_cell(
    active_version, catalogue, client, settings
):
    settings.FOLLOW_UP_RATE_LIMIT = "10000/hour"  # the per-client limit is tested elsewhere
    washer = catalogue.get(slug="washing-machine")
    before = _expected_cost(washer, "does-not-drain")

    for _ in range(600):
        verdict = VerdictFactory(
            category=washer, symptom_slugs=["does-not-drain"], outcome="repair"
        )
        response = client.post(reverse("maintenance:follow-up", args=[verdict.pk]), POISON)
        assert response.status_code == 302

    reports = PriceRecord.objects.filter(origin=PriceRecord.Origin.CONSUMER)
    assert reports.count() == 600  # kept, for the record
    assert not reports.filter(trusted=True).exists()
    assert "over twice the P90" in reports.first().excluded_reason
    candidate = model_version_train()
    assert candidate.data_snapshot["sha256"] == active_version.data_snapshot["sha256"]
    after = _expected_cost(washer, "does-not-drain")
    assert abs(after - before) <= 0.02 * before, (before, after)


def test_a_candidate_trained_on_dear_consumer_reports_is_not_promoted(active_version, catalogue):
    """Reports just inside the band are trained on (down-weighted); the gate scores the candidate
    on vouched-for records only, where their pull on the cell shows as a worse model."""
    from prices.selectors import price_trusted_band
    from prices.services import price_records_import

    washer = catalogue.get(slug="washing-machine")
    symptom = washer.symptoms.get(slug="does-not-drain")
    band = price_trusted_band(category_id=washer.pk, symptom_id=symptom.pk)
    dear = int(band.p90 * 2) - 1
    day = date.today() - timedelta(days=10)
    rows = ["record_id,repaired_on,category,symptom,brand,age_years,total_eur,outcome"]
    rows += [
        f"c-{n},{day - timedelta(days=n % 30)},washing-machine,does-not-drain,Bosch,5,{dear},"
        "repaired"
        for n in range(600)
    ]
    result = price_records_import(
        source=io.StringIO("\n".join(rows) + "\n"), origin=PriceRecord.Origin.CONSUMER
    )
    assert result.ok and not PriceRecord.objects.filter(trusted=False).exists()

    candidate = model_version_train()

    assert candidate.status == ModelVersion.Status.CANDIDATE, candidate.status_reason
    assert f"worse than active {active_version.label}" in candidate.status_reason
    assert candidate.metrics["cost"]["model"]["n"] == active_version.metrics["cost"]["model"]["n"]
    assert ModelVersion.objects.get(status=ModelVersion.Status.ACTIVE) == active_version
