"""Second life: where the old appliance of a replace or doubt verdict can best go next."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from common.postcodes import municipality_of
from maintenance.selectors import (
    second_hand_value_estimate,
    second_life_advice,
)
from tests.maintenance.factories import VerdictFactory


def test_value_is_the_new_price_written_off_evenly_over_the_expected_life():
    value = second_hand_value_estimate(
        price_eur=Decimal("600"), expected_life_years=12, age_years=3
    )

    assert value == Decimal("450")


def test_value_is_never_below_zero():
    assert second_hand_value_estimate(
        price_eur=Decimal("600"), expected_life_years=10, age_years=15
    ) == Decimal("0")


def test_a_repair_verdict_gets_no_second_life_advice(catalogue):
    assert second_life_advice(verdict=VerdictFactory(outcome="repair"))["applies"] is False


def test_a_young_replace_verdict_puts_selling_first_with_an_estimated_value(catalogue):
    verdict = VerdictFactory(outcome="replace", age_years=2, purchase_price_eur=Decimal("800"))

    advice = second_life_advice(verdict=verdict)

    assert advice["options"][0]["kind"] == "sell" and advice["options"][0]["is_best"]
    value = advice["value"]
    assert value["price_basis"] == "purchase_price"
    expected = second_hand_value_estimate(
        price_eur=Decimal("800"), expected_life_years=value["expected_life_years"], age_years=2
    )
    assert value["estimate_eur"] == expected > 0


def test_a_broken_appliance_is_never_sent_to_a_second_hand_shop_and_ends_at_the_milieustraat(
    catalogue,
):
    verdict = VerdictFactory(outcome="replace", age_years=30)

    advice = second_life_advice(verdict=verdict)

    kinds = [option["kind"] for option in advice["options"]]
    assert "kringloop" not in kinds  # they sell working appliances; this one is broken
    assert advice["value"]["estimate_eur"] == 0
    assert "take_back" in kinds and kinds[-1] == "milieustraat"


def test_a_repair_cafe_is_suggested_only_for_what_a_repair_cafe_takes(catalogue):
    def kinds(slug):
        verdict = VerdictFactory(outcome="doubt", category=catalogue.get(slug=slug))
        return [o["kind"] for o in second_life_advice(verdict=verdict)["options"]]

    assert kinds("vacuum-cleaner").index("repair_cafe") == 1
    assert "repair_cafe" not in kinds("washing-machine")


def test_without_an_age_the_assumed_age_of_the_verdict_is_used(catalogue):
    verdict = VerdictFactory(outcome="replace", age_years=None)
    verdict.facts = {"new_price_eur": 500.0, "assumed_age_years": 5.5}

    advice = second_life_advice(verdict=verdict)

    assert advice["value"]["age_years"] == 5.5
    assert advice["value"]["price_basis"] == "typical_new_price"


def test_the_postcode_municipality_finds_its_milieustraat(second_life_locations, catalogue):
    verdict = VerdictFactory(outcome="replace", postcode="")

    advice = second_life_advice(verdict=verdict, postcode="3511 AB")

    assert advice["municipality"] == "Utrecht"
    milieustraat = next(o for o in advice["options"] if o["kind"] == "milieustraat")
    assert [loc.municipality for loc in milieustraat["locations"]] == ["Utrecht"]
    assert milieustraat["locations"][0].is_demo


@pytest.mark.parametrize(
    ("postcode", "municipality"),
    [("2511", "'s-Gravenhage"), ("1011ab", "Amsterdam"), ("", None), ("0000", None)],
)
def test_postcodes_map_to_their_municipality(postcode, municipality):
    assert municipality_of(postcode) == municipality


def test_the_include_shows_the_estimate_and_marks_demo_locations(second_life_locations, catalogue):
    verdict = VerdictFactory(outcome="replace", age_years=2, postcode="3511 AB")

    html = render_to_string(
        "maintenance/_second_life.html", {"second_life": second_life_advice(verdict=verdict)}
    )

    assert 'data-kind="sell"' in html
    assert "Demo" in html
    assert "Milieustraat Utrecht" in html
