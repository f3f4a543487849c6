"""Model versions: training, promotion rule, integrity check, promote/rollback, retraining."""

import io
import time
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from ml import registry
from ml.models import ModelVersion
from ml.predictor import ReferencePredictor
from ml.services import (
    ModelVersionError,
    model_version_promote,
    model_version_rollback,
    model_version_train,
)
from ml.tasks import (
    RETRAIN_LOCK_KEY,
    RETRAIN_LOCK_STALE_SECONDS,
    retrain,
    retrain_if_enough_new_records,
    retrain_schedule_if_due,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_first_training_produces_active_version_with_metrics_and_verified_artifact(demo_prices):
    version = ModelVersion.objects.get(pk=model_version_train().pk)
    assert version.status == ModelVersion.Status.ACTIVE
    assert "beats its baselines" in version.status_reason
    success = version.metrics["success"]
    assert success["with_description"]["brier"] < success["base_rate"]["brier"]
    assert success["brier"] < success["base_rate"]["brier"]
    assert version.metrics["cost"]["model"]["n"] > 0
    assert version.data_snapshot["ords_rows"] == 6000
    assert len(version.data_snapshot["sha256"]) == 64
    path = registry.artifact_path(version)
    assert registry.file_sha256(path) == version.artifact_sha256
    predictor = registry.get_predictor()
    assert predictor.version_label == version.label
    assert predictor.version_id == str(version.pk)


def test_altered_artifact_is_refused_and_reference_predictor_serves(active_version):
    path = registry.artifact_path(active_version)
    path.write_bytes(path.read_bytes() + b"tampered")
    registry.clear_cache()
    assert isinstance(registry.get_predictor(), ReferencePredictor)
    with pytest.raises(ModelVersionError):
        model_version_promote(version=active_version, reason="x")  # already active anyway
    active_version.status = ModelVersion.Status.RETIRED
    active_version.save()
    with translation.override("en"), pytest.raises(ModelVersionError, match="cannot be loaded"):
        model_version_promote(version=active_version, reason="try the altered file")


def test_artifact_of_another_scikit_learn_version_is_refused_and_ensure_models_retrains(
    active_version,
):
    ModelVersion.objects.filter(pk=active_version.pk).update(sklearn_version="0.24.2")
    registry.clear_cache()

    assert isinstance(registry.get_predictor(), ReferencePredictor)

    out = io.StringIO()
    call_command("ensure_models", max_rows=800, stdout=out)
    assert "scikit-learn 0.24.2" in out.getvalue()
    assert "training a new version" in out.getvalue()


def test_worse_candidate_is_not_promoted(active_version):
    worse = model_version_train(max_rows=800)
    assert worse.status == ModelVersion.Status.CANDIDATE
    assert f"worse than active {active_version.label}" in worse.status_reason
    assert ModelVersion.objects.get(status=ModelVersion.Status.ACTIVE) == active_version
    assert worse.metrics["active_rescored"]["label"] == active_version.label


def test_promote_and_rollback_record_the_reason(active_version):
    candidate = model_version_train(max_rows=800)
    promoted = model_version_promote(version=candidate, reason="manual check by staff")
    assert promoted.status == ModelVersion.Status.ACTIVE
    assert "manual check by staff" in promoted.status_reason
    active_version.refresh_from_db()
    assert active_version.status == ModelVersion.Status.RETIRED
    assert registry.get_predictor().version_label == candidate.label

    model_version_rollback(to_version=active_version, reason="worse verdicts")
    active_version.refresh_from_db()
    candidate.refresh_from_db()
    assert active_version.status == ModelVersion.Status.ACTIVE
    assert "rollback: worse verdicts" in active_version.status_reason
    assert candidate.status == ModelVersion.Status.REJECTED
    assert registry.get_predictor().version_label == active_version.label


def _expected_cost(category, symptom_slug):
    from repair_advice.services import verdict_evaluate

    facts, _ = verdict_evaluate(category=category, symptom_slugs=[symptom_slug], age_years=5)
    return facts["repair_cost_eur"]["expected"]


def test_cost_follows_dearer_imported_records_after_retraining(active_version, catalogue):
    from prices.services import price_records_import

    category = catalogue.get(slug="washing-machine")
    before = _expected_cost(category, "does-not-drain")
    rows = ["record_id,repaired_on,category,symptom,brand,age_years,total_eur,outcome,postcode"]
    day = date.today() - timedelta(days=30)
    for n in range(120):
        price = 600 + (n % 7) * 20
        rows.append(
            f"dear-{n},{day - timedelta(days=n)},washing-machine,does-not-drain,Bosch,"
            f"{3 + n % 9},{price},repaired,35{n % 10}1"
        )
    result = price_records_import(source=io.StringIO("\n".join(rows) + "\n"))
    assert result.ok, result.errors[:3]

    new = retrain.delay().get()
    assert new["status"] == ModelVersion.Status.ACTIVE, new
    after = _expected_cost(category, "does-not-drain")
    assert after > 2 * before
    assert 450 < after < 900


def test_retrain_lock_prevents_concurrent_runs(demo_prices):
    running = {"token": "another-worker", "heartbeat": time.time()}
    cache.add(RETRAIN_LOCK_KEY, running, timeout=60)
    outcome = retrain.delay().get()
    assert outcome["status"] == "skipped"
    assert not ModelVersion.objects.exists()
    assert cache.get(RETRAIN_LOCK_KEY) == running  # not released by the skipped run


def test_a_lock_whose_worker_stopped_beating_is_taken_over(demo_prices, settings):
    settings.ML_TRAINING_MAX_ROWS = 1500
    dead = {"token": "killed-worker", "heartbeat": time.time() - RETRAIN_LOCK_STALE_SECONDS - 1}
    cache.add(RETRAIN_LOCK_KEY, dead, timeout=60)
    outcome = retrain.delay(force=True).get()
    assert outcome["version"] is not None
    assert cache.get(RETRAIN_LOCK_KEY) is None


def test_retrain_releases_the_lock_and_is_idempotent_on_unchanged_data(active_version):
    first = retrain.delay().get()
    second = retrain.delay().get()
    assert first["version"] == second["version"] == active_version.label
    assert cache.get(RETRAIN_LOCK_KEY) is None
    assert ModelVersion.objects.count() == 1


def test_retrain_if_enough_new_records_waits_for_the_threshold(active_version, settings):
    settings.ML_RETRAIN_AFTER_NEW_RECORDS = 10_000
    outcome = retrain_if_enough_new_records.delay().get()
    assert outcome == {"new_records": 0, "retrain_enqueued": False}
    assert ModelVersion.objects.count() == 1


def test_the_retrain_check_trains_when_enough_new_records_arrived(demo_prices, settings):
    from ml.tasks import retrain_if_enough_new_records

    settings.ML_RETRAIN_AFTER_NEW_RECORDS = 100
    settings.ML_TRAINING_MAX_ROWS = 1500
    result = retrain_if_enough_new_records()
    assert result["retrain_enqueued"] is True
    assert ModelVersion.objects.filter(status=ModelVersion.Status.ACTIVE).exists()


def test_the_retrain_check_waits_until_enough_new_records_arrived(demo_prices, settings):
    from ml.tasks import retrain_if_enough_new_records

    settings.ML_RETRAIN_AFTER_NEW_RECORDS = 10**6
    assert retrain_if_enough_new_records()["retrain_enqueued"] is False
    assert not ModelVersion.objects.exists()


def test_scheduling_after_writes_enqueues_the_check_only_when_a_worker_exists(
    settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as embedded:
        retrain_schedule_if_due()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with django_capture_on_commit_callbacks(execute=False) as with_worker:
        retrain_schedule_if_due()
    assert (len(embedded), len(with_worker)) == (0, 1)


def test_a_price_import_reaches_the_retrain_check_through_the_prices_signal(
    settings, django_capture_on_commit_callbacks
):
    """Prices sit below ml and never import it: the written records are announced by a signal."""
    from prices.services import price_records_import

    settings.CELERY_TASK_ALWAYS_EAGER = False
    csv_text = (
        "record_id,repaired_on,category,total_eur,outcome\n"
        "r-1,2026-01-10,washing-machine,120,repaired\n"
    )
    with django_capture_on_commit_callbacks(execute=False) as dry:
        price_records_import(source=io.StringIO(csv_text), dry_run=True)
    with django_capture_on_commit_callbacks(execute=False) as real:
        price_records_import(source=io.StringIO(csv_text))
    assert (len(dry), len(real)) == (0, 1)


def test_ensure_models_trains_only_without_an_active_version(active_version):
    out = io.StringIO()
    call_command("ensure_models", stdout=out)
    assert f"{active_version.label} is active; nothing to do" in out.getvalue()
    assert ModelVersion.objects.count() == 1


def test_retrain_and_evaluate_commands_report(active_version, demo_prices):
    out = io.StringIO()
    call_command("retrain", "--force", "--max-rows", "800", stdout=out)
    assert out.getvalue().startswith("retrain: version v2 status candidate (")
    out = io.StringIO()
    call_command("evaluate_models", stdout=out)
    table = out.getvalue()
    assert "per-category rate" in table and "category x symptom median" in table
