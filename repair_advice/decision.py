"""The decision model: pure arithmetic from facts to a repair-or-replace verdict.

No database, no I/O: every figure arrives in `DecisionInputs`, so the rules can be tested
exhaustively (see docs/decision-model.md for the formulas and their sources).
"""

import math
from dataclasses import asdict, dataclass

from scipy.special import gamma, gammaincc

REPAIR, REPLACE, DOUBT = "repair", "replace", "doubt"


@dataclass(frozen=True)
class DecisionInputs:
    new_price_eur: float
    repair_cost_low_eur: float
    repair_cost_expected_eur: float
    repair_cost_high_eur: float
    diagnosis_fee_eur: float
    success_probability: float
    weibull_shape: float
    weibull_scale_years: float
    age_years: float | None
    unknown_age_fraction_of_lifetime: float
    embodied_co2e_kg: float
    displacement_factor: float
    repair_co2e_fraction: float
    energy_kwh_per_year: float | None
    old_appliance_extra_energy_per_year: float
    max_old_appliance_extra_energy: float
    electricity_price_eur_per_kwh: float
    grid_co2e_kg_per_kwh: float
    legal_expected_lifetime_years: float
    doubt_band: float
    fifty_percent_rule_threshold: float


@dataclass(frozen=True)
class DecisionResult:
    verdict: str
    confidence: float
    assumed_age_years: float
    remaining_life_years: float
    new_life_years: float
    annual_cost_repair_eur: float
    annual_cost_replace_eur: float
    co2e_repair_kg: float
    co2e_replace_kg: float
    break_even_repair_cost_eur: float | None
    guarantee_status: str
    fifty_percent_rule_verdict: str
    fifty_percent_rule_threshold_eur: float
    verdict_at_low_cost: str
    verdict_at_high_cost: str

    def as_dict(self) -> dict:
        return asdict(self)


def weibull_mean(shape: float, scale: float) -> float:
    """Expected lifetime of a new appliance."""
    return scale * gamma(1 + 1 / shape)


def weibull_median(shape: float, scale: float) -> float:
    return scale * math.log(2) ** (1 / shape)


def weibull_mean_residual_life(shape: float, scale: float, age: float) -> float:
    """E[T - a | T > a]: expected remaining years of an appliance that reached age `a`.

    Non-increasing in `a` for shape >= 1 (wear-out), which keeps the verdict monotone in age.
    """
    if age <= 0:
        return weibull_mean(shape, scale)
    x = (age / scale) ** shape
    if x < 50:
        return scale / shape * gamma(1 / shape) * gammaincc(1 / shape, x) * math.exp(x)
    # Asymptotic expansion of the upper incomplete gamma, where exp(x) would overflow.
    s = 1 / shape
    return scale / shape * x ** (s - 1) * (1 + (s - 1) / x + (s - 1) * (s - 2) / x**2)


def _old_energy_factor(inputs: DecisionInputs, age: float) -> float:
    return min(
        inputs.max_old_appliance_extra_energy, inputs.old_appliance_extra_energy_per_year * age
    )


def _annual_costs(inputs: DecisionInputs, repair_cost: float, age: float) -> tuple[float, float]:
    """Expected cost per year of use of (repair, replace).

    The repair path succeeds with probability p: pay the repair and use the old appliance for its
    remaining life. It fails with probability 1 - p: pay the diagnosis, then buy new anyway.
    """
    p = inputs.success_probability
    life_new = weibull_mean(inputs.weibull_shape, inputs.weibull_scale_years)
    life_left = weibull_mean_residual_life(inputs.weibull_shape, inputs.weibull_scale_years, age)
    energy_new = (inputs.energy_kwh_per_year or 0.0) * inputs.electricity_price_eur_per_kwh
    energy_old = energy_new * (1 + _old_energy_factor(inputs, age))
    replace = inputs.new_price_eur / life_new + energy_new
    repair_total = p * (repair_cost + life_left * energy_old) + (1 - p) * (
        inputs.diagnosis_fee_eur + inputs.new_price_eur + life_new * energy_new
    )
    repair_years = p * life_left + (1 - p) * life_new
    return repair_total / repair_years, replace


def _classify(ratio: float, band: float) -> str:
    if ratio <= 1 / (1 + band):
        return REPAIR
    if ratio >= 1 + band:
        return REPLACE
    return DOUBT


def _confidence(verdict: str, ratio: float, band: float, agrees_over_cost_range: bool) -> float:
    """How sure the stated verdict is: 0.5 at a boundary, towards 1 far from it."""
    distance = abs(math.log(ratio))
    edge = math.log(1 + band)
    if verdict == DOUBT:
        score = 0.5 + 0.5 * (1 - distance / edge)
    else:
        score = 0.5 + 0.5 * (1 - math.exp(-(distance - edge) / edge))
    if not agrees_over_cost_range:
        score *= 0.85
    return round(min(max(score, 0.0), 1.0), 2)


def _break_even_repair_cost(inputs: DecisionInputs, age: float) -> float | None:
    """The repair price at which the verdict flips from `repair` (to `doubt`): where the annual
    cost of repairing reaches the annual cost of replacing / (1 + doubt band). Exact, because the
    annual cost of repairing is linear in the repair price. 0 when repair never clearly pays."""
    p = inputs.success_probability
    if p <= 0:
        return None
    at_zero_repair, replace = _annual_costs(inputs, 0.0, age)
    at_one_euro, _ = _annual_costs(inputs, 1.0, age)
    slope = at_one_euro - at_zero_repair
    return max(0.0, (replace / (1 + inputs.doubt_band) - at_zero_repair) / slope)


def _guarantee_status(age: float | None, legal_lifetime: float) -> str:
    if age is None:
        return "unknown"
    if age < 1:
        return "likely"  # within a year the seller must prove the defect was not there at delivery
    if age < legal_lifetime:
        return "possible"
    return "unlikely"


def decide(inputs: DecisionInputs) -> DecisionResult:
    """Compare the expected cost per year of use of repairing and of replacing."""
    shape, scale = inputs.weibull_shape, inputs.weibull_scale_years
    age = inputs.age_years
    if age is None:
        age = inputs.unknown_age_fraction_of_lifetime * weibull_median(shape, scale)

    def verdict_for(repair_cost: float) -> tuple[str, float, float, float]:
        repair, replace = _annual_costs(inputs, repair_cost, age)
        ratio = repair / replace
        return _classify(ratio, inputs.doubt_band), ratio, repair, replace

    verdict, ratio, annual_repair, annual_replace = verdict_for(inputs.repair_cost_expected_eur)
    at_low = verdict_for(inputs.repair_cost_low_eur)[0]
    at_high = verdict_for(inputs.repair_cost_high_eur)[0]
    confidence = _confidence(verdict, ratio, inputs.doubt_band, at_low == verdict == at_high)

    p = inputs.success_probability
    life_left = weibull_mean_residual_life(shape, scale, age)
    extra_energy_kwh = (inputs.energy_kwh_per_year or 0.0) * _old_energy_factor(inputs, age)
    co2e_replace = inputs.embodied_co2e_kg
    co2e_repair = (
        inputs.embodied_co2e_kg * (1 - p * inputs.displacement_factor)
        + inputs.embodied_co2e_kg * inputs.repair_co2e_fraction
        + p * life_left * extra_energy_kwh * inputs.grid_co2e_kg_per_kwh
    )
    threshold = inputs.fifty_percent_rule_threshold * inputs.new_price_eur
    return DecisionResult(
        verdict=verdict,
        confidence=confidence,
        assumed_age_years=age,
        remaining_life_years=life_left,
        new_life_years=weibull_mean(shape, scale),
        annual_cost_repair_eur=annual_repair,
        annual_cost_replace_eur=annual_replace,
        co2e_repair_kg=co2e_repair,
        co2e_replace_kg=co2e_replace,
        break_even_repair_cost_eur=_break_even_repair_cost(inputs, age),
        guarantee_status=_guarantee_status(inputs.age_years, inputs.legal_expected_lifetime_years),
        fifty_percent_rule_verdict=REPLACE
        if inputs.repair_cost_expected_eur > threshold
        else REPAIR,
        fifty_percent_rule_threshold_eur=threshold,
        verdict_at_low_cost=at_low,
        verdict_at_high_cost=at_high,
    )
