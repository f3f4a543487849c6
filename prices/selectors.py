"""Reads of repair price records."""

from collections.abc import Collection

import pandas as pd

from appliances.models import Category, Symptom
from prices.models import PriceRecord
from prices.validation import CatalogueLookups

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


def price_records_for_training(*, origins: Collection[str] | None = None) -> pd.DataFrame:
    """All price records as one row each, the input of the repair-cost model.

    Columns: category (slug), symptom (slug or ''), brand, age_years (NaN when unknown),
    total_eur (float), outcome, postcode_region (first 2 digits of the PC4, or ''),
    repaired_on (datetime64), origin. `origins` limits the rows to those origins.
    """
    records = PriceRecord.objects.order_by("id")
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
