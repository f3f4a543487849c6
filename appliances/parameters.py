"""The decision model's global figures, typed: one field per figure, each with its allowed range.

The figures and their sources live in the catalogue (`ReferenceParameter` rows, loaded from
`appliances/data/catalogue.json`) so that staff can correct a figure with its source. The code
reads them only through `DecisionParameters`: a key that staff cannot rename or delete (the admin
allows neither), a value that must lie in its range (checked on save), and, should a row be
missing or out of range anyway (edited in SQL), the catalogue file's figure with a logged error
instead of a failed verdict.
"""

import json
import logging
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

logger = logging.getLogger(__name__)

CATALOGUE_PATH = Path(__file__).resolve().parent / "data" / "catalogue.json"


@dataclass(frozen=True)
class ParameterRange:
    low: float
    high: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


# The widest values that still make sense; a figure outside them is a typo, not a new finding.
RANGES: dict[str, ParameterRange] = {
    "displacement_factor": ParameterRange(0.0, 1.0),
    "grid_co2e_kg_per_kwh": ParameterRange(0.0, 2.0),
    "repair_co2e_fraction": ParameterRange(0.0, 1.0),
    "doubt_band": ParameterRange(0.0, 1.0),
    "fifty_percent_rule_threshold": ParameterRange(0.05, 1.0),
    "unknown_age_fraction_of_lifetime": ParameterRange(0.0, 1.5),
    "electricity_price_eur_per_kwh": ParameterRange(0.0, 2.0),
    "baseline_success_probability": ParameterRange(0.0, 1.0),
    "guarantee_claim_success_likely": ParameterRange(0.0, 1.0),
    "guarantee_claim_success_possible": ParameterRange(0.0, 1.0),
    "expected_lifetime_years_per_price_doubling": ParameterRange(0.0, 5.0),
    "repair_cafe_parts_share": ParameterRange(0.0, 1.0),
    "repair_cafe_donation_eur": ParameterRange(0.0, 100.0),
    "professional_success_prior_strength": ParameterRange(0.0, 1000.0),
    "old_appliance_extra_energy_per_year": ParameterRange(0.0, 0.2),
    "max_old_appliance_extra_energy": ParameterRange(0.0, 2.0),
}


@dataclass(frozen=True)
class DecisionParameters:
    """Every global figure the verdict uses (units and sources: the catalogue rows)."""

    displacement_factor: float
    grid_co2e_kg_per_kwh: float
    repair_co2e_fraction: float
    doubt_band: float
    fifty_percent_rule_threshold: float
    unknown_age_fraction_of_lifetime: float
    electricity_price_eur_per_kwh: float
    baseline_success_probability: float
    guarantee_claim_success_likely: float
    guarantee_claim_success_possible: float
    expected_lifetime_years_per_price_doubling: float
    repair_cafe_parts_share: float
    repair_cafe_donation_eur: float
    professional_success_prior_strength: float
    # The general default behind categories without their own energy drift figure (the catalogue
    # rows `energy_drift_*` carry the value a verdict uses; their sources cite these two).
    old_appliance_extra_energy_per_year: float
    max_old_appliance_extra_energy: float


PARAMETER_KEYS = tuple(field.name for field in fields(DecisionParameters))


def parameter_range_error(key: str, value: float) -> str | None:
    """Why `value` cannot be the figure `key`; None when it can."""
    if key not in RANGES:
        return f"'{key}' is no figure of the decision model ({', '.join(PARAMETER_KEYS)})."
    allowed = RANGES[key]
    if not allowed.contains(value):
        return f"{key} must lie between {allowed.low:g} and {allowed.high:g}."
    return None


@cache
def file_parameters() -> dict[str, float]:
    """The figures as the catalogue file gives them (the fallback for a broken row)."""
    data = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    return {row["key"]: float(row["value"]) for row in data["parameters"]}


def decision_parameters_from(rows: dict[str, float]) -> DecisionParameters:
    """Typed figures from the stored rows; a missing or out-of-range row gets the file's figure."""
    values = {}
    for key in PARAMETER_KEYS:
        value = rows.get(key)
        problem = "missing" if value is None else parameter_range_error(key, value)
        if problem:
            logger.error(
                "Decision parameter %s: %s; using the catalogue file's figure", key, problem
            )
            value = file_parameters()[key]
        values[key] = float(value)
    return DecisionParameters(**values)
