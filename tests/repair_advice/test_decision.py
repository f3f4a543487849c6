"""The decision rules on plain numbers: routes, fall-through, doubt, confidence, break-even and
monotonicity route by route."""

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from repair_advice.decision import (
    DIY,
    DOUBT,
    NEW,
    PROFESSIONAL,
    REFURBISHED,
    REPAIR,
    REPAIR_CAFE,
    REPLACE,
    ROUTES,
    SELLER_GUARANTEE,
    DecisionInputs,
    RouteInput,
    decide,
    weibull_mean,
    weibull_mean_residual_life,
)

ORDER = {REPAIR: 0, DOUBT: 1, REPLACE: 2}


def route(name, *, open=True, cost=(150.0, 200.0, 280.0), success=0.85, life=6.0, energy=165.0,
          failure=69.0, co2e=15.0) -> RouteInput:  # fmt: skip
    return RouteInput(
        route=name, open=open, why_not=None if open else "closed", cost_low=cost[0],
        cost_expected=cost[1], cost_high=cost[2], failure_cost=failure,
        success_probability=success, life_years=life, energy_kwh_per_year=energy, co2e_kg=co2e,
    )  # fmt: skip


def inputs(**routes) -> DecisionInputs:
    """A washing machine of about 6 years: only a repairer and a new one open unless given."""
    defaults = {
        SELLER_GUARANTEE: route(SELLER_GUARANTEE, open=False, cost=(0, 0, 0), failure=0),
        REPAIR_CAFE: route(REPAIR_CAFE, open=False),
        DIY: route(DIY, open=False),
        PROFESSIONAL: route(PROFESSIONAL),
        REFURBISHED: route(REFURBISHED, open=False, cost=(250, 340, 440), success=1.0, life=5.5,
                           failure=0, co2e=34),
        NEW: route(NEW, cost=(350, 625, 900), success=1.0, life=11.5, energy=150.0, failure=0,
                   co2e=342),
    }  # fmt: skip
    defaults.update(routes)
    return DecisionInputs(
        routes=tuple(defaults[name] for name in ROUTES),
        electricity_price_eur_per_kwh=0.28,
        grid_co2e_kg_per_kwh=0.374,
        new_energy_kwh_per_year=150.0,
        doubt_band=0.15,
        diagnosis_fee_eur=69.0,
    )


def with_cost(decision_inputs: DecisionInputs, name: str, cost: float) -> DecisionInputs:
    routes = tuple(
        replace(r, cost_low=cost * 0.75, cost_expected=cost, cost_high=cost * 1.4)
        if r.route == name else r
        for r in decision_inputs.routes
    )  # fmt: skip
    return replace(decision_inputs, routes=routes)


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


def test_a_cheap_repair_of_a_young_appliance_is_repair_by_a_repairer():
    result = decide(inputs(**{PROFESSIONAL: route(PROFESSIONAL, cost=(90, 120, 160), life=10)}))
    assert result.verdict == REPAIR
    assert result.recommended_route == PROFESSIONAL


def test_an_expensive_repair_of_an_old_appliance_is_replace_by_the_cheapest_replacement():
    result = decide(inputs(**{PROFESSIONAL: route(PROFESSIONAL, cost=(400, 550, 700), life=1.5)}))
    assert result.verdict == REPLACE
    assert result.recommended_route == NEW
    assert result.confidence >= 0.8


def test_an_open_guarantee_claim_is_recommended_before_any_paid_route():
    seller = route(SELLER_GUARANTEE, cost=(0, 0, 0), success=0.85, failure=0)
    result = decide(inputs(**{SELLER_GUARANTEE: seller}))
    assert result.recommended_route == SELLER_GUARANTEE
    assert result.verdict == REPAIR


def test_a_closed_route_is_never_recommended_however_cheap():
    cafe = route(REPAIR_CAFE, open=False, cost=(1, 1, 1), success=0.99, failure=0)
    result = decide(inputs(**{REPAIR_CAFE: cafe}))
    assert result.recommended_route != REPAIR_CAFE
    assert result.route(REPAIR_CAFE).open is False


def test_a_failed_attempt_falls_through_to_the_best_replacement():
    """With certain failure, the repair route costs its failure fee on top of replacing."""
    doomed = route(PROFESSIONAL, success=0.0, failure=69.0)
    result = decide(inputs(**{PROFESSIONAL: doomed}))
    new = result.route(NEW)
    repair = result.route(PROFESSIONAL)
    assert repair.expected_years == pytest.approx(new.expected_years)
    assert repair.annual_cost_eur == pytest.approx(new.annual_cost_eur + 69.0 / 11.5)


def test_energy_both_paths_pay_does_not_make_a_doubt():
    """The doubt band is applied to the costs that differ: the same repair and replacement with a
    large energy bill on both sides must give the same verdict as without it."""
    plain = decide(inputs())
    heavy = inputs()
    heavy = replace(
        heavy,
        new_energy_kwh_per_year=1500.0,
        routes=tuple(replace(r, energy_kwh_per_year=r.energy_kwh_per_year + 1350.0)
                     for r in heavy.routes),
    )  # fmt: skip
    assert decide(heavy).verdict == plain.verdict


def test_the_break_even_quote_is_where_a_repairer_stops_paying():
    base = inputs()
    break_even = decide(base).break_even_repair_cost_eur
    assert break_even is not None and break_even >= base.diagnosis_fee_eur

    def verdict_at(quote: float) -> str:
        quoted = replace(with_cost(base, PROFESSIONAL, quote), repair_cost_quoted=True)
        quoted = replace(
            quoted,
            routes=tuple(replace(r, cost_low=quote, cost_high=quote) if r.route == PROFESSIONAL
                         else r for r in quoted.routes),
        )  # fmt: skip
        return decide(quoted).verdict

    assert verdict_at(break_even) == REPAIR
    assert verdict_at(break_even + 2) != REPAIR


def test_when_not_even_the_diagnosis_fee_pays_there_is_no_break_even_and_it_says_so():
    worn = route(PROFESSIONAL, life=0.4)
    result = decide(inputs(**{PROFESSIONAL: worn}))
    assert result.break_even_repair_cost_eur is None
    assert result.repair_never_pays is True


def test_co2e_is_per_year_of_use_and_a_repair_beats_a_new_appliance():
    result = decide(inputs())
    repair, new = result.route(PROFESSIONAL), result.route(NEW)
    assert repair.co2e_kg_per_year < new.co2e_kg_per_year
    assert new.co2e_kg_per_year == pytest.approx((342 + 11.5 * 150 * 0.374) / 11.5, rel=1e-6)


route_costs = st.floats(20, 3000)
ages_life = st.floats(0.2, 15)


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from([SELLER_GUARANTEE, REPAIR_CAFE, DIY, PROFESSIONAL]),
    cost=route_costs,
    extra=st.floats(1, 2000),
    success=st.floats(0.05, 0.99),
    life=ages_life,
    others_open=st.booleans(),
)
def test_a_higher_cost_on_any_repair_route_never_moves_the_verdict_towards_repair(
    name, cost, extra, success, life, others_open
):
    routes = {
        n: route(n, open=others_open or n == name, success=success, life=life)
        for n in (SELLER_GUARANTEE, REPAIR_CAFE, DIY, PROFESSIONAL)
    }
    base = inputs(**routes)
    cheaper = decide(with_cost(base, name, cost))
    dearer = decide(with_cost(base, name, cost + extra))
    assert ORDER[dearer.verdict] >= ORDER[cheaper.verdict]


@settings(max_examples=150, deadline=None)
@given(
    cost=route_costs,
    success=st.floats(0.05, 0.99),
    life=st.floats(0.3, 15),
    shorter=st.floats(0.05, 0.95),
    worse=st.floats(0.0, 0.5),
)
def test_less_life_left_or_a_lower_chance_never_moves_the_verdict_towards_repair(
    cost, success, life, shorter, worse
):
    """What age does to a repair route: fewer years left and a lower chance it works."""
    band = (cost * 0.7, cost, cost * 1.5)
    young = inputs(**{PROFESSIONAL: route(PROFESSIONAL, cost=band, success=success, life=life)})
    old = inputs(
        **{PROFESSIONAL: route(PROFESSIONAL, cost=band, success=success * (1 - worse),
                               life=life * shorter)}
    )  # fmt: skip
    assert ORDER[decide(old).verdict] >= ORDER[decide(young).verdict]


@settings(max_examples=150, deadline=None)
@given(cost=route_costs, success=st.floats(0.02, 0.99), life=ages_life, quoted=st.booleans())
def test_a_doubt_is_never_as_sure_as_eighty_percent_and_confidence_is_a_probability(
    cost, success, life, quoted
):
    decision_inputs = replace(
        inputs(
            **{
                PROFESSIONAL: route(
                    PROFESSIONAL, cost=(cost * 0.7, cost, cost * 1.5), success=success, life=life
                )
            }
        ),  # fmt: skip
        repair_cost_quoted=quoted,
    )
    result = decide(decision_inputs)
    assert 0.0 <= result.confidence <= 1.0
    if result.verdict == DOUBT:
        assert result.confidence < 0.8
    for route_result in result.routes:
        assert math.isfinite(route_result.annual_cost_eur)
        assert math.isfinite(route_result.co2e_kg_per_year)
    if result.break_even_repair_cost_eur is not None:
        assert result.break_even_repair_cost_eur >= decision_inputs.diagnosis_fee_eur
