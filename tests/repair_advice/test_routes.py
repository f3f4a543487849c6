"""Routes through the API, on the catalogue: the contract, the real cases, the 144-cell grid, and
verdicts stored before routes existed."""

import io
import json

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appliances.selectors import category_get_for_verdict
from repair_advice.facts import ROUTE_NAMES
from repair_advice.management.commands.verdict_grid import CORE_CATEGORIES, grid_facts
from repair_advice.models import Verdict
from repair_advice.services import verdict_evaluate

pytestmark = pytest.mark.django_db

ROUTE_FIELDS = {"route", "open", "why_not", "cost_eur", "success_probability", "life_years",
                "annual_cost_eur", "co2e_kg_per_year"}  # fmt: skip
ORDER = {"repair": 0, "doubt": 1, "replace": 2}


def post(client, **body):
    response = client.post("/api/v1/verdicts/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def test_every_verdict_lists_every_route_with_the_contract_fields(client, catalogue):
    body = post(client, category="washing-machine", symptoms=["does-not-drain"], age_years=4)
    assert [r["route"] for r in body["routes"]] == list(ROUTE_NAMES)
    for route in body["routes"]:
        assert set(route) >= ROUTE_FIELDS
        assert set(route["cost_eur"]) == {"low", "expected", "high"}
        assert (route["why_not"] is None) == route["open"]
    assert body["recommended_route"] in ROUTE_NAMES
    recommended = next(r for r in body["routes"] if r["route"] == body["recommended_route"])
    assert recommended["open"]
    assert set(body["guarantee"]) >= {"status", "cause", "expected_lifetime_years", "text"}
    assert set(body["co2e_kg_per_year"]) == {"repair", "replace"}


def test_a_washing_machine_of_a_year_goes_back_to_the_seller_first(client, catalogue):
    body = post(client, category="washing-machine", symptoms=["drum-does-not-turn"], age_years=1)
    assert body["guarantee"]["status"] in ("likely", "possible")
    assert body["guarantee"]["cause"] == "defect"
    assert body["recommended_route"] == "seller_guarantee"
    assert body["verdict"] == "repair"
    assert "7:17" in body["guarantee"]["text"] and "7:23" in body["guarantee"]["text"]


def test_half_a_year_old_washing_machine_is_likely_under_guarantee_and_cites_the_first_year_rule(
    client, catalogue
):
    body = post(client, category="washing-machine", symptoms=["drum-does-not-turn"], age_years=0.5)
    assert body["guarantee"]["status"] == "likely"
    assert "7:18a" in body["guarantee"]["text"]
    seller = body["routes"][0]
    assert seller["route"] == "seller_guarantee" and seller["cost_eur"]["expected"] == 0


def test_a_dropped_phone_is_damage_and_gets_no_guarantee_claim(client, catalogue):
    body = post(client, category="smartphone", symptoms=["broken-screen"], age_years=0.5,
                description="I dropped my phone", language="en")  # fmt: skip
    assert body["guarantee"]["cause"] == "damage"
    assert body["guarantee"]["status"] == "unlikely"
    seller = body["routes"][0]
    assert seller["open"] is False and "not a defect" in seller["why_not"]
    assert body["recommended_route"] != "seller_guarantee"


def test_a_cracked_tv_panel_is_not_advised_as_a_repair_by_a_repairer(client, catalogue):
    body = post(client, category="television", symptoms=["cracked-screen"], age_years=4)
    professional = next(r for r in body["routes"] if r["route"] == "professional")
    new = next(r for r in body["routes"] if r["route"] == "new")
    assert professional["annual_cost_eur"] > new["annual_cost_eur"]
    assert body["recommended_route"] != "professional"


def test_the_price_paid_moves_the_lifetime_a_buyer_may_expect(client, catalogue):
    case = {"category": "washing-machine", "symptoms": ["does-not-heat"], "age_years": 6}
    cheap = post(client, **case, purchase_price_eur=400)["guarantee"]
    dear = post(client, **case, purchase_price_eur=1200)["guarantee"]
    assert dear["expected_lifetime_years"] > cheap["expected_lifetime_years"]


def test_a_phone_never_gets_descaling_advice_and_a_washing_machine_no_repair_cafe(
    client, catalogue
):
    phone = client.get(
        post(client, category="smartphone", symptoms=["battery"], age_years=4)["url"]
    )
    assert b"ontkalk" not in phone.content.lower() and b"descal" not in phone.content.lower()
    washer = post(client, category="washing-machine", symptoms=["leaks-water"], age_years=9)
    cafe = next(r for r in washer["routes"] if r["route"] == "repair_cafe")
    assert cafe["open"] is False


def test_on_the_144_cell_grid_few_doubts_none_confident_and_no_break_even_below_the_fee(catalogue):
    out = io.StringIO()
    call_command("verdict_grid", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["cells"] == 144
    assert summary["doubt_share"] <= 0.25
    assert summary["doubts_with_confidence_0_8_or_more"] == 0
    assert summary["break_even_below_diagnosis_fee"] == 0

    cells = grid_facts()
    assert len(cells) == 144
    doubts = [f for f in cells if f["verdict"] == "doubt"]
    assert len(doubts) <= 0.25 * len(cells)
    assert all(f["confidence"] < 0.8 for f in doubts)
    for facts in cells:
        break_even = facts["break_even_repair_cost_eur"]
        assert break_even is None or break_even >= facts["diagnosis_fee_eur"]
        assert (break_even is None) == facts["repair_never_pays"]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    slug=st.sampled_from(CORE_CATEGORIES),
    symptom_index=st.integers(0, 5),
    age=st.floats(0, 30),
    older_by=st.floats(0.1, 20),
)
def test_on_the_catalogue_an_older_appliance_never_moves_the_verdict_towards_repair(
    catalogue, slug, symptom_index, age, older_by
):
    category = category_get_for_verdict(slug=slug)
    symptoms = list(category.symptoms.all())
    symptom = symptoms[symptom_index % len(symptoms)].slug
    young, _ = verdict_evaluate(category=category, symptom_slugs=[symptom], age_years=age)
    old, _ = verdict_evaluate(category=category, symptom_slugs=[symptom], age_years=age + older_by)
    assert ORDER[old["verdict"]] >= ORDER[young["verdict"]]


V1_FACTS = {
    "category": "washing-machine", "category_name": "Wasmachine", "symptoms": [],
    "symptom_names": [], "age_years": 3.0, "assumed_age_years": 3.0, "language": "nl",
    "verdict": "repair", "confidence": 0.9, "success_probability": 0.8,
    "repair_cost_eur": {"low": 150.0, "expected": 200.0, "high": 280.0, "source": "reference"},
    "diagnosis_fee_eur": 69.0, "new_price_eur": 625.0, "new_price_source": "catalogue",
    "remaining_life_years": 8.6, "new_life_years": 11.5,
    "annual_cost_eur": {"repair": 60.0, "replace": 96.0}, "co2e_kg": {"repair": 165.0,
    "replace": 300.0}, "break_even_repair_cost_eur": 380.0,
    "guarantee": {"status": "possible", "legal_expected_lifetime_years": 8.0,
                  "notice": "Vraag de verkoper eerst."},
    "fifty_percent_rule": {"verdict": "repair", "threshold_eur": 312.5},
    "model_version": "reference",
}  # fmt: skip


def test_a_verdict_stored_before_routes_existed_stays_readable(client, catalogue):
    verdict = Verdict.objects.create(
        category=catalogue.get(slug="washing-machine"), age_years=3.0, outcome="repair",
        confidence=0.9, facts=V1_FACTS, explanation_text="Oude uitleg.",
    )  # fmt: skip
    body = client.get(f"/api/v1/verdicts/{verdict.id}/").json()
    assert body["facts_version"] == 2
    assert body["recommended_route"] == "professional"
    assert [r["route"] for r in body["routes"]] == list(ROUTE_NAMES)
    assert body["guarantee"]["text"] == "Vraag de verkoper eerst."
    page = client.get(verdict.get_absolute_url())
    assert page.status_code == 200
    assert b"Vraag de verkoper eerst." in page.content
