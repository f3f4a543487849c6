"""The legal guarantee: status from age, cause and price paid; damage never gets `likely`."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repair_advice.guarantee import (
    DAMAGE,
    DEFECT,
    UNKNOWN_CAUSE,
    description_says_damage,
    expected_lifetime_years,
    fault_cause,
    guarantee_assess,
)


@pytest.mark.parametrize(
    "text",
    ["Ik heb mijn telefoon laten vallen", "I dropped my phone", "scherm gebarsten na een val",
     "mijn tablet is nat geworden", "koffie over het toetsenbord gemorst", "it fell off the table",
     "Screen is cracked"],
)  # fmt: skip
def test_words_of_a_fall_a_crack_or_water_are_damage(text):
    assert description_says_damage(text)


@pytest.mark.parametrize(
    "text",
    ["hij is uitgevallen", "de wasmachine viel uit tijdens het centrifugeren",
     "never dropped it, it just stopped", "niet gevallen, hij doet het gewoon niet meer",
     "trommel draait niet", "De trommel draait niet en de was komt er nat uit.",
     "de afvoerslang is gebarsten", "er komt vocht uit de deur", ""],
)  # fmt: skip
def test_a_machine_that_cuts_out_or_a_denied_fall_is_no_damage(text):
    assert not description_says_damage(text)


def test_the_cause_is_damage_when_a_symptom_or_the_description_says_so():
    assert fault_cause([DEFECT], "Ik heb hem laten vallen") == DAMAGE
    assert fault_cause([DAMAGE], "") == DAMAGE
    assert fault_cause([DEFECT, DEFECT], "") == DEFECT
    assert fault_cause([], "") == UNKNOWN_CAUSE
    assert fault_cause([DEFECT, UNKNOWN_CAUSE], "") == UNKNOWN_CAUSE


@pytest.mark.parametrize(
    ("age", "status"),
    [(0.5, "likely"), (1, "likely"), (1.5, "possible"), (8, "unlikely"), (None, "unknown")],
)
def test_a_defect_s_status_follows_the_age_and_the_expected_lifetime(age, status):
    assert guarantee_assess(age_years=age, cause=DEFECT, expected_years=8.0) == status


@given(age=st.one_of(st.none(), st.floats(0, 60)), years=st.floats(1, 30))
def test_damage_never_gets_likely(age, years):
    assert guarantee_assess(age_years=age, cause=DAMAGE, expected_years=years) == "unlikely"


def test_a_dearer_purchase_may_be_expected_to_last_longer():
    def years(price):
        return expected_lifetime_years(
            base_years=3.0, typical_price_eur=650.0, price_paid_eur=price,
            years_per_price_doubling=1.0,
        )  # fmt: skip

    assert years(None) == 3.0
    assert years(1300) == pytest.approx(4.0)
    assert years(325) == pytest.approx(2.0)
    assert years(200) < years(650) < years(800) < years(5000) <= 6.0
