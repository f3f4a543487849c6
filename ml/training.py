"""Training and holdout evaluation of all models; pure functions of data frames (no database).

Holdout: a repair group (data provider + group identifier) is held out when the sha256 of its key
falls in the lowest HOLDOUT_SHARE of the hash range. This is a group split like GroupShuffleSplit,
but stable across data changes: a group that was held out once is held out in every retraining, so
the active version can be re-scored on a new version's holdout without having trained on it.
Price records are split the same way on a hash of the whole record.

Calibration (Platt maps of the success model, conformal widths of the cost bands) uses the next
CALIBRATION_SHARE of the same hash range: whole repair groups (records) inside the training data,
never the holdout.

The cost holdout is a fixed reference set of vouched-for records (imports, partners, demo data):
consumer reports are never held out (they are trained on, down-weighted), so new reports cannot
shape the set on which a candidate is compared with the active version.
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
from ml.professional import professional_counts
from ml.trained import ARTIFACT_FORMAT, TrainedPredictor, cases_from_frame

ORDS_FILE = Path(__file__).resolve().parent / "data" / "ords_repairs.csv.gz"
ORDS_SOURCE = (
    "Open Repair Alliance / Open Repair Data, https://openrepair.org/open-data/ (CC BY-SA 4.0), "
    "openrepair/data@84dce89cf5b9c325e817b863d348be36f4613116"
)
SUCCESS_STATUSES = ("Fixed", "Repairable")
FAILURE_STATUSES = ("End of life",)
HOLDOUT_SHARE = 0.2
CALIBRATION_SHARE = 0.15  # of the hash range, i.e. ~19 % of the training groups
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


def _hash_position(keys: pd.Series) -> np.ndarray:
    """Each key's place in [0, 1) of the sha256 range (computed once per distinct key)."""

    def position(key: str) -> float:
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") / 2**64

    unique = {key: position(key) for key in pd.unique(keys)}
    return keys.map(unique).to_numpy(float)


def _record_keys(frame: pd.DataFrame) -> pd.Series:
    columns = [c for c in ("category", "symptom", "brand", "age_years", "total_eur", "region",
                           "repaired_on", "outcome", "origin") if c in frame]  # fmt: skip
    return pd.util.hash_pandas_object(frame[columns], index=False).astype(str)


def _calibration(position: np.ndarray) -> np.ndarray:
    return (position >= HOLDOUT_SHARE) & (position < HOLDOUT_SHARE + CALIBRATION_SHARE)


def group_holdout_mask(frame: pd.DataFrame) -> np.ndarray:
    return _hash_position(frame["group"]) < HOLDOUT_SHARE


def group_calibration_mask(frame: pd.DataFrame) -> np.ndarray:
    """Training groups set aside to calibrate the success model (disjoint from the holdout)."""
    return _calibration(_hash_position(frame["group"]))


def record_holdout_mask(frame: pd.DataFrame) -> np.ndarray:
    return _hash_position(_record_keys(frame)) < HOLDOUT_SHARE


def record_calibration_mask(frame: pd.DataFrame) -> np.ndarray:
    """Training price records set aside to calibrate the cost bands (disjoint from the holdout)."""
    return _calibration(_hash_position(_record_keys(frame)))


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


def predictor_success_scores(
    predictor, holdout: pd.DataFrame, *, with_description: bool, reliability: bool = False
) -> dict:
    """Brier, BSS, AUC and ECE of any trained predictor on a success holdout, built the way a
    verdict builds its case; without the description, only category, brand and age remain."""
    frame = holdout if with_description else holdout.assign(description="")
    probabilities = predictor.success_probabilities(cases_from_frame(frame))
    return success_scores(
        frame["success"].to_numpy(int),
        probabilities,
        base_rate=float(holdout.attrs["train_base_rate"]),
        reliability=reliability,
    )


def success_metrics(predictor, holdout: pd.DataFrame, baselines: dict, age_coef: dict) -> dict:
    """The success section of a version's metrics: the description-less scores at the top level
    (the headline: a verdict mostly has no description), the scores with it under
    `with_description`, and the baselines."""
    described = holdout[
        [bool(t) for t in success_model.clean_texts(holdout["description"].tolist())]
    ]
    described.attrs.update(holdout.attrs)
    return {
        **predictor_success_scores(predictor, holdout, with_description=False, reliability=True),
        # "With a description" is measured on the held-out events that have one: 40% of the
        # held-out events carry no text at all, and for them there is no description to use.
        "with_description": predictor_success_scores(
            predictor, described, with_description=True, reliability=True
        ),
        # The same over every held-out event (those without a text scored as without one): the
        # rows of the baselines, so the promotion gate compares like with like.
        "with_description_all_events": predictor_success_scores(
            predictor, holdout, with_description=True
        ),
        **baselines,
        "age_coefficients": age_coef,
    }


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
    references: dict[str, CategoryReference],
) -> TrainingResult:
    """Fit the success and cost models on the training split (calibrated on groups/records set
    aside inside it); score them and the baselines on the holdout."""
    started = time.perf_counter()
    holdout = group_holdout_mask(ords)
    train = ords[~holdout]
    success = success_model.success_model_fit(
        texts=success_model.clean_texts(train["description"].tolist()),
        brands=train["brand"].tolist(),
        categories=train["ords_category"].tolist(),
        ages=np.array([success_model.clean_age(a) for a in train["age_years"]], dtype=float),
        y=train["success"].to_numpy(int),
        calibration=group_calibration_mask(train),
    )
    success_seconds = time.perf_counter() - started

    priced = cost_model.priced_records(price_records)
    price_holdout = record_holdout_mask(priced) if len(priced) else np.zeros(0, bool)
    if "origin" in priced:
        price_holdout &= priced["origin"].to_numpy() != cost_model.CONSUMER
    price_train = priced[~price_holdout].reset_index(drop=True)
    cost = cost_model.cost_model_fit(
        price_train,
        calibration=record_calibration_mask(price_train) if len(price_train) else np.zeros(0, bool),
    )
    artifact = {
        "format": ARTIFACT_FORMAT,
        "success": success,
        "cost": cost,
        "professional": professional_counts(price_records),
        "metadata": {
            "ords_source": ORDS_SOURCE,
            "holdout_share": HOLDOUT_SHARE,
            "calibration_share": CALIBRATION_SHARE,
        },
    }
    predictor = TrainedPredictor(artifact, version_id=None, label="new")
    train_seconds = time.perf_counter() - started

    success_holdout = success_holdout_frame(ords[holdout])
    success_holdout.attrs["train_base_rate"] = float(train["success"].mean())
    cost_holdout = cost_holdout_frame(priced[price_holdout])
    age_coef = dict(
        zip(
            [f"age>={s:g}" for s in success_model.AGE_STEPS],
            success["structured"]["age_coef"],
            strict=True,
        )
    )  # fmt: skip
    baselines = success_baselines(
        train_y=train["success"].to_numpy(int),
        train_categories=train["ords_category"].to_numpy(),
        holdout_y=success_holdout["success"].to_numpy(int),
        holdout_categories=success_holdout["ords_category"].to_numpy(),
    )
    metrics = {
        "holdout": {
            "split": f"sha256(provider|group) in lowest {HOLDOUT_SHARE:.0%}; price records by "
            "record hash, never consumer reports",
            "calibration": f"sha256 in [{HOLDOUT_SHARE:.0%}, "
            f"{HOLDOUT_SHARE + CALIBRATION_SHARE:.0%}) of the training data",
            "success_rows": int(holdout.sum()),
            "success_groups": int(ords.loc[holdout, "group"].nunique()),
            "cost_rows": len(cost_holdout),
        },
        "success": success_metrics(predictor, success_holdout, baselines, age_coef),
        "cost": None,
        "timing": {"success_fit_seconds": round(success_seconds, 1)},
    }
    if cost is not None and not cost_holdout.empty:
        baseline = cost_baseline_quantiles(price_train, priced[price_holdout])
        model_scores = predictor_cost_scores(predictor, cost_holdout, references)
        metrics["cost"] = {
            "coverage_p10_p90": model_scores["coverage_p10_p90"],
            "model": model_scores,
            "category_symptom_median": cost_scores(cost_holdout["total_eur"].to_numpy(), baseline),
            "conformal_log_widening": cost["conformal"],
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
