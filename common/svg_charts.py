"""Server-drawn SVG chart parts shared by the control room, the verdict page and the reuse pilot:
no JavaScript, no CDN; every text part escaped, every shape with a <title> for screen readers."""

import textwrap

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 720


def svg_document(height: int, title: str, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308 - every text part below is escaped
        f'<svg class="cr-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def svg_text(x: float, y: float, text, *, anchor: str = "start", size: int = 11) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}">'
        f"{escape(str(text))}</text>"
    )


def svg_rect(x: float, y: float, w: float, h: float, colour: str, label: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" '
        f'fill="{colour}"><title>{escape(label)}</title></rect>'
    )


def svg_empty(title: str, message: str | None = None) -> SafeString:
    """A chart without data says so in words instead of drawing an empty frame."""
    text = message or _("No data for this period yet.")
    return svg_document(48, title, [svg_text(WIDTH / 2, 28, text, anchor="middle", size=14)])


def svg_label_lines(text, width: int = 30, lines: int = 3) -> list[str]:
    """A row label in up to `lines` lines of `width` characters: whole names, not cut off."""
    wrapped = textwrap.wrap(str(text), width=width, break_on_hyphens=False) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[: lines - 1] + [" ".join(wrapped[lines - 1 :])]
    return wrapped


def svg_legend(keys: list[tuple[str, str]], y: float) -> list[str]:
    parts, x = [], 50.0
    for label, colour in keys:
        parts.append(svg_rect(x, y - 9, 10, 10, colour, label))
        parts.append(svg_text(x + 14, y, label))
        x += 24 + 7 * len(label)
    return parts
