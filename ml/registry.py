"""Loads the active model version lazily, once per process, and switches when it changes."""

import hashlib
import logging
import threading
import time
from pathlib import Path

import sklearn
from django.conf import settings

from ml.models import ModelVersion
from ml.predictor import Predictor, ReferencePredictor
from ml.trained import ArtifactFormatError, ArtifactLibraryVersionError, TrainedPredictor

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_loaded: dict[str, Predictor] = {}


class ArtifactIntegrityError(Exception):
    """The artifact on disk is not the file we wrote (checksum mismatch or missing)."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def artifact_path(version: ModelVersion) -> Path:
    path = Path(version.artifact_path)
    return path if path.is_absolute() else Path(settings.ML_ARTIFACT_DIR) / path


def load_predictor(version: ModelVersion) -> Predictor:
    """Load a version's artifact after verifying its checksum, so only our own files are loaded."""
    path = artifact_path(version)
    if not path.is_file() or file_sha256(path) != version.artifact_sha256:
        raise ArtifactIntegrityError(f"Artifact of model {version.label} is missing or altered.")
    if version.sklearn_version != sklearn.__version__:
        raise ArtifactLibraryVersionError(
            f"Model {version.label} was trained with scikit-learn {version.sklearn_version}; "
            f"this process has {sklearn.__version__}. Retrain it (manage.py ensure_models)."
        )
    return TrainedPredictor.from_file(path, version_id=str(version.id), label=version.label)


# Which version is active is looked up at most once a second per process: a verdict saves a query,
# and another process's promotion reaches this one within a second (this process's own at once).
ACTIVE_VERSION_TTL_SECONDS = 1.0
_active: dict[str, object] = {"version": None, "checked_at": float("-inf")}


def _active_version() -> ModelVersion | None:
    now = time.monotonic()
    if now - _active["checked_at"] >= ACTIVE_VERSION_TTL_SECONDS:
        _active["version"] = (
            ModelVersion.objects.filter(status=ModelVersion.Status.ACTIVE)
            .only("id", "label", "artifact_path", "artifact_sha256", "sklearn_version")
            .first()
        )
        _active["checked_at"] = now
    return _active["version"]


def get_predictor() -> Predictor:
    """The predictor of the active model version (or the reference predictor if there is none)."""
    active = _active_version()
    if active is None:
        return ReferencePredictor()
    key = str(active.id)
    predictor = _loaded.get(key)
    if predictor is not None:
        return predictor
    with _lock:
        if key not in _loaded:
            try:
                loaded = load_predictor(active)
            except (ArtifactIntegrityError, ArtifactFormatError):
                # An altered file, or one written by an older version of this code (retrain with
                # `manage.py ensure_models`): catalogue figures rather than a failed verdict.
                logger.exception("Cannot load active model %s; using reference figures", active)
                return ReferencePredictor()
            _loaded.clear()  # one version in memory at a time
            _loaded[key] = loaded
        return _loaded[key]


def clear_cache() -> None:
    """Forget the loaded model and the active version (after a promotion in this process)."""
    with _lock:
        _loaded.clear()
        _active["checked_at"] = float("-inf")
