"""Issue 12 on the ML side: calibrated success, age never raising it, symptoms not inflating it,
conformal cost bands, professional success from outcomes, and the JSON metrics contract."""

import io
import json

import numpy as np
import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from ml import registry
from ml.models import ModelVersion
from ml.predictor import ApplianceCase, CategoryReference, ProfessionalSuccess, ReferencePredictor

REFERENCE = CategoryReference(
    callout_fee_eur=60.0,
    repair_cost_low_eur=80.0,
    repair_cost_high_eur=250.0,
    symptom_cost_factors={},
    baseline_success_probability=0.7,
)


@pytest.mark.django_db
def test_other_symptom_and_no_symptom_are_at_most_the_category_average(trained, catalogue):
    """Given a case with only a category (symptom `other` or none, no description), then its
    success probability is at most the category's training success rate, and no symptom lifts
    it above another."""
    predictor = trained.predictor
    rates = trained.artifact["success"]["category_rate"]
    for category in catalogue.exclude(ords_category=""):
        if category.ords_category not in rates:
            continue
        symptoms = [s.slug for s in category.symptoms.all()]
        probabilities = {
            slug: predictor.success_probability(
                ApplianceCase(category.slug, category.ords_category, (slug,) if slug else ()),
                REFERENCE,
            )
            for slug in [*symptoms, ""]
        }
        average_over_symptoms = np.mean(list(probabilities.values()))
        assert probabilities.get("other", probabilities[""]) <= average_over_symptoms + 1e-12
        assert probabilities[""] <= rates[category.ords_category] + 1e-9, category.slug


def test_success_at_15_years_is_below_1_year_where_the_data_say_so(trained):
    """Kettles: in the repair events (the 6,000-row sample and all rows) older ones are fixed
    less often, so the per-category age steps come out negative."""
    predictor = trained.predictor
    young, old = (
        predictor.success_probability(ApplianceCase("x", "Kettle", (), age), REFERENCE)
        for age in (1.0, 15.0)
    )
    assert old < young


@settings(max_examples=60, deadline=None)
@given(
    younger=st.floats(0, 60),
    extra=st.floats(0, 60),
    category=st.sampled_from(["Vacuum", "Laptop", "Kettle", "Lamp", "Unheard of"]),
    description=st.sampled_from(["", "no power", "motor brummt", "pompt niet af"]),
    brand=st.sampled_from(["", "Philips", "Bosch", "NoName"]),
)
def test_an_older_appliance_never_gets_a_higher_success_probability(
    trained, younger, extra, category, description, brand
):
    predictor = trained.predictor
    older = min(younger + extra, 60.0)

    def p(age):
        return predictor.success_probability(
            ApplianceCase("x", category, (), age, brand, description), REFERENCE
        )

    assert p(older) <= p(younger) + 1e-12


def test_holdout_metrics_report_calibration(trained):
    success = trained.metrics["success"]
    for scores in (success, success["with_description"]):
        assert 0 <= scores["ece"] < 0.1
        assert sum(row["n"] for row in scores["reliability"]) == scores["n"]
    assert 0.6 <= trained.metrics["cost"]["coverage_p10_p90"] <= 0.95


@pytest.mark.django_db
def test_professional_success_is_learned_from_real_outcomes_only(catalogue):
    """Given imported outcomes for two washing-machine symptoms and synthetic ones that say the
    opposite, when the models are trained, then the estimate is the beta-binomial shrinkage of the
    real outcomes per symptom; the lowest of several symptoms counts; a symptom without outcomes
    gets the category's pooled counts; declined quotes and synthetic records count for nothing."""
    from ml.training import models_train, ords_load
    from prices.models import PriceRecord
    from prices.selectors import price_records_for_training
    from tests.prices.factories import PriceRecordFactory

    machine = catalogue.get(slug="washing-machine")
    drain = machine.symptoms.get(slug="does-not-drain")
    other = machine.symptoms.get(slug="other")

    def records(symptom, outcome, n, origin=PriceRecord.Origin.IMPORT):
        PriceRecordFactory.create_batch(
            n, category=machine, symptom=symptom, outcome=outcome, origin=origin
        )

    records(drain, PriceRecord.Outcome.REPAIRED, 8)
    records(drain, PriceRecord.Outcome.NOT_REPAIRABLE, 2)
    records(other, PriceRecord.Outcome.REPAIRED, 1)
    records(other, PriceRecord.Outcome.NOT_REPAIRABLE, 3)
    records(drain, PriceRecord.Outcome.QUOTE_DECLINED, 5)
    records(drain, PriceRecord.Outcome.NOT_REPAIRABLE, 50, origin=PriceRecord.Origin.SYNTHETIC)

    result = models_train(
        ords=ords_load(max_rows=1500), price_records=price_records_for_training(), references={}
    )
    predictor = result.predictor

    def estimate(*symptoms):
        case = ApplianceCase("washing-machine", "Large home electrical", symptoms, 5.0)
        return predictor.professional_success(case, prior=0.9, prior_strength=4.0)

    assert estimate("does-not-drain") == ProfessionalSuccess((8 + 3.6) / (10 + 4), 8, 2)
    assert estimate("does-not-drain", "other") == ProfessionalSuccess((1 + 3.6) / (4 + 4), 1, 3)
    pooled = ProfessionalSuccess((9 + 3.6) / (14 + 4), 9, 5)
    assert estimate("no-such-symptom") == pooled
    assert estimate() == pooled
    unknown = ApplianceCase("kettle", "Kettle", ("other",), 5.0)
    assert predictor.professional_success(unknown, prior=0.9, prior_strength=4.0) == (
        ProfessionalSuccess(0.9, 0, 0)
    )
    assert ReferencePredictor().professional_success(
        unknown, prior=0.8, prior_strength=4.0
    ) == ProfessionalSuccess(0.8, 0, 0)


def _json_output(*args) -> dict:
    out = io.StringIO()
    call_command("evaluate_models", "--json", *args, stdout=out)
    return json.loads(out.getvalue())  # exactly one JSON object, nothing else


def _assert_contract(metrics: dict) -> None:
    success, cost = metrics["success"], metrics["cost"]
    assert 0.5 < success["auc"] <= 1
    # With a description: the held-out events that have one (a small sample at 1,500 rows).
    described, every = success["with_description"], success["with_description_all_events"]
    assert 0 <= described["auc"] <= 1 and 0 < described["n"] < every["n"] == success["n"]
    assert -1 < success["brier_skill"] < 1
    assert 0 <= success["ece"] < 0.1
    assert -1 < success["per_category_rate"]["brier_skill"] < 1
    assert 0.5 < success["per_category_rate"]["auc"] <= 1
    assert {"bin", "mean_predicted", "observed_rate", "n"} <= set(success["reliability"][0])
    assert 0 <= cost["coverage_p10_p90"] <= 1


@pytest.mark.django_db
def test_evaluate_models_json_fresh_and_active(active_version, settings):
    settings.ML_TRAINING_MAX_ROWS = 1500
    fresh = _json_output("--fresh")
    _assert_contract(fresh)
    assert fresh["version"] == "fresh"
    active = _json_output()
    _assert_contract(active)
    assert active["version"] == active_version.label


@pytest.mark.django_db
def test_an_artifact_of_an_older_format_is_not_served_and_ensure_models_retrains(
    active_version, settings
):
    import joblib

    from ml.registry import artifact_path, file_sha256

    path = artifact_path(active_version)
    artifact = joblib.load(path)
    joblib.dump({**artifact, "format": 1}, path)
    active_version.artifact_sha256 = file_sha256(path)
    active_version.save()
    registry.clear_cache()
    assert isinstance(registry.get_predictor(), ReferencePredictor)

    settings.ML_TRAINING_MAX_ROWS = 1500
    out = io.StringIO()
    call_command("ensure_models", stdout=out)
    assert "cannot be served" in out.getvalue()
    new = ModelVersion.objects.get(status=ModelVersion.Status.ACTIVE)
    assert new != active_version
    assert registry.get_predictor().version_label == new.label
