"""The decision rules, on plain numbers: formulas, edge cases and monotonicity."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from repair_advice.decision import (
    DOUBT,
    REPAIR,
    REPLACE,
    DecisionInputs,
    decide,
    weibull_mean,
    weibull_mean_residual_life,
)

ORDER = {REPAIR: 0, DOUBT: 1, REPLACE: 2}


def inputs(**overrides) -> DecisionInputs:
    values = {
        "new_price_eur": 600.0,
        "repair_cost_low_eur": 150.0,
        "repair_cost_expected_eur": 200.0,
        "repair_cost_high_eur": 280.0,
        "diagnosis_fee_eur": 69.0,
        "success_probability": 0.8,
        "weibull_shape": 3.0,
        "weibull_scale_years": 12.8,
        "age_years": 5.0,
        "unknown_age_fraction_of_lifetime": 0.5,
        "embodied_co2e_kg": 300.0,
        "displacement_factor": 0.5,
        "repair_co2e_fraction": 0.05,
        "energy_kwh_per_year": 150.0,
        "old_appliance_extra_energy_per_year": 0.01,
        "max_old_appliance_extra_energy": 0.3,
        "electricity_price_eur_per_kwh": 0.3,
        "grid_co2e_kg_per_kwh": 0.3,
        "legal_expected_lifetime_years": 8.0,
        "doubt_band": 0.15,
        "fifty_percent_rule_threshold": 0.5,
    }
    values.update(overrides)
    return DecisionInputs(**values)


def test_mean_residual_life_matches_numerical_integration():
    shape, scale, age = 2.5, 10.0, 7.0
    survival = lambda t: math.exp(-((t / scale) ** shape))  # noqa: E731
    expected = integrate.quad(survival, age, math.inf)[0] / survival(age)
    assert weibull_mean_residual_life(shape, scale, age) == pytest.approx(expected, rel=1e-6)


def test_mean_residual_life_at_birth_is_the_mean_lifetime():
    assert weibull_mean_residual_life(3, 12, 0) == pytest.approx(weibull_mean(3, 12))


def test_mean_residual_life_stays_finite_and_positive_far_beyond_the_scale():
    value = weibull_mean_residual_life(4.0, 3.0, 60.0)
    assert 0 < value < 1


def test_cheap_repair_of_young_appliance_is_repair():
    result = decide(inputs(repair_cost_expected_eur=120, repair_cost_low_eur=100,
                           repair_cost_high_eur=140, age_years=3))  # fmt: skip
    assert result.verdict == REPAIR
    assert result.annual_cost_repair_eur < result.annual_cost_replace_eur


def test_expensive_repair_of_old_appliance_is_replace():
    result = decide(inputs(repair_cost_expected_eur=450, repair_cost_low_eur=400,
                           repair_cost_high_eur=500, age_years=14))  # fmt: skip
    assert result.verdict == REPLACE
    assert result.fifty_percent_rule_verdict == REPLACE


def _at_cost(cost: float, **overrides) -> str:
    """The verdict for a repair quote of `cost` (low = expected = high)."""
    return decide(
        inputs(repair_cost_low_eur=cost, repair_cost_expected_eur=cost,
               repair_cost_high_eur=cost, **overrides)
    ).verdict  # fmt: skip


@pytest.mark.parametrize("age", [1.0, 4.0, 8.0])
def test_the_verdict_flips_from_repair_at_the_break_even_price(age):
    break_even = decide(inputs(age_years=age)).break_even_repair_cost_eur
    assert break_even > 0
    assert _at_cost(break_even - 0.01, age_years=age) == REPAIR
    assert _at_cost(break_even + 0.01, age_years=age) != REPAIR


def test_at_the_break_even_price_repairing_costs_the_doubt_band_less_per_year():
    base = inputs()
    at_break_even = decide(inputs(repair_cost_expected_eur=decide(base).break_even_repair_cost_eur))
    assert at_break_even.annual_cost_repair_eur * (1 + base.doubt_band) == pytest.approx(
        at_break_even.annual_cost_replace_eur, rel=1e-9
    )


def test_the_break_even_price_is_zero_when_repair_never_clearly_pays():
    old_and_doubtful = decide(inputs(age_years=40.0, success_probability=0.05))
    assert old_and_doubtful.break_even_repair_cost_eur == 0.0
    assert _at_cost(0.0, age_years=40.0, success_probability=0.05) != REPAIR


def test_certain_failure_has_no_break_even_price():
    assert decide(inputs(success_probability=0.0)).break_even_repair_cost_eur is None


def test_unknown_age_assumes_half_the_median_lifetime():
    result = decide(inputs(age_years=None))
    median = 12.8 * math.log(2) ** (1 / 3)
    assert result.assumed_age_years == pytest.approx(0.5 * median)
    assert result.guarantee_status == "unknown"


@pytest.mark.parametrize(
    ("age", "status"), [(0.5, "likely"), (3, "possible"), (8, "unlikely"), (12, "unlikely")]
)
def test_guarantee_status_follows_the_age_and_legal_lifetime(age, status):
    assert decide(inputs(age_years=age)).guarantee_status == status


def test_successful_repair_saves_co2_against_a_new_appliance():
    result = decide(inputs(success_probability=0.9))
    assert result.co2e_repair_kg < result.co2e_replace_kg


def test_confidence_is_lower_when_the_cost_range_spans_two_verdicts():
    decided = decide(inputs())
    break_even = decided.break_even_repair_cost_eur
    narrow = decide(inputs(repair_cost_expected_eur=break_even * 0.5,
                           repair_cost_low_eur=break_even * 0.45,
                           repair_cost_high_eur=break_even * 0.55))  # fmt: skip
    wide = decide(inputs(repair_cost_expected_eur=break_even * 0.5,
                         repair_cost_low_eur=break_even * 0.1,
                         repair_cost_high_eur=break_even * 1.5))  # fmt: skip
    assert narrow.verdict == wide.verdict == REPAIR
    assert wide.confidence < narrow.confidence


case = st.fixed_dictionaries(
    {
        "new_price_eur": st.floats(20, 3000),
        "diagnosis_fee_eur": st.floats(0, 120),
        "success_probability": st.floats(0.02, 0.98),
        "weibull_shape": st.floats(1.0, 5.0),
        "weibull_scale_years": st.floats(2, 25),
        "embodied_co2e_kg": st.floats(1, 600),
        "energy_kwh_per_year": st.one_of(st.none(), st.floats(0, 800)),
        "legal_expected_lifetime_years": st.floats(1, 15),
    }
)


@settings(max_examples=300, deadline=None)
@given(case=case, cost=st.floats(0, 3000), extra=st.floats(0.01, 2000), age=st.floats(0, 60))
def test_higher_repair_cost_never_moves_the_verdict_towards_repair(case, cost, extra, age):
    cheaper = decide(inputs(**case, age_years=age, repair_cost_low_eur=cost,
                            repair_cost_expected_eur=cost, repair_cost_high_eur=cost))  # fmt: skip
    dearer = decide(inputs(**case, age_years=age, repair_cost_low_eur=cost + extra,
                           repair_cost_expected_eur=cost + extra,
                           repair_cost_high_eur=cost + extra))  # fmt: skip
    assert ORDER[dearer.verdict] >= ORDER[cheaper.verdict]


@settings(max_examples=300, deadline=None)
@given(case=case, cost=st.floats(0, 3000), age=st.floats(0, 59), older_by=st.floats(0.01, 30))
def test_an_older_appliance_never_moves_the_verdict_towards_repair(case, cost, age, older_by):
    def verdict_at(years):
        return decide(inputs(**case, age_years=min(years, 60), repair_cost_low_eur=cost,
                             repair_cost_expected_eur=cost, repair_cost_high_eur=cost))  # fmt: skip

    assert ORDER[verdict_at(age + older_by).verdict] >= ORDER[verdict_at(age).verdict]


@settings(max_examples=200, deadline=None)
@given(case=case, cost=st.floats(0, 3000), age=st.floats(0, 60))
def test_results_are_finite_and_confidence_is_a_probability(case, cost, age):
    result = decide(inputs(**case, age_years=age, repair_cost_low_eur=cost,
                           repair_cost_expected_eur=cost, repair_cost_high_eur=cost))  # fmt: skip
    assert 0 <= result.confidence <= 1
    for value in (result.annual_cost_repair_eur, result.annual_cost_replace_eur,
                  result.remaining_life_years, result.co2e_repair_kg):  # fmt: skip
        assert math.isfinite(value) and value >= 0
