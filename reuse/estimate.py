"""The reuse estimate: a sourced prior (reuse/data/priors.json) adjusted by learned parameters.

Pure arithmetic, no database writes: `reuse_estimate` answers a check, `parameters_fit` learns the
per category × condition multipliers from kringloop outcomes, and `metrics_holdout` scores both.
"""

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

POTENTIAL_HIGH_PROBABILITY = 0.45
POTENTIAL_MEDIUM_PROBABILITY = 0.25
PROBABILITY_MIN, PROBABILITY_MAX = 0.01, 0.95


@functools.cache
def priors() -> dict:
    return json.loads((DATA_DIR / "priors.json").read_text())


@functools.cache
def weights() -> dict:
    return json.loads((DATA_DIR / "weights.json").read_text())["categories"]


def category_weight_kg(slug: str) -> float:
    """Typical weight of the category; 0 for a category without a recorded weight."""
    entry = weights().get(slug)
    return float(entry["kg"]) if entry else 0.0


def average_life_years(category) -> float:
    """Mean of the category's Weibull lifetime: scale × Γ(1 + 1/shape)."""
    shape = category.lifetime_weibull_shape
    return category.lifetime_weibull_scale_years * math.gamma(1 + 1 / shape)


def remaining_value_fraction(category, age_years: float) -> float:
    """Straight-line depreciation to the average life, never below the floor."""
    floor = priors()["remaining_value_floor"]["value"]
    return max(floor, 1 - age_years / average_life_years(category))


@dataclass(frozen=True)
class Estimate:
    potential: str
    sold_probability: float
    value_low_eur: float
    value_point_eur: float
    value_high_eur: float


def cell_key(slug: str, condition: str) -> str:
    return f"{slug}|{condition}"


def prior_value_eur(category, age_years: float, condition: str) -> tuple[float, float, float]:
    """(low, point, high) second-hand value before anything is learned."""
    factor = priors()["condition_value_factor"]["values"][condition]
    remaining = remaining_value_fraction(category, age_years) * factor
    return (
        float(category.new_price_low_eur) * category.refurbished_price_share_low * remaining,
        category.new_price_typical_eur * category.refurbished_price_share * remaining,
        float(category.new_price_high_eur) * category.refurbished_price_share_high * remaining,
    )


def prior_sold_probability(category, age_years: float, condition: str) -> float:
    """BKN's reuse share, scaled by condition and by how much of the average life is left."""
    share = priors()["reuse_share"]["value"]
    factor = priors()["condition_sale_factor"]["values"][condition]
    remaining = remaining_value_fraction(category, age_years)
    return share * factor * (0.5 + 0.5 * remaining)


def potential_for(probability: float, value_point_eur: float) -> str:
    """High: likely sold and worth at least an average kringloop sale; low: unlikely sold."""
    if (
        probability >= POTENTIAL_HIGH_PROBABILITY
        and value_point_eur >= priors()["average_sale_eur"]["value"]
    ):
        return "high"
    if probability >= POTENTIAL_MEDIUM_PROBABILITY:
        return "medium"
    return "low"


def reuse_estimate(category, age_years: float, condition: str, parameters: dict) -> Estimate:
    """The answer for one item: the prior times the learned multipliers of its cell (if any)."""
    low, point, high = prior_value_eur(category, age_years, condition)
    probability = prior_sold_probability(category, age_years, condition)
    cell = parameters.get(cell_key(category.slug, condition))
    if cell:
        low, point, high = (v * cell["value_mult"] for v in (low, point, high))
        probability *= cell["sold_mult"]
    probability = min(PROBABILITY_MAX, max(PROBABILITY_MIN, probability))
    low, high = min(low, point), max(high, point)
    return Estimate(
        potential=potential_for(probability, point),
        sold_probability=round(probability, 3),
        value_low_eur=round(low, 2),
        value_point_eur=round(point, 2),
        value_high_eur=round(high, 2),
    )


@dataclass(frozen=True)
class Observation:
    """One reported outcome, with its category object (for the prior)."""

    category: object
    condition: str
    age_years: float
    sold: bool
    price_eur: float | None


def parameters_fit(observations: list[Observation]) -> dict:
    """Per cell: shrink observed/expected sales and price/prior-value toward 1 (the prior).

    With n outcomes in a cell the multiplier is (observed + m) / (expected + m), m the shrinkage
    strength of priors.json: few outcomes barely move it, many outcomes dominate it.
    """
    strength = priors()["shrinkage_strength"]["value"]
    cells: dict[str, dict] = {}
    for obs in observations:
        key = cell_key(obs.category.slug, obs.condition)
        cell = cells.setdefault(key, {"n": 0, "n_sold": 0, "expected_sold": 0.0, "ratio_sum": 0.0})
        cell["n"] += 1
        cell["expected_sold"] += prior_sold_probability(obs.category, obs.age_years, obs.condition)
        if obs.sold:
            cell["n_sold"] += 1
            _, point, _ = prior_value_eur(obs.category, obs.age_years, obs.condition)
            cell["ratio_sum"] += (obs.price_eur or 0.0) / max(point, 1.0)
    for cell in cells.values():
        cell["sold_mult"] = round(
            (cell["n_sold"] + strength) / (cell["expected_sold"] + strength), 4
        )
        cell["value_mult"] = round((cell["ratio_sum"] + strength) / (cell["n_sold"] + strength), 4)
        cell["expected_sold"] = round(cell["expected_sold"], 3)
        cell["ratio_sum"] = round(cell["ratio_sum"], 4)
    return cells


def metrics_holdout(parameters: dict, holdout: list[Observation]) -> dict:
    """Brier score of the sale probability over all items; mean absolute price error over sold
    items (None when the holdout has none)."""
    if not holdout:
        return {"n": 0, "brier": None, "price_mae_eur": None}
    squared, errors = 0.0, []
    for obs in holdout:
        estimate = reuse_estimate(obs.category, obs.age_years, obs.condition, parameters)
        squared += (estimate.sold_probability - (1.0 if obs.sold else 0.0)) ** 2
        if obs.sold:
            errors.append(abs(estimate.value_point_eur - (obs.price_eur or 0.0)))
    return {
        "n": len(holdout),
        "brier": round(squared / len(holdout), 4),
        "price_mae_eur": round(sum(errors) / len(errors), 2) if errors else None,
    }


def gate_passed(candidate: dict, active: dict) -> bool:
    """Promote only when the candidate is not worse than the active model on either metric."""
    for metric in ("brier", "price_mae_eur"):
        new, old = candidate.get(metric), active.get(metric)
        if new is None or old is None:
            continue
        if new > old + 1e-9:
            return False
    return candidate.get("n", 0) > 0


def destination_for(
    *, category, age_years: float, condition: str, potential: str, age_known: bool = True
) -> tuple[str, str]:
    """Where the item goes, and the code of its one-line reason (reuse/reasons.py).

    A defect within the lifetime a buyer may expect is the seller's to repair or replace (art.
    7:21 BW), so that comes first; then a likely sale; then a Repair Café for what it takes.
    """
    young = age_known and age_years < category.legal_expected_lifetime_years
    if condition in ("small_fault", "broken") and young:
        return "retailer", "retailer"
    if potential in ("high", "medium") and condition in ("works", "small_fault"):
        return "reuse", f"reuse_{potential}"
    if condition in ("small_fault", "broken") and category.repair_cafe_accepts:
        return "repair_cafe", "repair_cafe"
    return "recycling", "recycling"
