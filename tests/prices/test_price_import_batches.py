"""The import across several write batches: the same all-or-nothing and update rules as in one.

On PostgreSQL the batches are written with COPY (new rows) and a staged UPDATE (existing rows);
on SQLite with bulk_create and executemany. These tests hold on both.
"""

from decimal import Decimal

import pytest

from prices import services
from prices.models import PriceRecord
from prices.selectors import price_record_count
from prices.services import RowError, price_records_import
from tests.prices.factories import PriceRecordFactory

pytestmark = pytest.mark.django_db

ROWS = (
    "b-1,2024-03-10,test-washer,wont-drain,Bosch,7,50,140,70,260,repaired,1234ab,Jansen",
    "b-2,2024-04-02,test-washer,,Miele,,,,,310.50,quote_declined,3511,",
    ",2024-05-01,test-kettle,wont-heat,,2.5,,,,15,not_repairable,,",
)


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 2)


def test_rows_in_several_batches_are_stored_with_every_field(catalogue, write_csv, small_batches):
    result = price_records_import(source=write_csv(*ROWS), partner="Partner BV")

    assert (result.added, result.updated, result.errors) == (3, 0, [])
    record = PriceRecord.objects.get(record_id="b-1")
    assert (record.category, record.symptom.slug) == (catalogue["test-washer"], "wont-drain")
    assert (record.brand, record.age_years, record.postcode) == ("Bosch", 7.0, "1234 AB")
    assert (record.parts_eur, record.labour_eur, record.callout_eur, record.total_eur) == (
        Decimal("50.00"),
        Decimal("140.00"),
        Decimal("70.00"),
        Decimal("260.00"),
    )
    assert (record.outcome, record.repairer, record.origin) == ("repaired", "Jansen", "import")
    assert record.created_at is not None and record.updated_at is not None
    other = PriceRecord.objects.get(record_id="b-2")
    assert (other.symptom, other.age_years, other.parts_eur) == (None, None, None)
    assert other.repairer == "Partner BV"
    assert PriceRecord.objects.get(record_id=None).total_eur == Decimal("15.00")


def test_reimport_in_several_batches_updates_and_adds(catalogue, write_csv, small_batches):
    price_records_import(source=write_csv(ROWS[0]))
    created_at = PriceRecord.objects.get(record_id="b-1").created_at
    changed = ROWS[0].replace(",70,260,", ",65,255,").replace("Bosch", "Siemens")

    result = price_records_import(source=write_csv(ROWS[1], changed, ROWS[2]))

    assert (result.added, result.updated, result.errors) == (2, 1, [])
    assert price_record_count() == 3
    record = PriceRecord.objects.get(record_id="b-1")
    assert (record.brand, record.callout_eur, record.total_eur) == (
        "Siemens",
        Decimal("65.00"),
        Decimal("255.00"),
    )
    assert record.created_at == created_at
    assert record.updated_at > created_at


def test_error_in_a_later_batch_undoes_the_earlier_batches(catalogue, write_csv, small_batches):
    PriceRecordFactory(record_id="b-1", category=catalogue["test-washer"], total_eur=99)
    before = price_record_count()
    bad = ROWS[2].replace("test-kettle", "toaster-oven")

    result = price_records_import(source=write_csv(*ROWS, ROWS[2], bad))

    assert result.errors == [RowError(5, "category", "unknown category 'toaster-oven'")]
    assert (result.added, result.updated) == (0, 0)
    assert price_record_count() == before
    assert PriceRecord.objects.get(record_id="b-1").total_eur == Decimal("99.00")


def test_a_consumer_import_keeps_a_price_far_outside_the_trusted_band_but_marks_it(
    catalogue, write_csv, small_batches
):
    washer = catalogue["test-washer"]
    symptom = washer.symptoms.get(slug="wont-drain")
    for n in range(30):
        PriceRecordFactory(category=washer, symptom=symptom, total_eur=Decimal(180 + n))
    dear = ROWS[0].replace("b-1,", "c-1,").replace(",50,140,70,260,", ",,,,4999,")
    fair = ROWS[0].replace("b-1,", "c-2,").replace(",50,140,70,260,", ",,,,240,")

    result = price_records_import(
        source=write_csv(dear, ROWS[2], fair), origin=PriceRecord.Origin.CONSUMER
    )

    assert (result.ok, result.added) == (True, 3)
    outlier = PriceRecord.objects.get(record_id="c-1")
    assert (outlier.trusted, outlier.source_key) == (False, "consumer")
    assert "over twice the P90" in outlier.excluded_reason
    assert "30 trusted prices of this category and symptom" in outlier.excluded_reason
    assert PriceRecord.objects.get(record_id="c-2").trusted
