"""Inline SVG charts drawn on the server: no JavaScript, no CDN, readable without colour.

Each function takes rows from `controlroom.selectors` and returns safe SVG markup with a <title>
and text labels, so screen readers and printouts get the numbers too.
"""

from collections.abc import Callable

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from common.svg_charts import (
    WIDTH,
    svg_document,
    svg_empty,
    svg_label_lines,
    svg_legend,
    svg_rect,
    svg_text,
)

COLOURS = {"repair": "#1b7f3b", "replace": "#b5452b", "doubt": "#c9a227", "second": "#3a6ea5"}


def stacked_weeks(
    rows: list[dict], keys: list[str], title: str, *, names: dict[str, str] | None = None
) -> SafeString:
    """Vertical stacked bars, one per week (rows have 'week' and a count per key); `names` are
    the keys in words, for the legend and the bars' titles."""
    names = names or {}
    if not any(row[key] for row in rows for key in keys):
        return svg_empty(title)
    height, top, bottom, left = 260, 24, 40, 50
    plot_h = height - top - bottom
    largest = max((sum(row[key] for key in keys) for row in rows), default=0) or 1
    step = (WIDTH - left - 10) / max(len(rows), 1)
    body = [
        svg_text(left - 6, top + 4, largest, anchor="end"),
        svg_text(left - 6, top + plot_h, 0, anchor="end"),
    ]
    body.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - 10}" y2="{top + plot_h}" '
        'stroke="#777"/>'
    )
    for index, row in enumerate(rows):
        x = left + index * step + step * 0.15
        y = top + plot_h
        for key in keys:
            h = plot_h * row[key] / largest
            y -= h
            body.append(
                svg_rect(
                    x,
                    y,
                    step * 0.7,
                    h,
                    COLOURS.get(key, "#555"),
                    f"{row['week']:%d-%m} {names.get(key, key)}: {row[key]}",
                )
            )
        if len(rows) <= 16 or index % 2 == 0:
            body.append(
                svg_text(
                    x + step * 0.35,
                    top + plot_h + 14,
                    f"{row['week']:%d-%m}",
                    anchor="middle",
                    size=10,
                )
            )
    body += svg_legend(
        [(names.get(key, key), COLOURS.get(key, "#555")) for key in keys], height - 8
    )
    return svg_document(height, title, body)


def horizontal_bars(
    rows: list[dict],
    *,
    label: str,
    series: list[tuple[str, str, str]],
    title: str,
    maximum: float | None = None,
    fmt: str | Callable[[float], str] = "{:g}",
) -> SafeString:
    """Horizontal bars per row; `series` is (key, legend label, colour) drawn side by side.
    Long row labels wrap onto more lines (a partner's whole name), they are not cut off.
    `fmt` is a format string or a function (say, number_format for the page's decimal comma)."""
    shown = fmt if callable(fmt) else fmt.format
    if not any(row[key] for row in rows for key, _k, _c in series):
        return svg_empty(title)
    bar_h, gap, left, top, line_h = 12, 8, 190, 10, 12
    labels = [svg_label_lines(row[label]) for row in rows]
    group_hs = [max(bar_h * len(series), line_h * len(lines)) + gap for lines in labels]
    height = top + sum(group_hs) + 30
    largest = maximum or max((row[key] for row in rows for key, _k, _c in series), default=0) or 1
    plot_w = WIDTH - left - 70
    body = []
    for index, row in enumerate(rows):
        y = top + sum(group_hs[:index])
        lines = labels[index]
        first = y + (group_hs[index] - gap) / 2 - line_h * (len(lines) - 1) / 2 + 4
        body += [
            svg_text(left - 6, first + n * line_h, line, anchor="end")
            for n, line in enumerate(lines)
        ]
        for offset, (key, legend, colour) in enumerate(series):
            w = plot_w * row[key] / largest
            body.append(
                svg_rect(
                    left,
                    y + offset * bar_h,
                    w,
                    bar_h - 2,
                    colour,
                    f"{row[label]} {legend}: {shown(row[key])}",
                )
            )
            body.append(
                svg_text(left + w + 4, y + offset * bar_h + bar_h - 3, shown(row[key]), size=10)
            )
    body += svg_legend([(legend, colour) for _, legend, colour in series], height - 8)
    return svg_document(height, title, body)


def scatter(
    rows: list[dict], *, x: str, y: str, title: str, x_label: str, y_label: str
) -> SafeString:
    """Points with the diagonal y = x: points above it were reported dearer than predicted."""
    if not rows:
        return svg_empty(title, _("No reported prices to compare with the predictions yet."))
    size, left, top, bottom = 300, 50, 10, 36
    height = top + size + bottom
    largest = max((max(row[x], row[y]) for row in rows), default=0) * 1.05 or 1
    body = [
        f'<rect x="{left}" y="{top}" width="{size}" height="{size}" fill="none" stroke="#777"/>',
        f'<line x1="{left}" y1="{top + size}" x2="{left + size}" y2="{top}" '
        'stroke="#999" stroke-dasharray="4 3"/>',
        svg_text(left + size / 2, top + size + 28, x_label, anchor="middle"),
        svg_text(left + size + 10, top + 12, y_label),
        svg_text(left - 4, top + 10, f"{largest:.0f}", anchor="end", size=10),
        svg_text(left - 4, top + size, "0", anchor="end", size=10),
        svg_text(left + size, top + size + 14, f"{largest:.0f}", anchor="end", size=10),
    ]
    for row in rows:
        cx = left + size * row[x] / largest
        cy = top + size - size * row[y] / largest
        body.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{COLOURS["second"]}" '
            'fill-opacity="0.7">'
            f"<title>{escape(f'{x_label} {row[x]:.0f}, {y_label} {row[y]:.0f}')}</title></circle>"
        )
    return svg_document(height, title, body)


def reliability(tables: list[dict], *, title: str) -> SafeString:
    """Calibration diagram: per bin the mean predicted chance (x) against the observed share of
    successful repairs (y); on the dashed diagonal a predicted 0.7 means 7 in 10 succeed."""
    if not any(table["bins"] for table in tables):
        return svg_empty(title, _("This version stored no calibration bins."))
    size, left, top, bottom = 300, 50, 10, 56
    height = top + size + bottom
    colours = [COLOURS["second"], COLOURS["repair"], COLOURS["doubt"]]
    body = [
        f'<rect x="{left}" y="{top}" width="{size}" height="{size}" fill="none" stroke="#777"/>',
        f'<line x1="{left}" y1="{top + size}" x2="{left + size}" y2="{top}" '
        'stroke="#999" stroke-dasharray="4 3"/>',
        svg_text(left + size / 2, top + size + 28, _("predicted chance"), anchor="middle"),
        svg_text(left + size + 10, top + 12, _("observed share")),
        svg_text(left - 4, top + 10, number_format(1, 1), anchor="end", size=10),
        svg_text(left - 4, top + size, "0", anchor="end", size=10),
        svg_text(left + size, top + size + 14, number_format(1, 1), anchor="end", size=10),
    ]
    for table, colour in zip(tables, colours, strict=False):
        points = [
            (
                left + size * row["mean_predicted"],
                top + size - size * row["observed_rate"],
                row,
            )
            for row in table["bins"]
            if row.get("n")
        ]
        body.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="'
            + " ".join(f"{x:.1f},{y:.1f}" for x, y, _row in points)
            + '"/>'
        )
        for x, y, row in points:
            label = _("%(name)s: predicted %(predicted)s, observed %(observed)s (n = %(n)s)") % {
                "name": table["name"],
                "predicted": number_format(round(row["mean_predicted"], 3), 3),
                "observed": number_format(round(row["observed_rate"], 3), 3),
                "n": number_format(row["n"], 0, force_grouping=True),
            }
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}">'
                f"<title>{escape(label)}</title></circle>"
            )
    body += svg_legend(
        [(str(table["name"]), colour) for table, colour in zip(tables, colours, strict=False)],
        height - 8,
    )
    return svg_document(height, title, body)
