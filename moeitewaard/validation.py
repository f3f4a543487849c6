"""Input rules that every entry point shares, so that what a verdict accepts a follow-up, a lead
outcome, a partner record and the CSV import accept too (and the other way round).

Each rule is a plain function; the callers (serializers, forms, services, the price rules) turn a
broken rule into an error on the field in their own wording.
"""

import re

# ASCII digits only: Python's \d would also match "１２３４" (full-width) or Arabic-Indic digits,
# which would pass one check and fail the next. A PC4 never starts with 0.
_POSTCODE_RE = re.compile(r"\s*([1-9][0-9]{3})\s*([A-Za-z]{2})?\s*", re.ASCII)
POSTCODE_MAX_LENGTH = 20

# A spreadsheet may run a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@")


def postcode_normalize(value: str | None) -> str:
    """'1234ab' -> '1234 AB', ' 1234 ' -> '1234', '' -> ''.

    Raises ValueError when the text is no Dutch postcode (also for digits outside ASCII).
    """
    value = value or ""
    if not value.strip():
        return ""
    match = _POSTCODE_RE.fullmatch(value) if len(value) <= POSTCODE_MAX_LENGTH else None
    if match is None:
        raise ValueError(value[:POSTCODE_MAX_LENGTH])
    digits, letters = match.groups()
    return f"{digits} {letters.upper()}" if letters else digits


def postcode_pc4(value: str | None) -> str:
    """The four digits of a postcode ('3511 AB' -> '3511'); '' when it is none."""
    try:
        return postcode_normalize(value)[:4]
    except ValueError:
        return ""


def brand_clean(value: str | None) -> str:
    """A brand as typed, stripped; one without any letter or digit ("-", "?", "...") is what
    people type for "no brand", so it becomes empty rather than an error."""
    value = (value or "").strip()
    return value if any(ch.isalnum() for ch in value) else ""


def has_nul(value: str) -> bool:
    """A NUL character: PostgreSQL refuses it in text, and no person types one."""
    return "\x00" in value


def looks_like_formula(value: str) -> bool:
    """Short identity texts (brand, repairer, record id) must not start like a formula: they end up
    in price records, which staff export and open in a spreadsheet."""
    return value.strip().startswith(FORMULA_PREFIXES)
