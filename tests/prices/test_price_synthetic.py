"""The synthetic demo data: deterministic, clearly marked, and valid import rows."""

from datetime import date
from decimal import Decimal

import pytest

from common.postcodes import pc4_codes
from prices.models import PriceRecord
from prices.selectors import price_catalogue_lookups
from prices.services import price_record_validate_row, price_records_load_demo
from prices.synthetic import (
    SYNTHETIC_REPAIRER,
    _decline_probability,
    synthetic_price_records,
)
from prices.validation import COLUMNS

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 30)


def _rows(catalogue, n: int) -> list[dict[str, str]]:
    """Rows of the test categories only, so the figures are the ones in conftest."""
    return list(synthetic_price_records(n=n, today=TODAY, categories=catalogue.values()))


def test_same_seed_and_day_give_the_same_rows(catalogue):
    first = list(synthetic_price_records(n=200, seed=3, today=TODAY))
    second = list(synthetic_price_records(n=200, seed=3, today=TODAY))

    assert first == second


def test_another_seed_gives_other_rows(catalogue):
    first = list(synthetic_price_records(n=50, seed=3, today=TODAY))
    other = list(synthetic_price_records(n=50, seed=4, today=TODAY))

    assert [r["total_eur"] for r in first] != [r["total_eur"] for r in other]


def test_every_synthetic_row_passes_the_import_validator(catalogue):
    lookups = price_catalogue_lookups()

    for number, row in enumerate(synthetic_price_records(n=2000, today=TODAY), start=1):
        values, errors = price_record_validate_row(
            row=row, row_number=number, lookups=lookups, today=TODAY
        )
        assert errors == [], row


def test_synthetic_rows_are_marked_and_have_the_csv_columns(catalogue):
    rows = _rows(catalogue, 100)

    assert all(list(row) == list(COLUMNS) for row in rows)
    assert all(row["repairer"] == SYNTHETIC_REPAIRER for row in rows)
    assert [row["record_id"] for row in rows[:2]] == ["synthetic-0000001", "synthetic-0000002"]


def test_synthetic_components_add_up_to_the_total_exactly(catalogue):
    for row in _rows(catalogue, 500):
        parts = sum(Decimal(row[c]) for c in ("parts_eur", "labour_eur", "callout_eur"))
        assert parts == Decimal(row["total_eur"])


def test_synthetic_dates_lie_within_the_last_three_years(catalogue):
    days = [
        date.fromisoformat(r["repaired_on"]) for r in synthetic_price_records(n=500, today=TODAY)
    ]

    assert min(days) >= date(2022, 7, 1)
    assert max(days) <= TODAY


def test_synthetic_postcodes_come_from_the_real_pc4_list(catalogue):
    known = set(pc4_codes())
    postcodes = [r["postcode"] for r in _rows(catalogue, 300)]

    assert {p for p in postcodes if p} <= known
    assert len(known) > 4000


def test_most_synthetic_repairs_succeed_and_every_outcome_occurs(catalogue):
    outcomes = [r["outcome"] for r in _rows(catalogue, 3000)]

    assert outcomes.count("repaired") / len(outcomes) > 0.7
    assert {"not_repairable", "quote_declined"} <= set(outcomes)


def test_a_dearer_quote_is_declined_more_often():
    assert _decline_probability(0.2) < _decline_probability(0.5) < _decline_probability(0.8)


def test_symptom_cost_factor_raises_the_typical_price(catalogue):
    rows = _rows(catalogue, 4000)

    def median_work(symptom: str) -> Decimal:
        work = sorted(
            Decimal(r["parts_eur"]) + Decimal(r["labour_eur"])
            for r in rows
            if r["symptom"] == symptom and r["outcome"] != "not_repairable"
        )
        return work[len(work) // 2]

    assert median_work("drum-bearing") > median_work("wont-drain")


def test_demo_load_is_idempotent(catalogue):
    assert price_records_load_demo(count=50) == 50
    assert price_records_load_demo(count=50) == 0
    assert PriceRecord.objects.filter(origin=PriceRecord.Origin.SYNTHETIC).count() == 50
    assert PriceRecord.objects.get(record_id="synthetic-0000001").is_synthetic
