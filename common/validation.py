"""Input rules that every entry point shares, so that what a verdict accepts a follow-up, a lead
outcome, a partner record and the CSV import accept too (and the other way round).

Each rule is a plain function; the callers (serializers, forms, services, the price rules) turn a
broken rule into an error on the field in their own wording.
"""

# A spreadsheet may run a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@")


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
