"""The reads of price records: the count and the training frame for the cost model."""

from decimal import Decimal

import pandas as pd
import pytest

from prices.models import PriceRecord
from prices.selectors import TRAINING_COLUMNS, price_record_count, price_records_for_training
from tests.factories import SymptomFactory
from tests.prices.factories import PriceRecordFactory

pytestmark = pytest.mark.django_db


def test_price_record_count_counts_every_origin(catalogue):
    PriceRecordFactory(category=catalogue["test-washer"])
    PriceRecordFactory(category=catalogue["test-washer"], origin=PriceRecord.Origin.SYNTHETIC)

    assert price_record_count() == 2


def test_training_frame_has_one_row_per_record_with_slugs_and_region(catalogue):
    washer = catalogue["test-washer"]
    symptom = SymptomFactory(category=washer, slug="wont-spin")
    PriceRecordFactory(
        category=washer, symptom=symptom, total_eur=Decimal("180.50"), postcode="3511 AB"
    )
    PriceRecordFactory(category=catalogue["test-kettle"], age_years=None, postcode="", brand="")

    frame = price_records_for_training()

    assert list(frame.columns) == TRAINING_COLUMNS
    first, second = frame.to_dict("records")
    assert (first["category"], first["symptom"], first["postcode_region"]) == (
        "test-washer",
        "wont-spin",
        "35",
    )
    assert first["total_eur"] == 180.5
    assert (second["symptom"], second["postcode_region"], second["brand"]) == ("", "", "")
    assert pd.isna(second["age_years"])
    assert frame["repaired_on"].dtype.kind == "M"


def test_training_frame_can_leave_out_synthetic_records(catalogue):
    PriceRecordFactory(category=catalogue["test-washer"])
    PriceRecordFactory(category=catalogue["test-washer"], origin=PriceRecord.Origin.SYNTHETIC)

    frame = price_records_for_training(origins=[PriceRecord.Origin.IMPORT])

    assert frame["origin"].tolist() == ["import"]


def test_training_frame_of_an_empty_table_has_the_columns(db):
    frame = price_records_for_training()

    assert frame.empty
    assert list(frame.columns) == TRAINING_COLUMNS
