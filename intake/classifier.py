"""The learned part of the symptom classifier: one small text model per category that the repair
quests label (intake/quests.py), trained on first use and cached in ML_ARTIFACT_DIR."""

import hashlib
import logging
import threading
from pathlib import Path

import joblib
from django.conf import settings
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline

from intake.quests import QUEST_ROWS_FILE, QuestRow, quest_rows_load
from ml.text import fold, strip_outcome_words

logger = logging.getLogger(__name__)

ARTIFACT_NAME = "intake_symptoms.joblib"
# One group in HOLDOUT_SHARE goes to the holdout, chosen by a hash of the group id (stable).
HOLDOUT_SHARE = 5
_lock = threading.Lock()
_models: dict[str, Pipeline] | None = None


def model_text(text: str) -> str:
    """What the model reads: accents folded, lower case, outcome words removed (ml/text.py)."""
    return strip_outcome_words(fold(text.lower()))


def in_holdout(group: str) -> bool:
    digest = hashlib.sha256(group.encode()).digest()
    return digest[0] % HOLDOUT_SHARE == 0


def symptom_models_train(rows: list[QuestRow]) -> dict[str, Pipeline]:
    """A TF-IDF (character n-grams) + logistic regression model per category."""
    models = {}
    for category in sorted({r.category for r in rows}):
        own = [r for r in rows if r.category == category]
        if len({r.symptom for r in own}) < 2:
            continue
        model = Pipeline([
            ("tfidf", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=3,
                                      sublinear_tf=True, max_features=20_000)),
            ("clf", SGDClassifier(loss="log_loss", alpha=1e-4, max_iter=30, tol=None,
                                  class_weight="balanced", random_state=0)),
        ])  # fmt: skip
        model.fit([model_text(r.text) for r in own], [r.symptom for r in own])
        models[category] = model
    return models


def _artifact_path() -> Path:
    digest = hashlib.sha256(QUEST_ROWS_FILE.read_bytes()).hexdigest()[:12]
    return Path(settings.ML_ARTIFACT_DIR) / f"{digest}-{ARTIFACT_NAME}"


def symptom_models() -> dict[str, Pipeline]:
    """The trained models, loaded once per process; trained and saved when no artifact exists
    for this version of the quest rows. Empty when the rows are missing."""
    global _models
    if _models is not None:
        return _models
    with _lock:
        if _models is None:
            if not QUEST_ROWS_FILE.exists():
                logger.warning("No quest rows at %s: symptoms by vocabulary only", QUEST_ROWS_FILE)
                _models = {}
                return _models
            path = _artifact_path()
            if path.exists():
                _models = joblib.load(path)
            else:
                models = symptom_models_train(quest_rows_load())
                path.parent.mkdir(parents=True, exist_ok=True)
                joblib.dump(models, path)
                _models = models
    return _models


def symptom_probabilities(
    *, category: str, text: str, models: dict[str, Pipeline] | None = None
) -> dict[str, float]:
    """The model's probability per symptom slug, or {} where no quest labels the category."""
    model = (symptom_models() if models is None else models).get(category)
    if model is None:
        return {}
    probabilities = model.predict_proba([model_text(text)])[0]
    return dict(zip(model.classes_, (float(p) for p in probabilities), strict=True))
