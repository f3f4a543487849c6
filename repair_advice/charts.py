"""Server-side chart data: horizontal bars as percentages, drawn as inline SVG by the template.

Inline SVG needs no JavaScript or CDN, prints well and carries text for screen readers.
"""

from django.utils.translation import gettext as _


def _bars(repair: float, replace: float) -> list[dict]:
    largest = max(repair, replace, 1e-9)
    return [
        {"key": "repair", "label": _("Repair"), "value": repair, "percent": 100 * repair / largest},
        {"key": "replace", "label": _("Replace"), "value": replace,
         "percent": 100 * replace / largest},
    ]  # fmt: skip


def comparison_charts(facts: dict) -> list[dict]:
    """Cost per year of use and CO2e of both paths."""
    return [
        {
            "id": "chart-cost",
            "title": _("Cost per year of use"),
            "unit": "€",
            "bars": _bars(facts["annual_cost_eur"]["repair"], facts["annual_cost_eur"]["replace"]),
        },
        {
            "id": "chart-co2",
            "title": _("CO2e (kg)"),
            "unit": "kg",
            "bars": _bars(facts["co2e_kg"]["repair"], facts["co2e_kg"]["replace"]),
        },
    ]
