"""The reuse check's answer: sourced prior, condition and age, destination and stored facts."""

from decimal import Decimal

import pytest

from appliances.models import Category
from reuse import estimate
from reuse.services import reuse_check_create


@pytest.fixture
def washer(catalogue):
    return Category.objects.get(slug="washing-machine")


def test_a_working_young_washer_gets_a_higher_value_and_chance_than_a_broken_old_one(washer):
    good = estimate.reuse_estimate(washer, 2.0, "works", {})
    bad = estimate.reuse_estimate(washer, 14.0, "broken", {})
    assert good.value_point_eur > bad.value_point_eur
    assert good.sold_probability > bad.sold_probability
    assert good.potential == "high"
    assert bad.potential == "low"


def test_the_prior_value_is_new_price_times_second_hand_share_times_remaining_life(washer):
    life = estimate.average_life_years(washer)
    expected = washer.new_price_typical_eur * washer.refurbished_price_share * (1 - 3.0 / life)
    assert estimate.reuse_estimate(washer, 3.0, "works", {}).value_point_eur == pytest.approx(
        expected, abs=0.01
    )


def test_the_prior_chance_of_a_sale_never_exceeds_the_bkn_reuse_share(catalogue):
    for category in catalogue:
        answer = estimate.reuse_estimate(category, 0.0, "works", {})
        assert answer.sold_probability <= 0.56


def test_a_broken_appliance_within_its_expected_lifetime_goes_back_to_the_retailer(washer):
    destination, code = estimate.destination_for(
        category=washer, age_years=1.0, condition="broken", potential="low"
    )
    assert (destination, code) == ("retailer", "retailer")


def test_a_broken_small_appliance_past_its_lifetime_goes_to_a_repair_cafe(catalogue):
    kettle = catalogue.get(slug="kettle")
    assert kettle.repair_cafe_accepts
    age = kettle.legal_expected_lifetime_years + 5
    answer = estimate.reuse_estimate(kettle, age, "broken", {})
    destination, _ = estimate.destination_for(
        category=kettle, age_years=age, condition="broken", potential=answer.potential
    )
    assert destination == "repair_cafe"


def test_damaged_housing_on_an_old_appliance_goes_to_recycling(washer):
    answer = estimate.reuse_estimate(washer, 15.0, "damaged", {})
    destination, _ = estimate.destination_for(
        category=washer, age_years=15.0, condition="damaged", potential=answer.potential
    )
    assert destination == "recycling"


def test_every_category_has_a_weight_with_a_source(catalogue):
    categories = set(Category.objects.values_list("slug", flat=True))
    weights = estimate.weights()
    assert categories <= set(weights)
    for slug in categories:
        assert weights[slug]["kg"] > 0 and weights[slug]["source"]
        if weights[slug]["estimate"]:
            assert weights[slug]["source"].startswith("ESTIMATE")


def test_a_stored_check_keeps_location_inputs_answer_weight_and_no_model_version(
    washer, milieustraat_a, staff_a
):
    check = reuse_check_create(
        location=milieustraat_a,
        user=staff_a,
        category=washer,
        brand="Bosch",
        age_years=Decimal("4.0"),
        condition="works",
    )
    check.refresh_from_db()
    assert check.location == milieustraat_a and check.user == staff_a
    assert check.destination == "reuse"
    assert check.value_low_eur <= check.value_high_eur
    assert check.weight_kg == estimate.category_weight_kg("washing-machine") > 0
    assert check.embodied_co2e_kg == washer.embodied_co2e_kg
    assert check.model_version is None  # nothing learned yet: the prior answered


def test_a_repair_partner_cannot_be_a_check_location(washer, catalogue):
    from common.api_errors import DomainError
    from tests.partners.factories import PartnerFactory

    with pytest.raises(DomainError):
        reuse_check_create(
            location=PartnerFactory(kind="repair_shop"),
            user=None,
            category=washer,
            age_years=Decimal(1),
            condition="works",
        )


def test_an_unknown_age_is_stored_empty_and_valued_as_at_the_average_life(washer, milieustraat_a):
    check = reuse_check_create(
        location=milieustraat_a, user=None, category=washer, age_years=None, condition="broken"
    )
    at_life = estimate.reuse_estimate(washer, estimate.average_life_years(washer), "broken", {})
    assert check.age_years is None
    assert float(check.value_high_eur) == pytest.approx(at_life.value_high_eur, abs=0.01)
    assert check.destination != "retailer"  # no claim on the seller without a known age


def test_staff_may_leave_the_age_empty(client, staff_a, washer):
    from django.urls import reverse

    from reuse.models import ReuseCheck

    client.force_login(staff_a)
    response = client.post(
        reverse("reuse:check"),
        {"category": washer.pk, "age_years": "", "condition": "works", "action": "check"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert ReuseCheck.objects.get().age_years is None and "leeftijd onbekend" in page
