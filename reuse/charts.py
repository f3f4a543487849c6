"""The pilot dashboard's charts: server-drawn SVG in the style of controlroom/charts.py."""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from common.svg_charts import WIDTH, svg_document, svg_legend, svg_rect, svg_text

REUSE_COLOUR = "#1b7f3b"
OTHER_COLOUR = "#9aa5b1"
SOLD_COLOUR = "#3a6ea5"


def _bars(weeks, series: list[tuple[str, str, callable]], title: str, unit: str = "") -> SafeString:
    """Side-by-side bars per week; each series is (label, colour, value of a week)."""
    height, top, bottom, left = 240, 24, 44, 50
    plot_h = height - top - bottom
    largest = max((fn(row) for row in weeks for _, _, fn in series), default=0) or 1
    step = (WIDTH - left - 10) / max(len(weeks), 1)
    bar_w = step * 0.8 / len(series)
    body = [
        svg_text(left - 6, top + 4, f"{largest:g}{unit}", anchor="end"),
        svg_text(left - 6, top + plot_h, 0, anchor="end"),
        f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - 10}" y2="{top + plot_h}" '
        'stroke="#777"/>',
    ]
    for index, row in enumerate(weeks):
        x = left + index * step + step * 0.1
        for position, (label, colour, fn) in enumerate(series):
            value = fn(row)
            h = plot_h * value / largest
            body.append(
                svg_rect(
                    x + position * bar_w,
                    top + plot_h - h,
                    bar_w,
                    h,
                    colour,
                    f"{row.week:%d-%m} {label}: {value:g}{unit}",
                )
            )
        body.append(
            svg_text(
                x + step * 0.4, top + plot_h + 14, f"{row.week:%d-%m}", anchor="middle", size=10
            )
        )
    body += svg_legend([(label, colour) for label, colour, _ in series], height - 8)
    return svg_document(height, title, body)


def weekly_checks(weeks) -> SafeString:
    return _bars(
        weeks,
        [
            (_("checked"), OTHER_COLOUR, lambda row: row.checked),
            (_("to reuse"), REUSE_COLOUR, lambda row: row.to_reuse),
            (_("sold"), SOLD_COLOUR, lambda row: row.sold),
        ],
        _("Items per week: checked, sent to reuse, sold"),
    )


def weekly_kg(weeks) -> SafeString:
    return _bars(
        weeks,
        [
            (_("kg diverted"), REUSE_COLOUR, lambda row: round(row.kg_diverted, 1)),
            (_("kg CO2e avoided"), SOLD_COLOUR, lambda row: round(row.co2e_avoided_kg, 1)),
        ],
        _("Kilograms kept from the shredder and CO2e avoided per week"),
    )
