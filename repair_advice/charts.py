"""Server-side chart data: horizontal bars as percentages, drawn as inline SVG by the template.

Inline SVG needs no JavaScript or CDN, prints well and carries text for screen readers.
"""

from django.utils.translation import gettext as _

from repair_advice.decision import REPAIR_ROUTES


def _route_bars(routes: list[dict], field: str, recommended: str) -> list[dict]:
    """One bar per open route, on one scale; repair routes and replacements in two colours."""
    shown = [route for route in routes if route["open"]]
    largest = max((route[field] for route in shown), default=0.0) or 1e-9
    return [
        {
            "key": "repair" if route["route"] in REPAIR_ROUTES else "replace",
            "label": route["name"] + (f" ({_('our advice')})" if route["route"] == recommended
                                      else ""),
            "value": route[field],
            "percent": 100 * route[field] / largest,
        }
        for route in shown
    ]  # fmt: skip


def comparison_charts(facts: dict) -> list[dict]:
    """Cost and CO2e per year of use of every open route."""
    routes, recommended = facts["routes"], facts["recommended_route"]
    return [
        {
            "id": "chart-cost",
            "title": _("Cost per year of use"),
            "unit": "€",
            "bars": _route_bars(routes, "annual_cost_eur", recommended),
        },
        {
            "id": "chart-co2",
            "title": _("CO2e per year of use (kg)"),
            "unit": "kg",
            "bars": _route_bars(routes, "co2e_kg_per_year", recommended),
        },
    ]
