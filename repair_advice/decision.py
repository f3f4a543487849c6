"""The decision model: pure arithmetic from the routes out to a repair-or-replace verdict.

No database, no I/O: every figure arrives in `DecisionInputs`, so the rules can be tested
exhaustively. Formulas and sources: docs/decision-model.md.

A route is one way out for the person: claim from the seller, a Repair Café, do it yourself, a
professional repairer (the repair routes), or a refurbished or new appliance (the replacement
routes). Each route is judged on its expected cost per year of use: what the person pays, divided
by the years of use it buys. A repair attempt that fails falls through to the next route: the best
replacement, or for a guarantee claim the best paid route.
"""

import math
from dataclasses import dataclass, replace

import numpy as np
from scipy.special import gamma, gammaincc

REPAIR, REPLACE, DOUBT = "repair", "replace", "doubt"
SELLER_GUARANTEE, REPAIR_CAFE, DIY = "seller_guarantee", "repair_cafe", "diy"
PROFESSIONAL, REFURBISHED, NEW = "professional", "refurbished", "new"
REPAIR_ROUTES = (SELLER_GUARANTEE, REPAIR_CAFE, DIY, PROFESSIONAL)
REPLACEMENT_ROUTES = (REFURBISHED, NEW)
ROUTES = REPAIR_ROUTES + REPLACEMENT_ROUTES
# Below this probability that one side is the cheaper one, a close comparison stays a doubt.
DECISIVE_PROBABILITY = 0.8
# The simulation covers the spreads we model, not a wrong catalogue figure or a fault nobody can
# see from outside: no advice is stated as more than 95% sure.
MAX_CONFIDENCE = 0.95

# Uncertainty simulated for `confidence` (common random numbers: one fixed set of draws, so the
# confidence is a deterministic and monotone function of the inputs). P10-P90 bands are read as
# lognormal; the success probabilities get a logit-normal spread; lifetimes a lognormal spread.
SIMULATION_DRAWS = 256
SUCCESS_LOGIT_SD = 0.5
REMAINING_LIFE_SD = 0.25
NEW_LIFE_SD = 0.15
_Z_P10_P90 = 2 * 1.2815515655446004
_DRAWS = np.random.default_rng(20261202).standard_normal((5, SIMULATION_DRAWS))
Z_REPAIR_COST, Z_SUCCESS, Z_REMAINING_LIFE, Z_NEW_PRICE, Z_NEW_LIFE = _DRAWS


@dataclass(frozen=True)
class RouteInput:
    """One way out, as the facts describe it (before the fall-through on failure)."""

    route: str
    open: bool
    why_not: str | None  # a code (see repair_advice.texts.route_why_not) when closed
    cost_low: float
    cost_expected: float
    cost_high: float
    failure_cost: float  # paid when the attempt fails (diagnosis, parts, contribution)
    success_probability: float  # chance it ends with a working appliance
    life_years: float  # years of use it buys when it works
    energy_kwh_per_year: float
    co2e_kg: float  # footprint of the attempt itself (parts and trips, or a whole appliance)


@dataclass(frozen=True)
class DecisionInputs:
    routes: tuple[RouteInput, ...]
    electricity_price_eur_per_kwh: float
    grid_co2e_kg_per_kwh: float
    new_energy_kwh_per_year: float
    doubt_band: float
    diagnosis_fee_eur: float
    # Spread of the figures, for the confidence (P10-P90 ratios; 1 = known exactly).
    repair_cost_quoted: bool = False
    new_price_known: bool = False


@dataclass(frozen=True)
class RouteResult:
    route: str
    open: bool
    why_not: str | None
    cost_low: float
    cost_expected: float
    cost_high: float
    success_probability: float
    life_years: float
    expected_years: float  # years of use including the fall-through after a failure
    annual_cost_eur: float
    co2e_kg_per_year: float
    co2e_kg: float  # over the expected years


@dataclass(frozen=True)
class DecisionResult:
    verdict: str
    confidence: float
    recommended_route: str
    best_repair_route: str | None
    best_replacement_route: str
    routes: tuple[RouteResult, ...]
    repair_cheaper_probability: float
    differing_cost_ratio: float | None
    break_even_repair_cost_eur: float | None
    repair_never_pays: bool

    def route(self, name: str) -> RouteResult:
        return next(r for r in self.routes if r.route == name)


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


def energy_extra_fraction(*, age: float, per_year: float, cap: float) -> float:
    """Extra energy of an appliance of this age over a new one (a fraction, capped)."""
    return min(cap, per_year * max(age, 0.0))


# -- Per-draw arithmetic ---------------------------------------------------------------------------
# Every function below works on numpy arrays of draws (or plain floats): one code path gives the
# point estimate (no spread) and the simulated distribution.


@dataclass(frozen=True)
class _Draws:
    repair_cost_factor: np.ndarray | float
    success_logit_shift: np.ndarray | float
    remaining_life_factor: np.ndarray | float
    new_price_factor: np.ndarray | float
    new_life_factor: np.ndarray | float


_POINT = _Draws(1.0, 0.0, 1.0, 1.0, 1.0)


def _spread(low: float, high: float) -> float:
    """Lognormal sigma of a P10-P90 band."""
    if low <= 0 or high <= low:
        return 0.0
    return math.log(high / low) / _Z_P10_P90


def _draws_for(inputs: DecisionInputs, new_route: RouteInput, cost_band: RouteInput) -> _Draws:
    cost_sd = 0.0 if inputs.repair_cost_quoted else _spread(cost_band.cost_low, cost_band.cost_high)
    price_sd = 0.0 if inputs.new_price_known else _spread(new_route.cost_low, new_route.cost_high)
    return _Draws(
        repair_cost_factor=np.exp(cost_sd * Z_REPAIR_COST),
        success_logit_shift=SUCCESS_LOGIT_SD * Z_SUCCESS,
        remaining_life_factor=np.exp(REMAINING_LIFE_SD * Z_REMAINING_LIFE),
        new_price_factor=np.exp(price_sd * Z_NEW_PRICE),
        new_life_factor=np.exp(NEW_LIFE_SD * Z_NEW_LIFE),
    )


def _shifted(probability: float, shift):
    if probability >= 1.0:
        return np.ones_like(shift) if isinstance(shift, np.ndarray) else 1.0
    p = min(max(probability, 1e-6), 1 - 1e-6)
    return 1.0 / (1.0 + np.exp(-(math.log(p / (1 - p)) + shift)))


@dataclass(frozen=True)
class _Totals:
    cost: np.ndarray | float  # expected euros over the route's expected years
    years: np.ndarray | float
    co2e: np.ndarray | float  # expected kg CO2e over those years


def _replacement_totals(inputs: DecisionInputs, route: RouteInput, draws: _Draws) -> _Totals:
    life = route.life_years * draws.new_life_factor
    price = route.cost_expected * draws.new_price_factor
    energy = route.energy_kwh_per_year * life
    return _Totals(
        cost=price + energy * inputs.electricity_price_eur_per_kwh,
        years=life,
        co2e=route.co2e_kg + energy * inputs.grid_co2e_kg_per_kwh,
    )


def _attempt_totals(
    inputs: DecisionInputs, route: RouteInput, draws: _Draws, fallback: _Totals, cost
) -> _Totals:
    """A repair attempt: success p -> pay `cost` and use it; failure -> pay the failure cost, then
    the fallback route."""
    p = _shifted(route.success_probability, draws.success_logit_shift)
    life = route.life_years * draws.remaining_life_factor
    energy = route.energy_kwh_per_year * life
    return _Totals(
        cost=p * (cost + energy * inputs.electricity_price_eur_per_kwh)
        + (1 - p) * (route.failure_cost + fallback.cost),
        years=p * life + (1 - p) * fallback.years,
        co2e=p * (route.co2e_kg + energy * inputs.grid_co2e_kg_per_kwh) + (1 - p) * fallback.co2e,
    )


def _repair_cost(route: RouteInput, draws: _Draws):
    """The repair's price spread applies to the routes whose price follows the repair's parts and
    labour (professional, Repair Café parts, the seller's use-share); not to DIY parts."""
    follows_repair_price = route.route in (PROFESSIONAL, REPAIR_CAFE, SELLER_GUARANTEE)
    return route.cost_expected * (draws.repair_cost_factor if follows_repair_price else 1.0)


def _all_totals(inputs: DecisionInputs, draws: _Draws, quotes=None) -> dict[str, _Totals]:
    """Expected totals of every route. With `quotes` (an array of professional quotes, shape
    (k, 1)), only the professional route at those quotes is open among the repairs."""
    routes = {r.route: r for r in inputs.routes}
    totals: dict[str, _Totals] = {}
    for name in REPLACEMENT_ROUTES:
        route = routes[name]
        if name == REFURBISHED:
            # Its price follows the new price; its own band is not simulated (a fixed share).
            totals[name] = _replacement_totals(inputs, route, replace(draws, new_life_factor=1.0))
        else:
            totals[name] = _replacement_totals(inputs, route, draws)
    open_replacements = [n for n in REPLACEMENT_ROUTES if routes[n].open]
    best_replacement = _best_per_draw([totals[n] for n in open_replacements])
    if quotes is not None:
        totals[PROFESSIONAL] = _attempt_totals(
            inputs, routes[PROFESSIONAL], draws, best_replacement, quotes
        )
        return totals
    for name in (REPAIR_CAFE, DIY, PROFESSIONAL):
        route = routes[name]
        totals[name] = _attempt_totals(
            inputs, route, draws, best_replacement, _repair_cost(route, draws)
        )
    paid = [totals[n] for n in (REPAIR_CAFE, DIY, PROFESSIONAL) if routes[n].open]
    next_after_claim = _best_per_draw(paid + [best_replacement])
    seller = routes[SELLER_GUARANTEE]
    totals[SELLER_GUARANTEE] = _attempt_totals(
        inputs, seller, draws, next_after_claim, _repair_cost(seller, draws)
    )
    return totals


def _best_per_draw(options: list[_Totals]) -> _Totals:
    """Per draw, the option with the lowest cost per year (what a person would pick)."""
    best = options[0]
    for option in options[1:]:
        better = option.cost / option.years < best.cost / best.years
        best = _Totals(
            cost=np.where(better, option.cost, best.cost),
            years=np.where(better, option.years, best.years),
            co2e=np.where(better, option.co2e, best.co2e),
        )
    return best


def _annual(totals: _Totals):
    return totals.cost / totals.years


def _side_comparison(inputs: DecisionInputs, draws: _Draws, quotes=None) -> tuple:
    """(best repair per year, best replacement per year) per draw, over the open routes."""
    routes = {r.route: r for r in inputs.routes}
    totals = _all_totals(inputs, draws, quotes)
    if quotes is not None:
        repairs = [_annual(totals[PROFESSIONAL])]
    else:
        repairs = [_annual(totals[n]) for n in REPAIR_ROUTES if routes[n].open]
    replacements = [_annual(totals[n]) for n in REPLACEMENT_ROUTES if routes[n].open]
    best_replacement = replacements[0]
    for option in replacements[1:]:
        best_replacement = np.minimum(best_replacement, option)
    if not repairs:
        return None, best_replacement
    best_repair = repairs[0]
    for option in repairs[1:]:
        best_repair = np.minimum(best_repair, option)
    return best_repair, best_replacement


def _classify(ratio, repair_cheaper, band: float):
    """Verdicts and confidences (arrays) from the point comparison and the simulated probability:
    the cheaper side at the point estimate, unless the two are close on the costs that differ and
    the simulation is not decisive (then doubt)."""
    side_repair = ratio < 1
    confidence = np.where(side_repair, repair_cheaper, 1 - repair_cheaper)
    close = (ratio > 1 / (1 + band)) & (ratio < 1 + band)
    doubt = close & (confidence < DECISIVE_PROBABILITY)
    verdict = np.where(doubt, DOUBT, np.where(side_repair, REPAIR, REPLACE))
    return verdict, confidence


def _differing_ratio(inputs: DecisionInputs, repair, replacement):
    """Best repair over best replacement per year, without the energy a new one would use (both
    paths pay at least that, so it only blurs the comparison)."""
    shared = inputs.new_energy_kwh_per_year * inputs.electricity_price_eur_per_kwh
    return np.maximum(repair - shared, 0.0) / np.maximum(replacement - shared, 1e-9)


def _verdicts(inputs: DecisionInputs, quotes=None):
    """(verdicts, confidences, P(repair cheaper), ratios); arrays over `quotes` when given."""
    routes = {r.route: r for r in inputs.routes}
    point_repair, point_replace = _side_comparison(inputs, _POINT, quotes)
    if point_repair is None:
        return np.array([REPLACE]), np.array([1.0]), np.array([0.0]), None
    quoted = inputs.repair_cost_quoted or quotes is not None
    spread_inputs = replace(inputs, repair_cost_quoted=quoted)
    draws = _draws_for(spread_inputs, routes[NEW], routes[PROFESSIONAL])
    sim_repair, sim_replace = _side_comparison(inputs, draws, quotes)
    repair_cheaper = np.mean(np.atleast_2d(sim_repair < sim_replace), axis=-1)
    ratio = np.atleast_1d(_differing_ratio(inputs, point_repair, point_replace)).ravel()
    verdict, confidence = _classify(ratio, repair_cheaper, inputs.doubt_band)
    return verdict, confidence, repair_cheaper, ratio


BREAK_EVEN_GRID = 64


def break_even_quote(inputs: DecisionInputs) -> float | None:
    """The highest professional quote at which the verdict is still `repair`, the professional
    repair alone against the replacements (the verdict is monotone in the quote, so a grid and a
    finer grid inside the last bracket find it to the euro). None when even a quote of just the
    diagnosis fee (the least a repairer charges) would not make repairing pay."""
    fee = inputs.diagnosis_fee_eur
    new_route = next(r for r in inputs.routes if r.route == NEW)
    low, high = fee, max(fee * 2, new_route.cost_high * 3)
    for _ in range(2):
        quotes = np.linspace(low, high, BREAK_EVEN_GRID)
        is_repair = _verdicts(inputs, quotes[:, None])[0] == REPAIR
        if not is_repair[0]:
            return None
        last = int(np.flatnonzero(is_repair)[-1])
        if last == len(quotes) - 1:
            return math.floor(quotes[-1])
        low, high = quotes[last], quotes[last + 1]
    return math.floor(low)


def decide(inputs: DecisionInputs) -> DecisionResult:
    """Judge every route per year of use; recommend the cheapest open one; compare the sides."""
    routes = {r.route: r for r in inputs.routes}
    totals = _all_totals(inputs, _POINT)
    results = []
    for name in ROUTES:
        route, total = routes[name], totals[name]
        results.append(
            RouteResult(
                route=name,
                open=route.open,
                why_not=None if route.open else route.why_not,
                cost_low=route.cost_low,
                cost_expected=route.cost_expected,
                cost_high=route.cost_high,
                success_probability=route.success_probability,
                life_years=route.life_years,
                expected_years=float(total.years),
                annual_cost_eur=float(_annual(total)),
                co2e_kg_per_year=float(total.co2e / total.years),
                co2e_kg=float(total.co2e),
            )
        )
    by_name = {r.route: r for r in results}
    open_routes = [r for r in results if r.open]
    recommended = min(open_routes, key=lambda r: (r.annual_cost_eur, ROUTES.index(r.route)))
    open_repairs = [r for r in open_routes if r.route in REPAIR_ROUTES]
    best_repair = min(open_repairs, key=lambda r: r.annual_cost_eur, default=None)
    best_replacement = min(
        (r for r in open_routes if r.route in REPLACEMENT_ROUTES), key=lambda r: r.annual_cost_eur
    )
    verdicts, confidences, repair_cheaper, ratio = _verdicts(inputs)
    verdict, confidence = str(verdicts[0]), float(confidences[0])
    break_even = break_even_quote(inputs) if routes[PROFESSIONAL].open else None
    return DecisionResult(
        verdict=verdict,
        # A doubt is by definition less sure than DECISIVE_PROBABILITY: rounding down keeps a
        # 0.797 from reading as 0.80, the level that would have decided it.
        confidence=(math.floor if verdict == DOUBT else round)(
            min(confidence, MAX_CONFIDENCE) * 100
        )
        / 100,
        recommended_route=recommended.route,
        best_repair_route=best_repair.route if best_repair else None,
        best_replacement_route=best_replacement.route,
        routes=tuple(by_name[name] for name in ROUTES),
        repair_cheaper_probability=round(float(repair_cheaper[0]), 3),
        differing_cost_ratio=None if ratio is None else round(float(ratio[0]), 4),
        break_even_repair_cost_eur=break_even,
        repair_never_pays=routes[PROFESSIONAL].open and break_even is None,
    )
