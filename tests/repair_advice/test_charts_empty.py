"""A verdict chart without bars says so in words instead of drawing an empty frame."""

from django.template.loader import render_to_string
from django.utils import translation

from repair_advice.charts import comparison_charts


def _routes(*, open_: bool) -> dict:
    route = {"route": "repairer", "name": "Repairer", "open": open_,
             "annual_cost_eur": 40.0, "co2e_kg_per_year": 12.0}  # fmt: skip
    return {"routes": [route], "recommended_route": "repairer"}


def test_a_chart_without_open_routes_says_there_is_nothing_to_compare():
    with translation.override("nl"):
        chart = comparison_charts(_routes(open_=False))[0]
        html = render_to_string("repair_advice/_chart.html", {"chart": chart})

    assert chart["bars"] == []
    assert "Hier valt niets te vergelijken" in html
    assert "<svg" not in html


def test_a_chart_with_bars_has_no_empty_sentence():
    with translation.override("nl"):
        chart = comparison_charts(_routes(open_=True))[0]
        html = render_to_string("repair_advice/_chart.html", {"chart": chart})

    assert "<svg" in html and "chart__empty" not in html
