"""Numbers read as a Dutch reader means them (common.numbers)."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from common.numbers import (
    DutchAgeField,
    DutchDecimalField,
    NumberFormatError,
    format_dutch_number,
    parse_dutch_number,
)

READ_AS = [
    ("89,95", "89.95"),
    ("1.200", "1200"),
    ("1.200,50", "1200.50"),
    ("2,5", "2.5"),
    ("€ 89", "89"),
    ("€89", "89"),
    ("€\u00a089,95", "89.95"),  # a non-breaking space, as shops print it
    ("89,-", "89"),
    ("€ 1.200,--", "1200"),
    ("89 EUR", "89"),
    ("EUR 12,50", "12.50"),
    ("12 euro", "12"),
    ("  45,50  ", "45.50"),
    ("89.95", "89.95"),  # an English price pasted in: a dot with two digits is a decimal point
    ("2.5", "2.5"),
    ("1 200", "1200"),
    ("1.200.000", "1200000"),
    ("0", "0"),
    (",5", "0.5"),
]

REFUSED = ["1,2,3", "12a", "1.20.0", "1,200.50", "", "1e3", "NaN", "Infinity", "2 5", "€", "٣"]


@pytest.mark.parametrize(("text", "expected"), READ_AS)
def test_a_dutch_number_reads_as_meant(text, expected):
    assert parse_dutch_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", REFUSED)
def test_ambiguous_or_malformed_input_is_refused(text):
    with pytest.raises(NumberFormatError) as refused:
        parse_dutch_number(text)
    assert not refused.value.negative


@pytest.mark.parametrize("text", ["-5", "€ -89,95", "−2,5"])
def test_a_negative_number_is_refused_as_negative(text):
    with pytest.raises(NumberFormatError) as refused:
        parse_dutch_number(text)
    assert refused.value.negative


@given(st.decimals(min_value=0, max_value=10_000_000, places=2))
def test_a_number_written_the_dutch_way_reads_back_as_itself(value):
    assert parse_dutch_number(format_dutch_number(value, language="nl")) == value
    assert parse_dutch_number("€ " + format_dutch_number(value, language="nl")) == value


@given(st.integers(min_value=1000, max_value=10**9))
def test_a_dot_before_three_digits_groups_thousands(value):
    assert parse_dutch_number(f"{value:,}".replace(",", ".")) == value


def test_format_writes_dutch_and_english():
    assert format_dutch_number(Decimal("1200.50")) == "1.200,50"
    assert format_dutch_number(8995, decimals=0) == "8.995"
    assert format_dutch_number(2.5) == "2,5"
    assert format_dutch_number(Decimal("1200.50"), language="en") == "1,200.50"


def _price_field():
    return DutchDecimalField(required=False, min_value=0, max_digits=9, decimal_places=2)


def test_the_form_field_cleans_dutch_input():
    assert _price_field().clean("1.200,50") == Decimal("1200.50")
    assert _price_field().clean("") is None
    assert DutchAgeField(required=False).clean("2,5") == 2.5


def test_the_form_field_says_what_it_accepts_in_dutch():
    with translation.override("nl"), pytest.raises(Exception) as refused:
        _price_field().clean("1,2,3")
    assert refused.value.messages == ["Vul een bedrag in zoals 89,95 of 1.200."]
    with translation.override("nl"), pytest.raises(Exception) as refused:
        _price_field().clean("-5")
    assert refused.value.messages == ["Vul 0 of meer in."]


def test_the_input_is_a_decimal_text_box_that_redisplays_in_dutch():
    field = _price_field()
    with translation.override("nl"):
        html = field.widget.render("price", field.bound_data("89.95", None))
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
    assert 'value="89,95"' in html
    assert "step" not in html
    with translation.override("en"):
        html = field.widget.render("price", field.bound_data("1.200,50", None))
    assert 'value="1200.50"' in html
