"""Training, promotion and rollback of model versions."""

import copy
import dataclasses
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import joblib
import sklearn
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.api_errors import StateConflict
from ml import registry
from ml.models import ModelVersion
from ml.registry import ArtifactIntegrityError, file_sha256, load_predictor
from ml.selectors import category_references, model_version_active
from ml.trained import ArtifactFormatError
from ml.training import (
    TrainingResult,
    data_sha256,
    models_train,
    ords_load,
    predictor_cost_scores,
    predictor_success_scores,
)
from prices.selectors import price_records_for_training

logger = logging.getLogger(__name__)

# A new version may be this much worse than the active one and still replace it (noise of refits).
SUCCESS_BRIER_TOLERANCE = 0.0005  # absolute
COST_PINBALL_TOLERANCE = 0.01  # relative
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ModelVersionError(StateConflict):
    """A lifecycle action that is not possible for this version (the message says why)."""


@dataclass(frozen=True)
class PromotionDecision:
    promote: bool
    reason: str


def code_version() -> str:
    """The git commit of the checkout (read from .git without running git), else the package
    version."""
    git_dir = PROJECT_ROOT / ".git"
    try:
        head = (git_dir / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:40]
        ref = head[5:]
        ref_file = git_dir / ref
        if ref_file.is_file():
            return ref_file.read_text().strip()[:40]
        for line in (git_dir / "packed-refs").read_text().splitlines():
            if line.endswith(f" {ref}"):
                return line.split()[0][:40]
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"moeitewaard {version('moeitewaard')}"
    except PackageNotFoundError:
        return "unknown"


def _next_label() -> str:
    numbers = [
        int(label[1:])
        for label in ModelVersion.objects.values_list("label", flat=True)
        if label.startswith("v") and label[1:].isdigit()
    ]
    return f"v{max(numbers, default=0) + 1}"


def _artifact_write(artifact: dict, name: str) -> tuple[str, str]:
    """Write atomically (temp file, fsync, rename) and return (relative path, sha256)."""
    directory = Path(settings.ML_ARTIFACT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / name
    with tempfile.NamedTemporaryFile(dir=directory, suffix=".tmp", delete=False) as handle:
        try:
            joblib.dump(artifact, handle, compress=3)
            handle.flush()
            os.fsync(handle.fileno())
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise
    os.replace(handle.name, target)
    if hasattr(os, "O_DIRECTORY"):
        descriptor = os.open(directory, os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    return name, file_sha256(target)


def _all_events(success: dict) -> dict:
    """Scores with the description over every held-out event (the baselines' rows)."""
    return success.get("with_description_all_events") or success["with_description"]


def _beats_baselines(metrics: dict) -> PromotionDecision:
    """A first version must beat the best baseline with the description and the base rate
    without it (the per-category rate is reported; at small samples it can tie the model)."""
    success = metrics["success"]
    with_text = _all_events(success)["brier"]
    without_text = success["brier"]
    base_rate = success["base_rate"]["brier"]
    best_baseline = min(base_rate, success["per_category_rate"]["brier"])
    parts = [
        f"success Brier {with_text:.4f} with description vs best baseline {best_baseline:.4f}",
        f"{without_text:.4f} without vs base rate {base_rate:.4f}",
    ]
    ok = with_text < best_baseline and without_text < base_rate
    cost = metrics.get("cost")
    if cost:
        model_loss = cost["model"]["pinball_mean"]
        baseline_loss = cost["category_symptom_median"]["pinball_mean"]
        parts.append(f"cost pinball {model_loss:.2f} vs baseline {baseline_loss:.2f}")
        ok = ok and model_loss <= baseline_loss * (1 + COST_PINBALL_TOLERANCE)
    verdict = "beats its baselines" if ok else "does not beat its baselines"
    return PromotionDecision(ok, f"{verdict}: " + "; ".join(parts))


def _compare_with_active(result: TrainingResult, active: ModelVersion) -> PromotionDecision:
    """Re-score the active version's artifact on the new holdout (with and without the
    description) and compare."""
    try:
        predictor = load_predictor(active)
    except (ArtifactIntegrityError, ArtifactFormatError, OSError, KeyError, ValueError) as exc:
        baseline = _beats_baselines(result.metrics)
        return PromotionDecision(
            baseline.promote,
            f"active {active.label} cannot be re-scored ({exc}); {baseline.reason}",
        )
    new = result.metrics["success"]
    rescored = {
        "success_brier": predictor_success_scores(
            predictor, result.success_holdout, with_description=False
        )["brier"],
        "success_with_description_brier": predictor_success_scores(
            predictor, result.success_holdout, with_description=True
        )["brier"],
    }
    parts, ok = [], True
    for name, new_brier, old_brier in (
        ("without description", new["brier"], rescored["success_brier"]),
        (
            "with description",
            _all_events(new)["brier"],
            rescored["success_with_description_brier"],
        ),
    ):
        parts.append(f"success Brier {name} {new_brier:.4f} vs {active.label} {old_brier:.4f}")
        ok = ok and new_brier <= old_brier + SUCCESS_BRIER_TOLERANCE
    references = category_references()
    new_cost = predictor_cost_scores(result.predictor, result.cost_holdout, references)
    old_cost = predictor_cost_scores(predictor, result.cost_holdout, references)
    if new_cost and old_cost:
        new_loss, old_loss = new_cost["pinball_mean"], old_cost["pinball_mean"]
        parts.append(f"cost pinball {new_loss:.2f} vs {active.label} {old_loss:.2f}")
        ok = ok and new_loss <= old_loss * (1 + COST_PINBALL_TOLERANCE)
    result.metrics["active_rescored"] = {"label": active.label, **rescored, "cost": old_cost}
    verdict = "not worse than" if ok else "worse than"
    return PromotionDecision(
        ok, f"{verdict} active {active.label} on the same holdout: " + "; ".join(parts)
    )


def promotion_decide(result: TrainingResult) -> PromotionDecision:
    """Promotion rule: not worse than the active version on the new holdout (small tolerance);
    the first version must beat its baselines."""
    active = model_version_active()
    if active is None:
        return _beats_baselines(result.metrics)
    return _compare_with_active(result, active)


@transaction.atomic
def _activate(version: ModelVersion, *, reason: str, previous_status: str) -> ModelVersion:
    now = timezone.now()
    for old in ModelVersion.objects.select_for_update().filter(status=ModelVersion.Status.ACTIVE):
        if old.pk == version.pk:
            continue
        old.status = previous_status
        old.status_reason = f"replaced by {version.label}: {reason}"
        old.save(update_fields=["status", "status_reason"])
    version.status = ModelVersion.Status.ACTIVE
    version.status_reason = reason
    version.activated_at = now
    version.save(update_fields=["status", "status_reason", "activated_at"])
    # This process switches at once (and again after commit, for its other threads).
    registry.clear_cache()
    transaction.on_commit(registry.clear_cache)
    return version


def training_data_load(*, max_rows: int) -> tuple:
    """ORDS sample and price records, and the sha256 that identifies them."""
    ords = ords_load(max_rows=max_rows)
    prices = price_records_for_training()
    return ords, prices, data_sha256(ords, prices)


def model_evaluate_fresh(*, max_rows: int) -> tuple[dict, dict]:
    """Train on the current data and return (metrics, data snapshot) without storing anything."""
    ords, prices, _ = training_data_load(max_rows=max_rows)
    result = models_train(
        ords=ords,
        price_records=prices,
        references=category_references(),
    )
    return result.metrics, result.data_snapshot


def model_version_train(*, max_rows: int | None = None, skip_if_unchanged: bool = False):
    """Train all models, store the artifact and a version; activate it if the rule allows.

    `max_rows` defaults to settings.ML_TRAINING_MAX_ROWS (0 = all). With `skip_if_unchanged`, the
    newest finished version is returned as is when data and code are the same as its own.
    """
    if max_rows is None:
        max_rows = settings.ML_TRAINING_MAX_ROWS
    ords, prices, sha = training_data_load(max_rows=max_rows)
    code = code_version()
    if skip_if_unchanged:
        latest = (
            ModelVersion.objects.filter(
                status__in=[ModelVersion.Status.ACTIVE, ModelVersion.Status.CANDIDATE]
            )
            .order_by("-created_at")
            .first()
        )
        if latest and latest.data_snapshot.get("sha256") == sha and latest.code_version == code:
            logger.info("Data and code unchanged since %s; not retraining", latest.label)
            latest.unchanged = True  # not stored: tells the caller that nothing was trained
            return latest
    version = _version_create(code=code, max_rows=max_rows, sha=sha)
    try:
        result = models_train(
            ords=ords,
            price_records=prices,
            references=category_references(),
        )
        return _version_finish(version, result, max_rows=max_rows)
    except Exception as exc:
        version.status = ModelVersion.Status.FAILED
        version.status_reason = f"{type(exc).__name__}: {exc}"[:2000]
        version.finished_at = timezone.now()
        version.save(update_fields=["status", "status_reason", "finished_at"])
        logger.exception("Training of %s failed", version.label)
        raise


def model_version_register(*, result: TrainingResult, max_rows: int) -> ModelVersion:
    """Store models trained elsewhere (`ml.training.models_train`) as a new version and apply the
    promotion rule, exactly as after `model_version_train`."""
    version = _version_create(
        code=code_version(), max_rows=max_rows, sha=result.data_snapshot["sha256"]
    )
    return _version_finish(version, result, max_rows=max_rows)


def _version_create(*, code: str, max_rows: int, sha: str) -> ModelVersion:
    return ModelVersion.objects.create(
        label=_next_label(),
        status=ModelVersion.Status.TRAINING,
        code_version=code,
        sklearn_version=sklearn.__version__,
        data_snapshot={"max_rows": max_rows, "sha256": sha},
    )


def _version_finish(version: ModelVersion, result: TrainingResult, *, max_rows: int):
    """Write the artifact, store metrics and snapshot; activate the version if the rule allows."""
    path, digest = _artifact_write(result.artifact, f"{version.label}-{version.pk.hex[:8]}.joblib")
    result = dataclasses.replace(result, metrics=copy.deepcopy(result.metrics))
    decision = promotion_decide(result)
    version.metrics = result.metrics
    version.data_snapshot = {**result.data_snapshot, "max_rows": max_rows}
    version.artifact_path = path
    version.artifact_sha256 = digest
    version.finished_at = timezone.now()
    version.status = ModelVersion.Status.CANDIDATE
    version.status_reason = decision.reason
    version.save()
    if decision.promote:
        _activate(version, reason=decision.reason, previous_status=ModelVersion.Status.RETIRED)
    logger.info("Trained %s: %s (%s)", version.label, version.status, decision.reason)
    return version


def model_versions_fail_interrupted() -> int:
    """Mark versions left in `training` by a stopped worker as failed.

    Called by the retrain task while it holds the retrain lock, so no training is running.
    """
    return ModelVersion.objects.filter(status=ModelVersion.Status.TRAINING).update(
        status=ModelVersion.Status.FAILED,
        status_reason="Interrupted: the worker stopped before training finished.",
        finished_at=timezone.now(),
    )


def _verified(version: ModelVersion) -> None:
    if not version.artifact_sha256:
        raise ModelVersionError(_("%(label)s has no artifact.") % {"label": version.label})
    try:
        load_predictor(version)
    except (ArtifactIntegrityError, ArtifactFormatError) as exc:
        raise ModelVersionError(
            _("%(label)s cannot be loaded: %(error)s") % {"label": version.label, "error": exc}
        ) from exc


def model_version_promote(*, version: ModelVersion, reason: str) -> ModelVersion:
    """Make a candidate (or retired/rejected) version active by hand, recording why."""
    if version.status == ModelVersion.Status.ACTIVE:
        raise ModelVersionError(_("%(label)s is already active.") % {"label": version.label})
    if version.status in (ModelVersion.Status.TRAINING, ModelVersion.Status.FAILED):
        raise ModelVersionError(
            _("%(label)s is %(status)s and cannot be promoted.")
            % {"label": version.label, "status": version.get_status_display()}
        )
    _verified(version)
    return _activate(
        version, reason=f"promoted: {reason}", previous_status=ModelVersion.Status.RETIRED
    )


def model_version_rollback(*, to_version: ModelVersion, reason: str) -> ModelVersion:
    """Re-activate an earlier version; the current active one becomes rejected with the reason."""
    if to_version.status == ModelVersion.Status.ACTIVE:
        raise ModelVersionError(_("%(label)s is already active.") % {"label": to_version.label})
    if to_version.status not in (ModelVersion.Status.RETIRED, ModelVersion.Status.CANDIDATE):
        raise ModelVersionError(
            _("Cannot roll back to %(label)s (%(status)s).")
            % {"label": to_version.label, "status": to_version.get_status_display()}
        )
    _verified(to_version)
    return _activate(
        to_version, reason=f"rollback: {reason}", previous_status=ModelVersion.Status.REJECTED
    )
