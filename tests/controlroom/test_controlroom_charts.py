"""Control-room charts: an empty chart says so, and long row labels are wrapped, never cut off."""

import datetime
import re

from django.utils import translation

from controlroom import charts

SERIES = [("price_records", "price records", "#000")]


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", str(svg))


def test_every_chart_without_data_says_so_in_words():
    with translation.override("en"):
        drawn = [
            charts.stacked_weeks([], ["repair"], "Verdicts"),
            charts.horizontal_bars([], label="partner", series=SERIES, title="Partners"),
            charts.scatter([], x="p", y="r", title="Prices", x_label="p", y_label="r"),
        ]

    assert _texts(drawn[0]) == ["No data for this period yet."]
    assert _texts(drawn[1]) == ["No data for this period yet."]
    assert _texts(drawn[2]) == ["No reported prices to compare with the predictions yet."]


def test_the_empty_sentence_is_dutch_on_a_dutch_page():
    with translation.override("nl"):
        svg = charts.horizontal_bars([], label="partner", series=SERIES, title="Partners")

    assert _texts(svg) == ["Nog geen gegevens voor deze periode."]


def test_weeks_with_only_zero_counts_are_an_empty_chart():
    rows = [{"week": datetime.date(2025, 3, 3), "repair": 0}]

    with translation.override("en"):
        svg = charts.stacked_weeks(rows, ["repair"], "Verdicts")

    assert _texts(svg) == ["No data for this period yet."]


def test_a_long_partner_name_is_shown_whole_over_more_lines():
    name = "Stichting Repair Café Utrecht-Overvecht en Omstreken"
    svg = charts.horizontal_bars(
        [{"partner": name, "price_records": 7}], label="partner", series=SERIES, title="Partners"
    )

    label_lines = [text for text in _texts(svg) if text not in ("7", "price records")]
    assert len(label_lines) >= 2
    assert " ".join(label_lines) == name
