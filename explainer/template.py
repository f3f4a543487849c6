"""The built-in explainer: plain Dutch or English text built only from a verdict's facts.

Used when no LLM is configured, and whenever an LLM answer is late, failing or rejected.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language, override
from django.utils.translation import gettext as _


def _half_up(value: float, places: int = 0) -> Decimal:
    """Round as the page does (Django's floatformat rounds halves up, Python's round() to even)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def euros(value: float) -> str:
    return f"€{_half_up(value):f}"


def years(value: float) -> str:
    """One decimal at most, with a decimal comma in Dutch."""
    text = f"{_half_up(value, 1).normalize():f}"
    return text.replace(".", ",") if (get_language() or "nl").startswith("nl") else text


def _headline(facts: dict) -> str:
    values = {
        "category": facts["category_name"].lower(),
        "repair": euros(facts["annual_cost_eur"]["repair"]),
        "replace": euros(facts["annual_cost_eur"]["replace"]),
    }
    if facts["verdict"] == "repair":
        text = _(
            "Repairing your %(category)s is worth it: per year of use, repair costs about "
            "%(repair)s, against %(replace)s for a new one."
        )
    elif facts["verdict"] == "replace":
        text = _(
            "Replacing your %(category)s is the better choice: per year of use, repair would cost "
            "about %(repair)s, against %(replace)s for a new one."
        )
    else:
        text = _(
            "Repair and replacement are close for your %(category)s: per year of use, repair costs "
            "about %(repair)s, against %(replace)s for a new one."
        )
    return text % values


def _cost_and_chance(facts: dict) -> str:
    cost = facts["repair_cost_eur"]
    chance = _half_up(facts["success_probability"] * 100)
    if cost["source"] == "quote":
        text = _(
            "Your quote is %(expected)s. Repairs like this succeed about %(chance)s%% of the time."
        )
    else:
        text = _(
            "A repair is expected to cost about %(expected)s (usually between %(low)s and "
            "%(high)s, including a %(fee)s diagnosis fee). Repairs like this succeed about "
            "%(chance)s%% of the time."
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
    if break_even is None or break_even <= 0:
        return _(
            "At this age, no repair price makes repairing clearly cheaper per year than replacing."
        )
    return _("Repairing pays off as long as the repair costs less than about %(amount)s.") % {
        "amount": euros(break_even)
    }


def _climate(facts: dict) -> str:
    saved = facts["co2e_kg"]["replace"] - facts["co2e_kg"]["repair"]
    if saved >= 1:
        return _(
            "For the climate, repairing saves about %(kg)s kg CO2e compared with buying new."
        ) % {"kg": _half_up(saved)}
    return _("For the climate, repairing and replacing make little difference here.")


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
    if facts["verdict"] == "repair":
        return _(
            "Next step: ask a repairer or a Repair Café for a quote and mention the symptoms you "
            "noticed."
        )
    if facts["verdict"] == "replace":
        return _(
            "Next step: give the old one a second life (sell it, bring it to a kringloop shop, or "
            "hand it in at the shop when you buy new), and choose a model that is easy to repair."
        )
    return _(
        "Next step: get a quote first. If it stays below the amount above, repair; otherwise "
        "replace, and give the old one a second life."
    )


def template_explanation(facts: dict) -> str:
    """A complete explanation in the verdict's language, one paragraph per idea."""
    with override(facts.get("language", "nl")):
        paragraphs = [
            _headline(facts),
            f"{_cost_and_chance(facts)} {_lifetimes(facts)}",
            f"{_break_even(facts)} {_climate(facts)}",
            _fifty_percent_rule(facts),
            facts["guarantee"]["notice"],
            _next_step(facts),
        ]
    return "\n\n".join(paragraphs)
