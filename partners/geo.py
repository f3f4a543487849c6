"""Postcode (PC4) centroids and distances.

The centroids come from GeoNames (https://www.geonames.org/, CC BY 4.0), aggregated per PC4 in
appliances/data/geonames_nl_pc4_centroids.csv. The table is read lazily, once per process.
"""

import bisect
import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from moeitewaard.validation import postcode_pc4

CENTROIDS_PATH = Path(settings.BASE_DIR) / "appliances" / "data" / "geonames_nl_pc4_centroids.csv"
EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius


@dataclass(frozen=True)
class Centroid:
    pc4: int
    latitude: float
    longitude: float
    place: str


@cache
def _centroids() -> tuple[list[int], dict[int, Centroid]]:
    by_pc4: dict[int, Centroid] = {}
    with CENTROIDS_PATH.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            pc4 = int(row["postcode"])
            place = (row.get("place_names") or "").split("|")[0].split(";")[0]
            by_pc4[pc4] = Centroid(pc4, float(row["latitude"]), float(row["longitude"]), place)
    return sorted(by_pc4), by_pc4


def pc4_of(postcode: str) -> int | None:
    """The four digits of a Dutch postcode ('3511 AB' -> 3511); None when it is not one."""
    pc4 = postcode_pc4(postcode)
    return int(pc4) if pc4 else None


def pc4_centroid(postcode: str) -> Centroid | None:
    """The centroid of the postcode's PC4, or of the numerically nearest PC4 in the table."""
    pc4 = pc4_of(postcode)
    if pc4 is None:
        return None
    keys, by_pc4 = _centroids()
    if pc4 in by_pc4:
        return by_pc4[pc4]
    i = bisect.bisect_left(keys, pc4)
    candidates = keys[max(i - 1, 0) : i + 1]
    nearest = min(candidates, key=lambda key: (abs(key - pc4), key))
    return by_pc4[nearest]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
