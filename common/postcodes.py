"""Dutch postcodes, in one place: reading what people type, the PC4 and its region, and the PC4
table (centroid, place and municipality) that distances and second-life locations use.

The table comes from GeoNames (https://www.geonames.org/, CC BY 4.0), aggregated per PC4 in
appliances/data/geonames_nl_pc4_centroids.csv; it is read lazily, once per process.
"""

import bisect
import csv
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PC4_TABLE_PATH = (
    Path(__file__).resolve().parent.parent / "appliances" / "data" / "geonames_nl_pc4_centroids.csv"
)
EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius

# ASCII digits only: Python's \d would also match "１２３４" (full-width) or Arabic-Indic digits,
# which would pass one check and fail the next. A PC4 never starts with 0.
_POSTCODE_RE = re.compile(r"\s*([1-9][0-9]{3})\s*([A-Za-z]{2})?\s*", re.ASCII)
POSTCODE_MAX_LENGTH = 20


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


def postcode_region(value: str | None) -> str:
    """The first two digits ('3511 AB' -> '35'): the region the cost model learns prices by."""
    return postcode_pc4(value)[:2]


@dataclass(frozen=True)
class Pc4:
    """One row of the PC4 table."""

    pc4: int
    latitude: float
    longitude: float
    place: str
    municipality: str


@cache
def _pc4_table() -> tuple[list[int], dict[int, Pc4]]:
    by_pc4: dict[int, Pc4] = {}
    with PC4_TABLE_PATH.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            pc4 = int(row["postcode"])
            place = (row.get("place_names") or "").split("|")[0].split(";")[0]
            by_pc4[pc4] = Pc4(
                pc4, float(row["latitude"]), float(row["longitude"]), place,
                row.get("municipality") or "",
            )  # fmt: skip
    return sorted(by_pc4), by_pc4


def pc4_codes() -> tuple[str, ...]:
    """Every PC4 of the table, as text (the synthetic demo prices draw from them)."""
    return tuple(str(pc4) for pc4 in _pc4_table()[1])  # the file's order


def pc4_centroid(postcode: str | None) -> Pc4 | None:
    """The postcode's PC4 row, or the numerically nearest PC4 in the table; None for no postcode."""
    digits = postcode_pc4(postcode)
    if not digits:
        return None
    pc4 = int(digits)
    keys, by_pc4 = _pc4_table()
    if pc4 in by_pc4:
        return by_pc4[pc4]
    i = bisect.bisect_left(keys, pc4)
    candidates = keys[max(i - 1, 0) : i + 1]
    nearest = min(candidates, key=lambda key: (abs(key - pc4), key))
    return by_pc4[nearest]


def municipality_of(postcode: str | None) -> str | None:
    """The municipality of a postcode's own PC4 ('3511 AB' or '3511'); None when unknown."""
    digits = postcode_pc4(postcode)
    row = _pc4_table()[1].get(int(digits)) if digits else None
    return row.municipality or None if row else None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
