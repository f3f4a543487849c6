"""Training and holdout evaluation of all models; pure functions of data frames (no database).

Holdout: a repair group (data provider + group identifier) is held out when the sha256 of its key
falls in the lowest HOLDOUT_SHARE of the hash range. This is a group split like GroupShuffleSplit,
but stable across data changes: a group that was held out once is held out in every retraining, so
the active version can be re-scored on a new version's holdout without having trained on it.
Price records are split the same way on a hash of the whole record.
"""

import hashlib
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ml import cost as cost_model
from ml import success as success_model
from ml.evaluation import (
    cost_baseline_quantiles,
    cost_scores,
    success_baselines,
    success_scores,
)
from ml.predictor import CategoryReference
from ml.trained import ARTIFACT_FORMAT, TrainedPredictor, cases_from_frame

ORDS_FILE = Path(__file__).resolve().parent / "data" / "ords_repairs.csv.gz"
ORDS_SOURCE = (
    "Open Repair Alliance / Open Repair Data, https://openrepair.org/open-data/ (CC BY-SA 4.0), "
    "openrepair/data@84dce89cf5b9c325e817b863d348be36f4613116"
)
SUCCESS_STATUSES = ("Fixed", "Repairable")
FAILURE_STATUSES = ("End of life",)
HOLDOUT_SHARE = 0.2
SAMPLE_SEED = 20250716


@lru_cache(maxsize=1)
def _ords_file(path: Path, mtime: float) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def ords_load(*, max_rows: int = 0, path: Path = ORDS_FILE) -> pd.DataFrame:
    """Labelled repair events (Fixed/Repairable = 1, End of life = 0, Unknown dropped).

    `max_rows` > 0 takes a fixed random sample; samples are nested (a smaller one is a subset).
    """
    raw = _ords_file(path, path.stat().st_mtime)
    labelled = raw[raw["repair_status"].isin(SUCCESS_STATUSES + FAILURE_STATUSES)]
    if max_rows and len(labelled) > max_rows:
        order = np.random.default_rng(SAMPLE_SEED).permutation(len(labelled))
        labelled = labelled.iloc[np.sort(order[:max_rows])]
    return pd.DataFrame(
        {
            "id": labelled["id"].to_numpy(),
            "group": (labelled["data_provider"] + "|" + labelled["group_identifier"]).to_numpy(),
            "ords_category": labelled["product_category"].to_numpy(),
            "brand": labelled["brand"].to_numpy(),
            "age_years": pd.to_numeric(labelled["product_age"], errors="coerce").to_numpy(),
            "description": labelled["problem"].to_numpy(),
            "success": labelled["repair_status"].isin(SUCCESS_STATUSES).astype(int).to_numpy(),
        }
    )


def _in_holdout(keys: pd.Series) -> np.ndarray:
    def bucket(key: str) -> bool:
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") / 2**64 < HOLDOUT_SHARE

    unique = {key: bucket(key) for key in pd.unique(keys)}
    return keys.map(unique).to_numpy(bool)


def group_holdout_mask(frame: pd.DataFrame) -> np.ndarray:
    return _in_holdout(frame["group"])


def record_holdout_mask(frame: pd.DataFrame) -> np.ndarray:
    columns = [c for c in ("category", "symptom", "brand", "age_years", "total_eur", "region",
                           "repaired_on", "outcome", "origin") if c in frame]  # fmt: skip
    keys = pd.util.hash_pandas_object(frame[columns], index=False).astype(str)
    return _in_holdout(keys)


def data_sha256(*frames: pd.DataFrame) -> str:
    digest = hashlib.sha256()
    for frame in frames:
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
        digest.update(b"|")
    return digest.hexdigest()


@dataclass
class TrainingResult:
    artifact: dict
    metrics: dict
    data_snapshot: dict
    success_holdout: pd.DataFrame
    cost_holdout: pd.DataFrame
    predictor: TrainedPredictor = field(repr=False)


def cost_holdout_frame(priced: pd.DataFrame) -> pd.DataFrame:
    """Price records in the shape of `cases_from_frame`."""
    return pd.DataFrame(
        {
            "category_slug": priced["category"].to_numpy(),
            "ords_category": "",
            "symptom": priced["symptom"].to_numpy(),
            "age_years": priced["age_years"].to_numpy(float),
            "brand": priced["brand"].to_numpy(),
            "description": "",
            "postcode": priced["region"].to_numpy(),
            "total_eur": priced["total_eur"].to_numpy(float),
            "repaired_on": priced["repaired_on"].to_numpy("datetime64[D]"),
        }
    )


def success_holdout_frame(ords: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "category_slug": "",
            "ords_category": ords["ords_category"].to_numpy(),
            "symptom": "",
            "age_years": ords["age_years"].to_numpy(float),
            "brand": ords["brand"].to_numpy(),
            "description": ords["description"].to_numpy(),
            "postcode": "",
            "success": ords["success"].to_numpy(int),
        }
    )


def predictor_success_scores(predictor, holdout: pd.DataFrame) -> dict:
    """Brier, BSS and AUC of any trained predictor on a success holdout."""
    probabilities = predictor.success_probabilities(cases_from_frame(holdout))
    y = holdout["success"].to_numpy(int)
    return success_scores(y, probabilities, base_rate=float(holdout.attrs["train_base_rate"]))


def predictor_cost_scores(
    predictor, holdout: pd.DataFrame, references: dict[str, CategoryReference]
) -> dict | None:
    """Pinball losses and P10-P90 coverage of any predictor on a cost holdout."""
    if holdout.empty:
        return None
    cases = cases_from_frame(holdout)
    refs = [references[case.category_slug] for case in cases]
    if hasattr(predictor, "repair_costs"):
        estimates = predictor.repair_costs(cases, refs, when=holdout["repaired_on"].to_numpy())
    else:
        estimates = [predictor.repair_cost(c, r) for c, r in zip(cases, refs, strict=True)]
    q = np.array([[e.low, e.expected, e.high] for e in estimates])
    return cost_scores(holdout["total_eur"].to_numpy(float), q)


def models_train(
    *,
    ords: pd.DataFrame,
    price_records: pd.DataFrame,
    symptom_texts: dict[tuple[str, str], str],
    references: dict[str, CategoryReference],
) -> TrainingResult:
    """Fit the success and cost models on the training split; score them and the baselines."""
    started = time.perf_counter()
    holdout = group_holdout_mask(ords)
    train = ords[~holdout]
    success = success_model.success_model_fit(
        texts=success_model.clean_texts(train["description"].tolist()),
        brands=train["brand"].tolist(),
        categories=train["ords_category"].tolist(),
        ages=np.array([success_model.clean_age(a) for a in train["age_years"]], dtype=float),
        y=train["success"].to_numpy(int),
    )
    success_seconds = time.perf_counter() - started

    priced = cost_model.priced_records(price_records)
    price_holdout = record_holdout_mask(priced) if len(priced) else np.zeros(0, bool)
    price_train = priced[~price_holdout]
    cost = cost_model.cost_model_fit(price_train)
    artifact = {
        "format": ARTIFACT_FORMAT,
        "success": success,
        "cost": cost,
        "symptom_texts": dict(symptom_texts),
        "metadata": {"ords_source": ORDS_SOURCE, "holdout_share": HOLDOUT_SHARE},
    }
    predictor = TrainedPredictor(artifact, version_id=None, label="new")
    train_seconds = time.perf_counter() - started

    success_holdout = success_holdout_frame(ords[holdout])
    success_holdout.attrs["train_base_rate"] = float(train["success"].mean())
    cost_holdout = cost_holdout_frame(priced[price_holdout])
    metrics = {
        "holdout": {
            "split": f"sha256(provider|group) in lowest {HOLDOUT_SHARE:.0%}; price records by "
            "record hash",
            "success_rows": int(holdout.sum()),
            "success_groups": int(ords.loc[holdout, "group"].nunique()),
            "cost_rows": len(cost_holdout),
        },
        "success": {
            "model": predictor_success_scores(predictor, success_holdout),
            **success_baselines(
                train_y=train["success"].to_numpy(int),
                train_categories=train["ords_category"].to_numpy(),
                holdout_y=success_holdout["success"].to_numpy(int),
                holdout_categories=success_holdout["ords_category"].to_numpy(),
            ),
            "age_coefficients": dict(
                zip(
                    [f"age>={s:g}" for s in success_model.AGE_STEPS],
                    success["age_coef"],
                    strict=True,
                )
            ),  # fmt: skip
        },
        "cost": None,
        "timing": {"success_fit_seconds": round(success_seconds, 1)},
    }
    if cost is not None and not cost_holdout.empty:
        baseline = cost_baseline_quantiles(price_train, priced[price_holdout])
        metrics["cost"] = {
            "model": predictor_cost_scores(predictor, cost_holdout, references),
            "category_symptom_median": cost_scores(cost_holdout["total_eur"].to_numpy(), baseline),
        }
    metrics["timing"]["train_seconds"] = round(train_seconds, 1)
    metrics["timing"]["total_seconds"] = round(time.perf_counter() - started, 1)
    snapshot = {
        "ords_rows": len(ords),
        "ords_train_rows": len(train),
        "ords_holdout_rows": int(holdout.sum()),
        "ords_groups": int(ords["group"].nunique()),
        "price_records": len(price_records),
        "priced_records": len(priced),
        "price_train_rows": len(price_train),
        "price_holdout_rows": len(cost_holdout),
        "price_origins": price_records["origin"].value_counts().to_dict()
        if "origin" in price_records
        else {},
        "sha256": data_sha256(ords, price_records),
        "ords_source": ORDS_SOURCE,
    }
    return TrainingResult(artifact, metrics, snapshot, success_holdout, cost_holdout, predictor)
