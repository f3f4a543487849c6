"""The built-in explainer: plain Dutch or English text built only from a verdict's facts.

Used when no LLM is configured, and whenever an LLM answer is late, failing or rejected.
"""

from django.utils.translation import gettext as _
from django.utils.translation import override

from repair_advice.facts import facts_json_current
from repair_advice.texts import half_up as _half_up
from repair_advice.texts import years


def euros(value: float) -> str:
    return f"€{_half_up(value):f}"


def _route(facts: dict, name: str) -> dict:
    return next(route for route in facts["routes"] if route["route"] == name)


def _headline(facts: dict) -> str:
    values = {
        "category": facts["category_name"].lower(),
        "repair": euros(facts["annual_cost_eur"]["repair"]),
        "replace": euros(facts["annual_cost_eur"]["replace"]),
    }
    recommended = facts["recommended_route"]
    if recommended == "seller_guarantee":
        text = _(
            "Go back to the seller of your %(category)s first: the legal guarantee probably "
            "entitles you to a free repair or replacement, which beats every paid option."
        )
    elif facts["verdict"] == "repair":
        values["route"] = _route(facts, recommended)["name"]
        text = _(
            "Repairing your %(category)s is worth it, best through this option: %(route)s. Per "
            "year of use, repair costs about %(repair)s, against %(replace)s for the best "
            "replacement."
        )
    elif facts["verdict"] == "replace":
        values["route"] = _route(facts, recommended)["name"]
        text = _(
            "Replacing your %(category)s is the better choice (%(route)s): per year of use, "
            "repair would cost about %(repair)s, against %(replace)s for the replacement."
        )
    else:
        text = _(
            "Repair and replacement are close for your %(category)s: per year of use, repair costs "
            "about %(repair)s, against %(replace)s for the best replacement."
        )
    return text % values


def _cost_and_chance(facts: dict) -> str:
    cost = facts["repair_cost_eur"]
    chance = _half_up(facts["success_probability"] * 100)
    if cost["source"] == "quote":
        text = _(
            "Your quote is %(expected)s. A repairer fixes faults like this about "
            "%(chance)s%% of the time."
        )
    elif facts["diagnosis_fee_eur"] > 0:
        text = _(
            "A repair is expected to cost about %(expected)s (usually between %(low)s and "
            "%(high)s, including a %(fee)s diagnosis fee). A repairer fixes faults like this "
            "about %(chance)s%% of the time."
        )
    else:  # carried in to the shop: no fee to mention ("including €0" reads as a mistake)
        text = _(
            "A repair is expected to cost about %(expected)s (usually between %(low)s and "
            "%(high)s). A repairer fixes faults like this about %(chance)s%% of the time."
        )
    return text % {
        "expected": euros(cost["expected"]),
        "low": euros(cost["low"]),
        "high": euros(cost["high"]),
        "fee": euros(facts["diagnosis_fee_eur"]),
        "chance": chance,
    }


def _lifetimes(facts: dict) -> str:
    return _(
        "After a successful repair it should last about %(remaining)s more years; a new one lasts "
        "about %(new)s years and costs about %(price)s."
    ) % {
        "remaining": years(facts["remaining_life_years"]),
        "new": years(facts["new_life_years"]),
        "price": euros(facts["new_price_eur"]),
    }


def _break_even(facts: dict) -> str:
    break_even = facts["break_even_repair_cost_eur"]
    if facts.get("repair_never_pays") or break_even is None:
        return _(
            "At this age even a repairer who charged only the diagnosis fee would not make "
            "repairing pay per year of use."
        )
    return _("A repairer's quote pays off as long as it stays below about %(amount)s.") % {
        "amount": euros(break_even)
    }


def _climate(facts: dict) -> str:
    per_year = facts["co2e_kg_per_year"]
    values = {"repair": _half_up(per_year["repair"]), "replace": _half_up(per_year["replace"])}
    if per_year["replace"] - per_year["repair"] >= 1:
        return (
            _(
                "For the climate, the repair causes about %(repair)s kg CO2e per year of use, "
                "against %(replace)s kg for the replacement."
            )
            % values
        )
    return (
        _(
            "For the climate, the repair causes about %(repair)s kg CO2e per year of use and the "
            "replacement %(replace)s kg: little difference."
        )
        % values
    )


def _fifty_percent_rule(facts: dict) -> str:
    rule = facts["fifty_percent_rule"]
    values = {"threshold": euros(rule["threshold_eur"])}
    if rule["verdict"] == "replace":
        text = _(
            "The common 50%% rule (replace when a repair costs more than half the price of a new "
            "one, %(threshold)s here) would say: replace."
        )
    else:
        text = _(
            "The common 50%% rule (replace when a repair costs more than half the price of a new "
            "one, %(threshold)s here) would say: repair."
        )
    return text % values


def _next_step(facts: dict) -> str:
    routes = {route["route"]: route for route in facts["routes"]}
    if routes["seller_guarantee"]["open"]:
        return _(
            "Next step: go back to the seller with your receipt before anyone else opens the "
            "appliance. Only if the seller refuses, look at the other options."
        )
    if facts["verdict"] == "repair":
        if facts["recommended_route"] == "diy":
            return _("Next step: try the fix yourself; unplug the appliance before you start.")
        if facts["recommended_route"] == "repair_cafe":
            return _(
                "Next step: take it to a Repair Café; if they cannot fix it, ask a repairer for "
                "a quote."
            )
        return _("Next step: ask a repairer for a quote and mention the symptoms you noticed.")
    if facts["verdict"] == "replace":
        if facts["recommended_route"] == "refurbished":
            return _(
                "Next step: look for a refurbished one with a guarantee, and hand the old one in "
                "so its materials are recycled."
            )
        return _(
            "Next step: choose a model that is easy to repair, and hand the old one in where you "
            "buy the new one so its materials are recycled."
        )
    return _(
        "Next step: get a quote first. If it stays below the amount above, repair; otherwise "
        "replace, and give the old one a second life."
    )


def template_explanation(facts: dict) -> str:
    """A complete explanation in the verdict's language, one paragraph per idea (`facts` as
    stored: version 1 facts are upgraded first)."""
    facts = facts_json_current(facts)
    with override(facts.get("language", "nl")):
        guarantee_first = facts["recommended_route"] == "seller_guarantee"
        paragraphs = [
            _headline(facts),
            *([facts["guarantee"]["text"]] if guarantee_first else []),
            f"{_cost_and_chance(facts)} {_lifetimes(facts)}",
            f"{_break_even(facts)} {_climate(facts)}",
            _fifty_percent_rule(facts),
            *([] if guarantee_first else [facts["guarantee"]["text"]]),
            _next_step(facts),
        ]
    return "\n\n".join(paragraphs)
