"""Fixtures for the price tests: a small catalogue and a helper that writes CSV files."""

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from tests.factories import CategoryFactory, SymptomFactory

HEADER = (
    "record_id,repaired_on,category,symptom,brand,age_years,parts_eur,labour_eur,callout_eur,"
    "total_eur,outcome,postcode,repairer"
)


@pytest.fixture
def catalogue(db):
    """Two categories; 'wont-drain' belongs to test-washer only."""
    washing_machine = CategoryFactory(slug="test-washer")
    kettle = CategoryFactory(
        slug="test-kettle",
        ords_category="Kettle",
        is_small_appliance=True,
        new_price_low_eur=Decimal("25.00"),
        new_price_high_eur=Decimal("80.00"),
        callout_fee_eur=Decimal("0.00"),
        repair_cost_low_eur=Decimal("10.00"),
        repair_cost_high_eur=Decimal("40.00"),
        lifetime_weibull_shape=1.8,
        lifetime_weibull_scale_years=6.0,
    )
    SymptomFactory(category=washing_machine, slug="wont-drain", cost_factor=0.9)
    SymptomFactory(category=washing_machine, slug="drum-bearing", cost_factor=1.6)
    SymptomFactory(category=kettle, slug="wont-heat", cost_factor=1.0)
    return {"test-washer": washing_machine, "test-kettle": kettle}


@pytest.fixture
def write_csv(tmp_path) -> Callable[..., Path]:
    """Write data lines under a header (the full one unless given) to a UTF-8 file."""

    def write(*lines: str, header: str = HEADER, name: str = "prices.csv") -> Path:
        path = tmp_path / name
        path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
        return path

    return write
