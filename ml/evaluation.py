"""Holdout metrics and the baselines every model must beat."""

import numpy as np
import pandas as pd
from sklearn.metrics import brier_score_loss, mean_pinball_loss, roc_auc_score

from ml.cost import QUANTILES

MIN_CELL_RECORDS = 5
# Per-category success rates are shrunk toward the base rate with this many pseudo-events.
CATEGORY_RATE_PRIOR = 10.0


RELIABILITY_BINS = 10


def reliability_table(y: np.ndarray, probabilities: np.ndarray) -> list[dict]:
    """Per equal-width probability bin (of RELIABILITY_BINS): mean prediction, observed rate, n."""
    edges = np.linspace(0.0, 1.0, RELIABILITY_BINS + 1)
    bins = np.clip(np.digitize(probabilities, edges[1:-1]), 0, RELIABILITY_BINS - 1)
    table = []
    for b in range(RELIABILITY_BINS):
        inside = bins == b
        if inside.any():
            table.append(
                {
                    "bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}",
                    "mean_predicted": round(float(probabilities[inside].mean()), 4),
                    "observed_rate": round(float(y[inside].mean()), 4),
                    "n": int(inside.sum()),
                }
            )
    return table


def expected_calibration_error(table: list[dict]) -> float:
    """ECE: the n-weighted mean |observed rate - mean prediction| over the reliability bins."""
    total = sum(row["n"] for row in table)
    gaps = sum(row["n"] * abs(row["observed_rate"] - row["mean_predicted"]) for row in table)
    return gaps / total if total else 0.0


def success_scores(
    y: np.ndarray, probabilities: np.ndarray, *, base_rate: float, reliability: bool = False
) -> dict:
    """Brier score, Brier skill score against the training base rate, ROC AUC and ECE (with the
    reliability table if asked)."""
    y = np.asarray(y, dtype=int)
    probabilities = np.asarray(probabilities, dtype=float)
    brier = float(brier_score_loss(y, probabilities))
    reference = float(brier_score_loss(y, np.full(len(y), base_rate)))
    auc = float(roc_auc_score(y, probabilities)) if len(set(y.tolist())) == 2 else float("nan")
    table = reliability_table(y, probabilities)
    scores = {
        "brier": round(brier, 5),
        "brier_skill": round(1 - brier / reference, 5) if reference else 0.0,
        "auc": round(auc, 5),
        "ece": round(expected_calibration_error(table), 5),
        "n": len(y),
    }
    if reliability:
        scores["reliability"] = table
    return scores


def success_baselines(
    *,
    train_y: np.ndarray,
    train_categories: np.ndarray,
    holdout_y: np.ndarray,
    holdout_categories: np.ndarray,
) -> dict:
    """The "base rate" and "per-category rate" baselines, fitted on the training split."""
    base_rate = float(train_y.mean())
    grouped = pd.Series(train_y).groupby(train_categories)
    rates = (grouped.sum() + CATEGORY_RATE_PRIOR * base_rate) / (
        grouped.count() + CATEGORY_RATE_PRIOR
    )
    per_category = pd.Series(holdout_categories).map(rates).fillna(base_rate).to_numpy(float)
    return {
        "base_rate": success_scores(
            holdout_y, np.full(len(holdout_y), base_rate), base_rate=base_rate
        ),
        "per_category_rate": success_scores(holdout_y, per_category, base_rate=base_rate),
        "train_base_rate": round(base_rate, 5),
    }


def cost_scores(y: np.ndarray, quantiles: np.ndarray) -> dict:
    """Pinball loss (EUR) per quantile, their mean, and the share of prices inside P10-P90."""
    losses = {
        f"pinball_p{round(q * 100)}": float(mean_pinball_loss(y, quantiles[:, i], alpha=q))
        for i, q in enumerate(QUANTILES)
    }
    coverage = float(np.mean((y >= quantiles[:, 0]) & (y <= quantiles[:, -1])))
    return {
        **{name: round(value, 3) for name, value in losses.items()},
        "pinball_mean": round(float(np.mean(list(losses.values()))), 3),
        "coverage_p10_p90": round(coverage, 4),
        "n": len(y),
    }


def cost_baseline_quantiles(train: pd.DataFrame, holdout: pd.DataFrame) -> np.ndarray:
    """Baseline "category x symptom median": empirical P10/P50/P90 of the training prices of the
    same category and symptom (of the category when the cell has < MIN_CELL_RECORDS, else all)."""
    overall = train["total_eur"].quantile(list(QUANTILES)).to_numpy()
    by_cell = train.groupby(["category", "symptom"])["total_eur"]
    by_category = train.groupby("category")["total_eur"]

    def table(grouped) -> dict:
        counts = grouped.count()
        quantiles = grouped.quantile(list(QUANTILES)).unstack()
        return {
            key: quantiles.loc[key].to_numpy()
            for key in counts.index
            if counts[key] >= MIN_CELL_RECORDS
        }

    cells, categories = table(by_cell), table(by_category)
    rows = []
    for category, symptom in zip(holdout["category"], holdout["symptom"], strict=True):
        rows.append(cells.get((category, symptom), categories.get(category, overall)))
    return np.array(rows).reshape(-1, len(QUANTILES))
