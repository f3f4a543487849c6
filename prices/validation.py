"""Rules for one price record, shared by every writer: the CSV import, the partner API, lead
outcomes and consumer follow-ups (prices.services is the one door they all go through).

A row is a mapping from the CSV column names to cell values (strings from a CSV file; strings,
numbers or None from JSON). Validation never raises for bad data: it returns `RowError`s whose
messages a repairer can act on.
"""

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from common.postcodes import postcode_normalize
from common.validation import has_nul, looks_like_formula
from prices.models import PriceRecord

REQUIRED_COLUMNS = ("repaired_on", "category", "total_eur", "outcome")
COLUMNS = (
    "record_id",
    "repaired_on",
    "category",
    "symptom",
    "brand",
    "age_years",
    "parts_eur",
    "labour_eur",
    "callout_eur",
    "total_eur",
    "outcome",
    "postcode",
    "repairer",
)
KNOWN_COLUMNS = frozenset(COLUMNS)

# Text columns take at most the model's field length; slugs are checked against the catalogue.
TEXT_MAX_LENGTH = {
    "record_id": PriceRecord._meta.get_field("record_id").max_length,
    "category": 50,
    "symptom": 50,
    "brand": PriceRecord._meta.get_field("brand").max_length,
    "outcome": 20,
    "postcode": 20,
    "repairer": PriceRecord._meta.get_field("repairer").max_length,
}
COMPONENT_COLUMNS = ("parts_eur", "labour_eur", "callout_eur")
COMPONENT_TOLERANCE_EUR = Decimal("1.00")
MAX_AMOUNT_EUR = Decimal("9999999.99")  # PriceRecord amounts: max_digits=9, decimal_places=2
MAX_AGE_YEARS = 60.0
OUTCOMES = frozenset(PriceRecord.Outcome.values)
CENT = Decimal("0.01")

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?", re.ASCII)


@dataclass(frozen=True)
class RowError:
    """One problem in one cell; `row` 0 means the header or the file as a whole."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}"


@dataclass(frozen=True)
class PriceBand:
    """P10 and P90 of the trusted prices a record is compared with, and what they are based on."""

    p10: Decimal
    p90: Decimal
    n: int  # records behind the band; 0 for the catalogue range
    basis: str  # e.g. "312 trusted prices of this category and symptom"


@dataclass(frozen=True)
class CatalogueLookups:
    """Catalogue ids by slug, loaded once per import so rows need no queries."""

    category_ids: dict[str, int]
    symptom_ids: dict[tuple[int, str], int]


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _number(raw: str, *, decimal_comma: bool) -> Decimal | None:
    """Parse a plain decimal number (no exponent, no thousands separator); None if invalid."""
    if decimal_comma:
        raw = raw.replace(",", ".", 1) if raw.count(",") == 1 and "." not in raw else raw
    if not _NUMBER_RE.fullmatch(raw):
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return None


def _amount(
    raw: str, *, column: str, row: int, decimal_comma: bool, errors: list[RowError]
) -> Decimal | None:
    value = _number(raw, decimal_comma=decimal_comma)
    if value is None:
        example = "12.50 or 12,50" if decimal_comma else "12.50"
        errors.append(RowError(row, column, f"'{raw}' is not a number (write e.g. {example})"))
        return None
    if value < 0:
        errors.append(RowError(row, column, f"must be 0 or more, not {raw}"))
        return None
    if value > MAX_AMOUNT_EUR:
        errors.append(RowError(row, column, f"{raw} is too large (at most {MAX_AMOUNT_EUR})"))
        return None
    cents = value.quantize(CENT)
    # By the digits written, not the value: "1.200" is 1200 to a Dutch reader, never EUR 1.20.
    if value.as_tuple().exponent < -2:
        errors.append(
            RowError(
                row,
                column,
                f"{raw} has more than 2 decimals (no thousands separators: write 1200, not 1.200)",
            )
        )
        return None
    return cents


def price_record_validate_row(
    *,
    row: Mapping[str, Any],
    row_number: int,
    lookups: CatalogueLookups,
    decimal_comma: bool = False,
    today: date | None = None,
) -> tuple[dict[str, Any] | None, list[RowError]]:
    """Check one record against the import format; return (model field values, errors).

    The values are None when there is any error. `decimal_comma` accepts "12,50" (semicolon CSV).
    """
    errors: list[RowError] = []
    n = row_number
    if not KNOWN_COLUMNS.issuperset(row):
        for key in row:
            if key not in KNOWN_COLUMNS:
                errors.append(RowError(n, str(key), "unknown column"))

    # CSV cells are already strings: strip them inline, the per-cell call showed in profiles.
    cells = {
        column: value.strip() if type(value := row.get(column)) is str else _text(value)
        for column in COLUMNS
    }
    for column, max_length in TEXT_MAX_LENGTH.items():
        value = cells[column]
        if has_nul(value):
            errors.append(RowError(n, column, "contains a NUL character"))
            cells[column] = ""
        elif len(value) > max_length:
            errors.append(
                RowError(n, column, f"too long ({len(value)} characters, at most {max_length})")
            )
            cells[column] = ""
        elif looks_like_formula(value):
            errors.append(
                RowError(
                    n,
                    column,
                    f"starts with '{value[0]}': refused because a spreadsheet could run it as a "
                    "formula",
                )
            )
            cells[column] = ""
    for column in REQUIRED_COLUMNS:
        if not cells[column] and not any(e.column == column for e in errors):
            errors.append(RowError(n, column, "required"))

    values: dict[str, Any] = {
        "record_id": cells["record_id"] or None,
        "brand": cells["brand"],
        "repairer": cells["repairer"],
    }

    raw = cells["repaired_on"]
    if raw:
        repaired_on = None
        if _DATE_RE.fullmatch(raw):
            with contextlib.suppress(ValueError):  # e.g. 2024-02-30
                repaired_on = date.fromisoformat(raw)
        if repaired_on is None:
            errors.append(RowError(n, "repaired_on", f"'{raw}' is not a date as YYYY-MM-DD"))
        elif repaired_on > (today or timezone.localdate()):
            errors.append(RowError(n, "repaired_on", f"{raw} is in the future"))
        values["repaired_on"] = repaired_on

    category_id = None
    if slug := cells["category"]:
        category_id = lookups.category_ids.get(slug)
        if category_id is None:
            errors.append(RowError(n, "category", f"unknown category '{slug}'"))
    values["category_id"] = category_id

    values["symptom_id"] = None
    if (slug := cells["symptom"]) and category_id is not None:
        symptom_id = lookups.symptom_ids.get((category_id, slug))
        if symptom_id is None:
            errors.append(
                RowError(
                    n, "symptom", f"unknown symptom '{slug}' for category '{cells['category']}'"
                )
            )
        values["symptom_id"] = symptom_id

    values["age_years"] = None
    if raw := cells["age_years"]:
        age = _number(raw, decimal_comma=decimal_comma)
        if age is None:
            errors.append(RowError(n, "age_years", f"'{raw}' is not a number"))
        elif not 0 <= age <= MAX_AGE_YEARS:
            errors.append(RowError(n, "age_years", f"{raw} is outside 0 to {MAX_AGE_YEARS:g}"))
        else:
            values["age_years"] = float(age)

    for column in COMPONENT_COLUMNS:
        values[column] = None
        if raw := cells[column]:
            values[column] = _amount(
                raw, column=column, row=n, decimal_comma=decimal_comma, errors=errors
            )

    total = None
    if raw := cells["total_eur"]:
        total = _amount(raw, column="total_eur", row=n, decimal_comma=decimal_comma, errors=errors)
        if total is not None and total == 0:
            errors.append(RowError(n, "total_eur", "must be more than 0"))
            total = None
    values["total_eur"] = total

    components = [values[c] for c in COMPONENT_COLUMNS if values[c] is not None]
    if total is not None and components:
        component_sum = sum(components, Decimal(0))
        complete = len(components) == len(COMPONENT_COLUMNS)
        if complete and abs(component_sum - total) > COMPONENT_TOLERANCE_EUR:
            errors.append(
                RowError(
                    n,
                    "total_eur",
                    f"parts_eur + labour_eur + callout_eur = {component_sum}, which differs from "
                    f"total_eur {total} by more than {COMPONENT_TOLERANCE_EUR}",
                )
            )
        elif not complete and component_sum - total > COMPONENT_TOLERANCE_EUR:
            errors.append(
                RowError(
                    n,
                    "total_eur",
                    f"the given parts/labour/call-out add up to {component_sum}, more than "
                    f"total_eur {total}",
                )
            )

    if (raw := cells["outcome"]) and raw not in OUTCOMES:
        allowed = ", ".join(sorted(OUTCOMES))
        errors.append(RowError(n, "outcome", f"'{raw}' is not one of {allowed}"))
    values["outcome"] = raw

    values["postcode"] = ""
    if raw := cells["postcode"]:
        try:
            values["postcode"] = postcode_normalize(raw)
        except ValueError:
            errors.append(
                RowError(n, "postcode", f"'{raw}' is not a Dutch postcode (1234 AB, 1234AB, 1234)")
            )

    if errors:
        return None, errors
    return values, []


# Origins whose prices nobody vouches for: checked against the trusted band before training.
UNVERIFIED_ORIGINS = frozenset({PriceRecord.Origin.CONSUMER})
# A price more than this factor beyond the trusted P10-P90 band is kept but not trained on. Wide
# on purpose: an honest dear repair (a compressor at 1.5x the P90) must still count, a made-up
# EUR 4,999 for a drain pump (25x the P90) must not.
TRUST_BAND_FACTOR = Decimal(2)


def price_record_untrusted_reason(*, total_eur: Decimal, band: PriceBand) -> str:
    """Why a reported price is too far outside the trusted band to train on; '' when it is not."""
    low, high = band.p10 / TRUST_BAND_FACTOR, band.p90 * TRUST_BAND_FACTOR
    if total_eur < low:
        return (f"{total_eur:.2f} EUR is below half the P10 ({band.p10:.2f} EUR) of {band.basis}")[
            :300
        ]
    if total_eur > high:
        return (f"{total_eur:.2f} EUR is over twice the P90 ({band.p90:.2f} EUR) of {band.basis}")[
            :300
        ]
    return ""
