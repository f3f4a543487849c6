"""The typed, versioned facts of a verdict: every number it shows, as stored and as the API returns.

`Verdict.facts` holds `VerdictFacts.to_json()`. Verdicts stored before routes existed (version 1,
no `facts_version` key) are upgraded on read by `facts_from_json`, so old links keep working.
"""

from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache

FACTS_VERSION = 2
ROUTE_NAMES = ("seller_guarantee", "repair_cafe", "diy", "professional", "refurbished", "new")


@dataclass(frozen=True)
class CostBand:
    low: float
    expected: float
    high: float


@dataclass(frozen=True)
class RepairCost(CostBand):
    source: str  # quote | model | reference


@dataclass(frozen=True)
class RouteFacts:
    route: str
    name: str
    open: bool
    why_not: str | None
    cost_eur: CostBand
    success_probability: float
    life_years: float
    annual_cost_eur: float
    co2e_kg_per_year: float


@dataclass(frozen=True)
class GuaranteeFacts:
    status: str  # likely | possible | unlikely | unknown
    cause: str  # defect | damage | unknown
    expected_lifetime_years: float
    text: str
    # Version 1 names of the same two facts, kept for API clients.
    legal_expected_lifetime_years: float
    notice: str


@dataclass(frozen=True)
class SidePair:
    repair: float
    replace: float


@dataclass(frozen=True)
class FiftyPercentRule:
    verdict: str
    threshold_eur: float


@dataclass(frozen=True)
class VerdictFacts:
    category: str
    category_name: str
    symptoms: list[str]
    symptom_names: list[str]
    age_years: float | None
    assumed_age_years: float
    language: str
    verdict: str
    confidence: float
    recommended_route: str
    routes: list[RouteFacts]
    success_probability: float
    repair_cost_eur: RepairCost
    diagnosis_fee_eur: float
    new_price_eur: float
    new_price_source: str
    remaining_life_years: float
    new_life_years: float
    annual_cost_eur: SidePair
    co2e_kg: SidePair
    co2e_kg_per_year: SidePair
    break_even_repair_cost_eur: float | None
    repair_never_pays: bool
    guarantee: GuaranteeFacts
    fifty_percent_rule: FiftyPercentRule
    model_version: str
    facts_version: int = FACTS_VERSION
    upgraded_from_version: int | None = field(default=None)

    def to_json(self) -> dict:
        return _plain(self)

    def route(self, name: str) -> RouteFacts:
        return next(r for r in self.routes if r.route == name)


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def _plain(value):
    """Like dataclasses.asdict, without its deep copies (the values are immutable or fresh)."""
    if is_dataclass(value):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def facts_json_current(data: dict) -> dict:
    """Stored facts in the current version's JSON shape: as they are when already current (the
    usual case: no round trip through the dataclasses), upgraded otherwise."""
    if data.get("facts_version") == FACTS_VERSION:
        return data
    return facts_from_json(data).to_json()


def facts_from_json(data: dict) -> VerdictFacts:
    """Typed facts from a stored verdict; version 1 facts are upgraded (see `_upgrade_v1`)."""
    if data.get("facts_version", 1) == 1:
        data = _upgrade_v1(data)
    return VerdictFacts(
        **{
            **data,
            "routes": [
                RouteFacts(**{**r, "cost_eur": CostBand(**r["cost_eur"])}) for r in data["routes"]
            ],
            "repair_cost_eur": RepairCost(**data["repair_cost_eur"]),
            "annual_cost_eur": SidePair(**data["annual_cost_eur"]),
            "co2e_kg": SidePair(**data["co2e_kg"]),
            "co2e_kg_per_year": SidePair(**data["co2e_kg_per_year"]),
            "guarantee": GuaranteeFacts(**data["guarantee"]),
            "fifty_percent_rule": FiftyPercentRule(**data["fifty_percent_rule"]),
        }
    )


def _upgrade_v1(old: dict) -> dict:
    """Version 1 compared one repair with one new appliance; it becomes the professional and new
    routes, the others marked as not computed for this older advice."""
    cost = old["repair_cost_eur"]
    annual = old["annual_cost_eur"]
    co2e = old["co2e_kg"]
    remaining, new_life = old["remaining_life_years"], old["new_life_years"]
    per_year = {
        "repair": round(co2e["repair"] / remaining, 1) if remaining else 0.0,
        "replace": round(co2e["replace"] / new_life, 1) if new_life else 0.0,
    }
    not_computed = "Not computed for advice given before routes were compared."
    price = old["new_price_eur"]
    routes = []
    for name in ROUTE_NAMES:
        if name == "professional":
            band = {k: cost[k] for k in ("low", "expected", "high")}
            success, life, yearly, co2 = (
                old["success_probability"], remaining, annual["repair"], per_year["repair"]
            )  # fmt: skip
        elif name == "new":
            band = {"low": price, "expected": price, "high": price}
            success, life, yearly, co2 = 1.0, new_life, annual["replace"], per_year["replace"]
        else:
            routes.append(
                {"route": name, "name": name, "open": False, "why_not": not_computed,
                 "cost_eur": {"low": 0.0, "expected": 0.0, "high": 0.0},
                 "success_probability": 0.0, "life_years": 0.0, "annual_cost_eur": 0.0,
                 "co2e_kg_per_year": 0.0}
            )  # fmt: skip
            continue
        routes.append(
            {"route": name, "name": name, "open": True, "why_not": None, "cost_eur": band,
             "success_probability": success, "life_years": life, "annual_cost_eur": yearly,
             "co2e_kg_per_year": co2}
        )  # fmt: skip
    guarantee = old["guarantee"]
    upgraded = {
        **old,
        "recommended_route": "new" if old["verdict"] == "replace" else "professional",
        "routes": routes,
        "co2e_kg_per_year": per_year,
        "repair_never_pays": old.get("break_even_repair_cost_eur") in (None, 0, 0.0),
        "guarantee": {
            "status": guarantee["status"],
            "cause": "unknown",
            "expected_lifetime_years": guarantee["legal_expected_lifetime_years"],
            "text": guarantee["notice"],
            "legal_expected_lifetime_years": guarantee["legal_expected_lifetime_years"],
            "notice": guarantee["notice"],
        },
        "new_price_source": old.get("new_price_source", "catalogue"),
        "facts_version": FACTS_VERSION,
        "upgraded_from_version": 1,
    }
    if upgraded["repair_never_pays"]:
        upgraded["break_even_repair_cost_eur"] = None
    return upgraded


def route_steps_context(facts: dict) -> dict:
    """Which routes the next steps may mention (page and widget)."""
    routes = {route["route"]: route for route in facts["routes"]}
    paid = [routes[n] for n in ("repair_cafe", "diy", "professional") if routes[n]["open"]]
    best_paid = min(paid, key=lambda r: r["annual_cost_eur"])["route"] if paid else None
    return {
        "seller_open": routes["seller_guarantee"]["open"],
        "cafe_open": routes["repair_cafe"]["open"],
        "refurbished_open": routes["refurbished"]["open"],
        "best_paid_repair": best_paid,
    }
