"""Reads of repair price records."""

import statistics
from collections.abc import Collection
from decimal import Decimal

import pandas as pd

from appliances.models import Category, Symptom
from prices.models import PriceRecord
from prices.validation import CatalogueLookups, PriceBand

# Prices that are a repair's price (not only a diagnosis), from sources that vouch for them.
PRICED_OUTCOMES = (PriceRecord.Outcome.REPAIRED, PriceRecord.Outcome.QUOTE_DECLINED)
TRUSTED_ORIGINS = (
    PriceRecord.Origin.IMPORT,
    PriceRecord.Origin.PARTNER_API,
    PriceRecord.Origin.SYNTHETIC,  # the demo's stand-in for imported data
)
BAND_MIN_RECORDS = 20
BAND_MAX_RECORDS = 2000  # the most recent ones: enough for P10/P90, cheap per follow-up

TRAINING_COLUMNS = [
    "category",
    "symptom",
    "brand",
    "age_years",
    "total_eur",
    "outcome",
    "postcode_region",
    "repaired_on",
    "origin",
]


def price_record_count() -> int:
    """How many price records there are, of every origin."""
    return PriceRecord.objects.count()


def price_catalogue_lookups() -> CatalogueLookups:
    """Category ids by slug and symptom ids by (category id, slug), for validating many rows."""
    return CatalogueLookups(
        category_ids=dict(Category.objects.values_list("slug", "id")),
        symptom_ids={
            (category_id, slug): symptom_id
            for symptom_id, category_id, slug in Symptom.objects.values_list(
                "id", "category_id", "slug"
            )
        },
    )


def price_trusted_band(*, category_id: int, symptom_id: int | None) -> PriceBand:
    """P10/P90 of the latest trusted prices of the category and symptom; of the category when the
    cell has fewer than BAND_MIN_RECORDS; else the catalogue's repair range plus call-out fee."""
    trusted = PriceRecord.objects.filter(
        category_id=category_id,
        trusted=True,
        origin__in=TRUSTED_ORIGINS,
        outcome__in=PRICED_OUTCOMES,
    )
    scopes = [("this category and symptom", trusted.filter(symptom_id=symptom_id))]
    if symptom_id is None:
        scopes = []
    scopes.append(("this category", trusted))
    for basis, records in scopes:
        totals = list(
            records.order_by("-id").values_list("total_eur", flat=True)[:BAND_MAX_RECORDS]
        )
        if len(totals) >= BAND_MIN_RECORDS:
            deciles = statistics.quantiles(totals, n=10)
            return PriceBand(
                p10=Decimal(deciles[0]).quantize(Decimal("0.01")),
                p90=Decimal(deciles[-1]).quantize(Decimal("0.01")),
                n=len(totals),
                basis=f"{len(totals)} trusted prices of {basis}",
            )
    category = Category.objects.get(pk=category_id)
    return PriceBand(
        p10=category.repair_cost_low_eur,
        p90=category.repair_cost_high_eur + category.callout_fee_eur,
        n=0,
        basis="the catalogue's repair range of this category",
    )


def price_records_for_training(
    *, origins: Collection[str] | None = None, include_untrusted: bool = False
) -> pd.DataFrame:
    """All trusted price records as one row each, the input of the repair-cost model.

    Columns: category (slug), symptom (slug or ''), brand, age_years (NaN when unknown),
    total_eur (float), outcome, postcode_region (first 2 digits of the PC4, or ''),
    repaired_on (datetime64), origin. `origins` limits the rows to those origins. Records marked
    untrusted (a consumer price far outside the trusted band) are left out unless asked for.
    """
    records = PriceRecord.objects.order_by("id")
    if not include_untrusted:
        records = records.filter(trusted=True)
    if origins is not None:
        records = records.filter(origin__in=list(origins))
    rows = records.values_list(
        "category__slug",
        "symptom__slug",
        "brand",
        "age_years",
        "total_eur",
        "outcome",
        "postcode",
        "repaired_on",
        "origin",
    ).iterator(chunk_size=5000)
    frame = pd.DataFrame.from_records(
        (
            (category, symptom or "", brand, age, float(total), outcome, postcode[:2], day, origin)
            for category, symptom, brand, age, total, outcome, postcode, day, origin in rows
        ),
        columns=TRAINING_COLUMNS,
    )
    frame["age_years"] = frame["age_years"].astype("float64")
    frame["total_eur"] = frame["total_eur"].astype("float64")
    frame["repaired_on"] = pd.to_datetime(frame["repaired_on"])
    return frame
