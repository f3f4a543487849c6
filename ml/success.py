"""Success model: probability that a community repair attempt succeeds, from Open Repair Data.

Two logistic regressions, each calibrated with Platt scaling on held-out repair groups of the
training data (`calibration`), so that a predicted 0.7 means 7 in 10 succeed:

- `structured`: what every consumer can tell (ORDS category, hashed brand, brand known, age as
  non-decreasing steps with coefficients <= 0, age missing). Serves cases without a description.
- `text`: the same features plus TF-IDF of the problem text (character n-grams `char_wb` 2-5 and
  word 1-2 grams, outcome words stripped), fitted on the events that have a text. Serves cases
  with a description.

The age coefficients are <= 0 and the Platt slopes >= 0, so a probability never rises with age.
"""

import math

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils import murmurhash3_32

from ml.text import fold, instructions_removed, strip_outcome_words

# Ages outside this range are data errors in ORDS (e.g. 1003 years) and are treated as unknown.
MAX_PLAUSIBLE_AGE = 60.0
# Step thresholds (years): features 1[age >= k], non-decreasing in age; with coefficients <= 0 they
# can express any non-increasing step function of age.
AGE_STEPS = (2.0, 5.0, 8.0, 12.0, 20.0, 30.0)
BRAND_HASH_FEATURES = 2**12
UNKNOWN_BRANDS = {"", "unknown", "onbekend", "unbekannt", "ukendt", "n/a", "na", "-", "?"}
# Chosen on a group split inside the training data (never the holdout): C = 1 beat 0.3 and 3 on
# Brier and AUC for the text model; 0.1 was best of 0.03/0.1/0.3 for the structured model.
TEXT_C = 1.0
STRUCTURED_C = 0.1
# Active-set refits: the structured part is cheap (2 s); one fit of the text part takes ~30 s on
# all rows, so it is clamped without refits (7 refits made a full retrain 3x slower).
MAX_MONOTONE_REFITS = {"structured": len(AGE_STEPS), "text": 0}
# Each vectorizer's rows are L2-normalised; scaling both by 1/sqrt(2) keeps the joint norm 1.
TEXT_BLOCK_SCALE = 1 / math.sqrt(2)


def clean_age(age: float | None) -> float:
    """Age in years, or NaN if unknown or implausible."""
    if age is None:
        return np.nan
    try:
        value = float(age)
    except (TypeError, ValueError):
        return np.nan
    if not 0 <= value <= MAX_PLAUSIBLE_AGE:
        return np.nan
    return value


def brand_token(brand: str) -> str:
    token = fold(brand or "").strip()
    return "" if token in UNKNOWN_BRANDS else token


def clean_texts(raw: list[str]) -> list[str]:
    """Descriptions as both training and serving feed them to the text model."""
    return [strip_outcome_words(instructions_removed(text)) for text in raw]


def _text_vectorizers() -> list[TfidfVectorizer]:
    common = {"sublinear_tf": True, "dtype": np.float32, "max_df": 0.5}
    return [
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, max_features=50_000,
                        **common),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, max_features=50_000,
                        **common),
    ]  # fmt: skip


def _hasher() -> FeatureHasher:
    return FeatureHasher(n_features=BRAND_HASH_FEATURES, input_type="string")


def structured_width(category_index: dict[str, int]) -> int:
    return BRAND_HASH_FEATURES + 1 + len(category_index) + len(AGE_STEPS) + 1


def _structured_block(
    brands: list[str], categories: list[str], ages: np.ndarray, category_index: dict[str, int]
) -> sp.csr_matrix:
    """[hashed brand, brand known, category one-hot, 1[age >= k] per step, age missing,
    1[age >= k] per category and step] (the last lets age matter more in some categories)."""
    tokens = [brand_token(b) for b in brands]
    brand = _hasher().transform([[t] if t else [] for t in tokens])
    known = sp.csr_matrix(np.array([[1.0 if t else 0.0] for t in tokens]).reshape(-1, 1))
    codes = np.array([category_index.get(c, -1) for c in categories], dtype=np.int64)
    has_category = codes >= 0
    rows = np.flatnonzero(has_category)
    one_hot = sp.csr_matrix(
        (np.ones(len(rows)), (rows, codes[rows])), shape=(len(categories), len(category_index))
    )
    missing = np.isnan(ages)
    filled = np.where(missing, -1.0, ages)
    steps = np.column_stack([(filled >= s).astype(float) for s in AGE_STEPS])
    age = np.column_stack([steps, missing.astype(float)])
    n_steps = len(AGE_STEPS)
    step_rows, step_k = np.nonzero(steps * has_category[:, None])
    by_category = sp.csr_matrix(
        (np.ones(len(step_rows)), (step_rows, codes[step_rows] * n_steps + step_k)),
        shape=(len(categories), len(category_index) * n_steps),
    )
    return sp.hstack([brand, known, one_hot, sp.csr_matrix(age), by_category], format="csr")


def _age_columns(offset: int, category_index: dict[str, int]) -> np.ndarray:
    """The step columns (global, then per category); all constrained to coefficients <= 0."""
    start = offset + BRAND_HASH_FEATURES + 1 + len(category_index)
    by_category = start + len(AGE_STEPS) + 1
    return np.concatenate(
        [
            np.arange(start, start + len(AGE_STEPS)),
            np.arange(by_category, by_category + len(category_index) * len(AGE_STEPS)),
        ]
    )


def _monotone_logistic_fit(
    X: sp.csr_matrix, y: np.ndarray, age_cols: np.ndarray, C: float, max_refits: int
) -> tuple[np.ndarray, float]:
    """Logistic regression with coef <= 0 on `age_cols`: a positive age coefficient is fixed at 0
    and the model refitted (an active-set fit of the bound); a last clamp guarantees it."""
    fixed_at_zero: set[int] = set()
    # liblinear converged 2x faster than lbfgs on the text part (same scores on the inner split).
    solver = "liblinear" if X.shape[1] > 20_000 + BRAND_HASH_FEATURES else "lbfgs"
    classifier = LogisticRegression(C=C, max_iter=2000, solver=solver, warm_start=True)
    for _ in range(max_refits + 1):
        X_fit = X
        if fixed_at_zero:
            mask = np.ones(X.shape[1])
            mask[list(fixed_at_zero)] = 0.0
            X_fit = X @ sp.diags(mask)
        classifier.fit(X_fit, y)
        positive = {int(c) for c in age_cols if classifier.coef_[0, c] > 0}
        if not positive - fixed_at_zero:
            break
        fixed_at_zero |= positive
    coef = classifier.coef_[0].astype(np.float64).copy()
    coef[age_cols] = np.minimum(coef[age_cols], 0.0)
    coef[list(fixed_at_zero)] = 0.0
    return coef, float(classifier.intercept_[0])


def _text_block(vectorizers: list[TfidfVectorizer], texts: list[str]) -> sp.csr_matrix:
    return sp.hstack([v.transform(texts) for v in vectorizers], format="csr") * TEXT_BLOCK_SCALE


def _logits(model: dict, texts, brands, categories, ages) -> np.ndarray:
    blocks = [_structured_block(brands, categories, ages, model["category_index"])]
    if model["vectorizers"]:
        blocks.insert(0, _text_block(model["vectorizers"], texts))
    X = sp.hstack(blocks, format="csr")
    return X @ model["coef"] + model["intercept"]


def _platt_fit(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(a, b) of p = sigmoid(a + b * logit), b >= 0 so that calibration keeps every ordering."""
    if len(y) < 50 or len(set(y.tolist())) < 2:
        return 0.0, 1.0
    fit = LogisticRegression(penalty=None, max_iter=1000).fit(logits.reshape(-1, 1), y)
    slope = float(fit.coef_[0, 0])
    if slope <= 0:  # no signal in the calibration groups: their base rate
        rate = float(np.clip(y.mean(), 1e-3, 1 - 1e-3))
        return math.log(rate / (1 - rate)), 0.0
    return float(fit.intercept_[0]), slope


def _part_fit(*, texts, brands, categories, ages, y, with_text: bool) -> dict:
    category_index = {name: i for i, name in enumerate(sorted(set(categories)))}
    blocks = [_structured_block(brands, categories, ages, category_index)]
    vectorizers: list[TfidfVectorizer] = []
    if with_text:
        vectorizers = _text_vectorizers()
        text = sp.hstack([v.fit_transform(texts) for v in vectorizers], format="csr")
        for vectorizer in vectorizers:
            vectorizer.stop_words_ = None  # only needed for inspection; large in the artifact
        blocks.insert(0, text * TEXT_BLOCK_SCALE)
    offset = sum(len(v.vocabulary_) for v in vectorizers)
    coef, intercept = _monotone_logistic_fit(
        sp.hstack(blocks, format="csr"),
        y,
        _age_columns(offset, category_index),
        TEXT_C if with_text else STRUCTURED_C,
        MAX_MONOTONE_REFITS["text" if with_text else "structured"],
    )
    return {
        "vectorizers": vectorizers,
        "category_index": category_index,
        "coef": coef,
        "intercept": intercept,
        "age_coef": coef[_age_columns(offset, category_index)[: len(AGE_STEPS)]].tolist(),
        "category_age_coef": coef[_age_columns(offset, category_index)[len(AGE_STEPS) :]]
        .reshape(len(category_index), len(AGE_STEPS))
        .tolist(),
        "platt": (0.0, 1.0),
    }


def success_model_fit(
    *,
    texts: list[str],
    brands: list[str],
    categories: list[str],
    ages: np.ndarray,
    y: np.ndarray,
    calibration: np.ndarray,
) -> dict:
    """Fit both parts on the rows outside `calibration` and their Platt maps on the rows inside.

    `texts` must already be cleaned (`clean_texts`); `calibration` is a boolean row mask of whole
    repair groups (ml/training.py), so that calibration sees groups the fit has not seen.
    """
    has_text = np.array([bool(t) for t in texts])
    columns = {"texts": texts, "brands": brands, "categories": categories, "ages": ages}

    def rows(mask: np.ndarray) -> dict:
        index = np.flatnonzero(mask)
        return {
            name: values[index] if isinstance(values, np.ndarray) else [values[i] for i in index]
            for name, values in columns.items()
        }

    fit, held = ~calibration, calibration
    model = {
        "structured": _part_fit(**rows(fit), y=y[fit], with_text=False),
        "text": _part_fit(**rows(fit & has_text), y=y[fit & has_text], with_text=True),
    }
    held_blank = {**rows(held), "texts": [""] * int(held.sum())}
    model["structured"]["platt"] = _platt_fit(_logits(model["structured"], **held_blank), y[held])
    text_rows = held & has_text
    model["text"]["platt"] = _platt_fit(_logits(model["text"], **rows(text_rows)), y[text_rows])
    model["category_rate"] = _category_rates(categories, y, np.ones(len(y), dtype=bool))
    model["base_rate"] = float(y.mean())
    return model


def category_only_cap(model: dict, text: str, brand: str, category: str, age: float) -> float:
    """The category's success rate when the case says nothing but its category (no text, brand
    or age), else 1. The structured part's "age unknown" and "brand unknown" effects come from
    the providers that leave them out; they must not lift a case we know nothing about above its
    category's average."""
    if text or brand_token(brand) or not np.isnan(age):
        return 1.0
    return model["category_rate"].get(category, model["base_rate"])


def _category_rates(categories: list[str], y: np.ndarray, rows: np.ndarray) -> dict[str, float]:
    """Success rate per ORDS category (shrunk to the base rate by 10 pseudo-events)."""
    index = np.flatnonzero(rows)
    base = float(y[index].mean())
    totals: dict[str, list[float]] = {}
    for i in index:
        cell = totals.setdefault(categories[i], [0.0, 0.0])
        cell[0] += y[i]
        cell[1] += 1
    return {c: (s + 10 * base) / (n + 10) for c, (s, n) in totals.items()}


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def success_probabilities(
    model: dict, texts: list[str], brands: list[str], categories: list[str], ages: np.ndarray
) -> np.ndarray:
    """Calibrated probabilities for cleaned texts: the text part where there is a text, else the
    structured part."""
    out = np.empty(len(texts))
    has_text = np.array([bool(t) for t in texts], dtype=bool)
    for part_name, mask in (("text", has_text), ("structured", ~has_text)):
        if not mask.any():
            continue
        part = model[part_name]
        index = np.flatnonzero(mask)
        logits = _logits(
            part,
            [texts[i] for i in index],
            [brands[i] for i in index],
            [categories[i] for i in index],
            ages[index],
        )
        a, b = part["platt"]
        out[index] = _sigmoid(a + b * logits)
    caps = [
        category_only_cap(model, *row) for row in zip(texts, brands, categories, ages, strict=True)
    ]
    return np.minimum(out, caps)


def _part_single_row(part: dict) -> dict:
    offset = 0
    text = []
    for vectorizer in part["vectorizers"]:
        width = len(vectorizer.vocabulary_)
        idf = vectorizer.idf_.astype(np.float64)
        text.append(
            {
                "analyzer": vectorizer.build_analyzer(),
                "vocabulary": vectorizer.vocabulary_,
                "idf": idf,
                "weight": part["coef"][offset : offset + width] * idf * TEXT_BLOCK_SCALE,
            }
        )
        offset += width
    coef = part["coef"]
    n_categories = len(part["category_index"])
    age_start = offset + BRAND_HASH_FEATURES + 1 + n_categories
    return {
        "text": text,
        "brand_coef": coef[offset : offset + BRAND_HASH_FEATURES],
        "brand_known_coef": float(coef[offset + BRAND_HASH_FEATURES]),
        "category_coef": coef[offset + BRAND_HASH_FEATURES + 1 : age_start],
        "age_coef": coef[age_start : age_start + len(AGE_STEPS)],
        "age_missing_coef": float(coef[age_start + len(AGE_STEPS)]),
        "category_age_coef": coef[age_start + len(AGE_STEPS) + 1 :].reshape(
            n_categories, len(AGE_STEPS)
        ),
    }


def single_row_parts(model: dict) -> dict:
    """Lookups for `success_probability_one`; derive them once per loaded model."""
    return {name: _part_single_row(model[name]) for name in ("structured", "text")}


def _text_logit(block: dict, text: str) -> float:
    counts: dict[int, int] = {}
    vocabulary = block["vocabulary"]
    for gram in block["analyzer"](text):
        column = vocabulary.get(gram)
        if column is not None:
            counts[column] = counts.get(column, 0) + 1
    if not counts:
        return 0.0
    columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
    weights = tf * block["idf"][columns]
    return float(tf @ block["weight"][columns]) / float(np.sqrt(weights @ weights))


def success_probability_one(
    model: dict, parts: dict, text: str, brand: str, category: str, age: float
) -> float:
    """`success_probabilities` for one cleaned text without building sparse matrices (~0.3 ms)."""
    name = "text" if text else "structured"
    part, lookups = model[name], parts[name]
    logit = part["intercept"]
    for block in lookups["text"]:
        logit += _text_logit(block, text)
    token = brand_token(brand)
    if token:
        hashed = murmurhash3_32(token, seed=0)  # as FeatureHasher (alternate_sign=True)
        sign = 1.0 if hashed >= 0 else -1.0
        logit += sign * lookups["brand_coef"][abs(hashed) % BRAND_HASH_FEATURES]
        logit += lookups["brand_known_coef"]
    column = part["category_index"].get(category)
    if column is not None:
        logit += lookups["category_coef"][column]
    if np.isnan(age):
        logit += lookups["age_missing_coef"]
    else:
        reached = [age >= step for step in AGE_STEPS]
        logit += float(sum(c for c, on in zip(lookups["age_coef"], reached, strict=True) if on))
        if column is not None:
            per_category = lookups["category_age_coef"][column]
            logit += float(sum(c for c, on in zip(per_category, reached, strict=True) if on))
    a, b = part["platt"]
    probability = 1.0 / (1.0 + math.exp(-(a + b * logit)))
    return float(min(probability, category_only_cap(model, text, brand, category, age)))
