"""Repairers near you: distance order, Repair Cafés first for small appliances, the messages."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from common.postcodes import pc4_centroid
from partners.selectors import nearby_context, partners_near
from tests.partners.factories import PartnerFactory

pytestmark = pytest.mark.django_db
# PC4 centroids (GeoNames): Utrecht centre 3511, Utrecht Overvecht 3564, Amersfoort 3811,
# Amsterdam 1011, Groningen 9711.


def place(pc: str, **fields):
    c = pc4_centroid(pc)
    return PartnerFactory(postcode=pc, latitude=c.latitude, longitude=c.longitude, **fields)


def test_partners_are_ordered_by_distance_and_filtered_by_category_and_radius(catalogue):
    washer = catalogue.get(slug="washing-machine")
    far = place("3811", name="Amersfoort", categories=[washer])
    near = place("3564", name="Overvecht", categories=[washer])
    place("3512", name="Kettles only", categories=[catalogue.get(slug="kettle")])
    place("9711", name="Groningen", categories=[washer])
    place("3512", name="Inactive", categories=[washer], is_active=False)
    nearby = partners_near(category=washer, postcode="3511 AB")
    assert nearby.status == "ok"
    assert [n.partner for n in nearby.partners] == [near, far]
    assert nearby.partners[0].distance_km < nearby.partners[1].distance_km < 25


def test_repair_cafes_come_first_for_small_appliances_only(catalogue):
    kettle, washer = catalogue.get(slug="kettle"), catalogue.get(slug="washing-machine")
    shop = place("3512", name="Shop", categories=[kettle, washer])
    cafe = place("3564", name="Café", categories=[kettle, washer], is_repair_cafe=True)
    assert kettle.is_small_appliance and not washer.is_small_appliance
    assert [n.partner for n in partners_near(category=kettle, postcode="3511").partners] == [
        cafe,
        shop,
    ]
    assert [n.partner for n in partners_near(category=washer, postcode="3511").partners] == [
        shop,
        cafe,
    ]


def test_a_pc4_missing_from_the_table_uses_the_numerically_nearest(catalogue):
    assert pc4_centroid("1000").pc4 == 1011
    assert pc4_centroid("3511 ZZ").pc4 == 3511


def test_the_limit_is_respected(catalogue):
    washer = catalogue.get(slug="washing-machine")
    for i in range(4):
        place("3512", name=f"Shop {i}", categories=[washer])
    assert len(partners_near(category=washer, postcode="3511", limit=2).partners) == 2


def render(verdict, postcode_override=None):
    context = nearby_context(verdict=verdict, postcode_override=postcode_override)
    with translation.override("en"):
        return render_to_string("partners/_nearby.html", {**context, "verdict": verdict})


def test_without_a_postcode_it_asks_for_one(repair_verdict):
    repair_verdict.postcode = ""
    html = render(repair_verdict)
    assert 'name="postcode"' in html and "Enter your postcode" in html


def test_an_invalid_postcode_is_reported(repair_verdict):
    html = render(repair_verdict, "12AB")
    assert "Enter a Dutch postcode" in html and 'aria-invalid="true"' in html


def test_with_nobody_near_it_points_to_the_national_registers(repair_verdict):
    html = render(repair_verdict, "9711")
    assert "nationaalreparateursregister.nl" in html and "repaircafe.org" in html


def test_nearby_partners_show_contact_links_and_the_cafe_badge(repair_verdict, catalogue):
    place(
        "3512",
        name="Café Centrum",
        categories=[repair_verdict.category],
        is_repair_cafe=True,
        phone="030 123 45 67",
        website="https://cafe.example",
    )
    html = render(repair_verdict)
    assert "Café Centrum" in html and "tel:030123" in html and "https://cafe.example" in html
    assert "mailto:" in html and "Repair Café" in html and "GeoNames" in html
