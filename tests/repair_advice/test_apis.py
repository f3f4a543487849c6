"""The public API contract: paths, field names, status codes and error bodies."""

import json
import uuid

import pytest

pytestmark = pytest.mark.django_db

VERDICT_FIELDS = {
    "id", "url", "verdict", "confidence", "success_probability", "repair_cost_eur",
    "new_price_eur", "remaining_life_years", "new_life_years", "annual_cost_eur", "co2e_kg",
    "break_even_repair_cost_eur", "guarantee", "model_version", "explanation",
    "fifty_percent_rule",
}  # fmt: skip


def post_verdict(client, **payload):
    body = {"category": "washing-machine", "symptoms": [], "language": "nl", **payload}
    return client.post("/api/v1/verdicts/", data=json.dumps(body), content_type="application/json")


def test_categories_list_every_required_slug_with_symptoms(client, catalogue):
    response = client.get("/api/v1/categories/")
    assert response.status_code == 200
    by_slug = {item["slug"]: item for item in response.json()}
    for slug in ("washing-machine", "tumble-dryer", "dishwasher", "fridge-freezer", "oven",
                 "vacuum-cleaner", "coffee-machine", "smartphone", "laptop", "tablet",
                 "television", "printer"):  # fmt: skip
        assert slug in by_slug
        assert by_slug[slug]["symptoms"], slug
        assert {"slug", "name"} <= set(by_slug[slug]["symptoms"][0])


def test_categories_are_named_in_dutch_by_default_and_english_on_request(client, catalogue):
    dutch = {i["slug"]: i["name"] for i in client.get("/api/v1/categories/").json()}
    english = {i["slug"]: i["name"] for i in client.get("/api/v1/categories/?lang=en").json()}
    assert dutch["washing-machine"] == "Wasmachine"
    assert english["washing-machine"] == "Washing machine"


def test_every_ords_category_but_misc_is_covered(client, catalogue):
    from appliances.models import ORDS_CATEGORIES

    covered = {item["ords_category"] for item in client.get("/api/v1/categories/").json()}
    assert covered == set(ORDS_CATEGORIES) - {"Misc"}


def test_verdict_post_returns_the_full_contract(client, catalogue):
    symptom = catalogue.get(slug="washing-machine").symptoms.first().slug
    response = post_verdict(
        client, symptoms=[symptom], age_years=6, purchase_price_eur=599, brand="Miele",
        postcode="3511ab", description="Maakt lawaai",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= VERDICT_FIELDS
    assert body["verdict"] in {"repair", "replace", "doubt"}
    assert 0 <= body["confidence"] <= 1
    assert 0 < body["success_probability"] < 1
    cost = body["repair_cost_eur"]
    assert cost["low"] <= cost["expected"] <= cost["high"]
    assert set(body["annual_cost_eur"]) == set(body["co2e_kg"]) == {"repair", "replace"}
    assert body["new_price_eur"] == 599
    assert body["explanation"]["status"] == "ready"
    assert body["explanation"]["source"] == "template"
    assert body["explanation"]["text"]
    assert body["url"].endswith(f"/advies/{body['id']}/")


def test_verdict_can_be_read_back_and_its_explanation_fetched(client, catalogue):
    created = post_verdict(client, age_years=3).json()
    again = client.get(f"/api/v1/verdicts/{created['id']}/")
    assert again.status_code == 200
    assert again.json()["annual_cost_eur"] == created["annual_cost_eur"]
    explanation = client.get(f"/api/v1/verdicts/{created['id']}/explanation/").json()
    assert explanation == created["explanation"]


def test_a_quote_is_used_as_the_repair_cost(client, catalogue):
    body = post_verdict(client, age_years=4, repair_quote_eur="185.50").json()
    assert body["repair_cost_eur"] == {"low": 185.5, "expected": 185.5, "high": 185.5,
                                       "source": "quote"}  # fmt: skip


def test_a_quote_just_past_the_break_even_price_flips_the_verdict_from_repair(client, catalogue):
    # Past its reasonable lifetime (no guarantee claim) and no Repair Café or DIY route: the
    # repairer is the only repair route, so the quote decides.
    case = {"category": "washing-machine", "symptoms": ["drum-does-not-turn"], "age_years": 9}
    break_even = post_verdict(client, **case).json()["break_even_repair_cost_eur"]

    below = post_verdict(client, **case, repair_quote_eur=round(break_even - 1, 2)).json()
    above = post_verdict(client, **case, repair_quote_eur=round(break_even + 1, 2)).json()

    assert below["verdict"] == "repair"
    assert above["verdict"] != "repair"
    assert below["break_even_repair_cost_eur"] == above["break_even_repair_cost_eur"] == break_even


def test_a_much_higher_quote_never_turns_replace_into_repair(client, catalogue):
    cheap = post_verdict(client, age_years=9, repair_quote_eur=60).json()["verdict"]
    dear = post_verdict(client, age_years=9, repair_quote_eur=900).json()["verdict"]
    order = {"repair": 0, "doubt": 1, "replace": 2}
    assert order[dear] >= order[cheap]
    assert dear == "replace"


def test_the_english_verdict_explains_in_english(client, catalogue):
    body = post_verdict(client, age_years=2, language="en").json()
    assert "per year of use" in body["explanation"]["text"]
    assert "art. 7:17 BW" in body["guarantee"]["text"]
    assert body["guarantee"]["notice"] == body["guarantee"]["text"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"category": "spaceship"}, "category"),
        ({"symptoms": ["screen-cracked-xyz"]}, "symptoms"),
        ({"age_years": -1}, "age_years"),
        ({"age_years": 61}, "age_years"),
        ({"age_years": "old"}, "age_years"),
        ({"age_years": True}, "age_years"),
        ({"purchase_price_eur": -5}, "purchase_price_eur"),
        ({"purchase_price_eur": 1e9}, "purchase_price_eur"),
        ({"repair_quote_eur": "cheap"}, "repair_quote_eur"),
        ({"description": "x" * 2001}, "description"),
        ({"postcode": "ABCD 12"}, "postcode"),
        ({"postcode": "0123 AB"}, "postcode"),
        ({"language": "fr"}, "language"),
        ({"symptoms": "noisy"}, "symptoms"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, catalogue, payload, field):
    response = post_verdict(client, **payload)
    assert response.status_code == 400
    assert field in response.json()


def test_every_bad_field_is_named_in_one_answer(client, catalogue):
    unknown_category = post_verdict(client, category="spaceship", postcode="zz", language="fr")
    foreign_symptom = post_verdict(client, symptoms=["no-such-symptom"], age_years=99)

    assert unknown_category.status_code == foreign_symptom.status_code == 400
    assert {"category", "postcode", "language"} <= set(unknown_category.json())
    assert {"symptoms", "age_years"} <= set(foreign_symptom.json())


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "Vul een Nederlandse postcode in"), ("en", "Enter a Dutch postcode")],
)
def test_errors_come_in_the_language_the_verdict_is_asked_in(client, catalogue, language, expected):
    errors = post_verdict(client, postcode="zz", age_years="old", language=language).json()

    assert errors["postcode"][0].startswith(expected)
    number_error = {
        "nl": "Vul een aantal jaren in zoals 2,5 of 12.",
        "en": "Enter a number of years such as 2,5 or 12.",
    }
    assert errors["age_years"] == [number_error[language]]


@pytest.mark.parametrize("path", ["/api/v1/verdicts/not-a-uuid/", "/api/v1/nothing-here/"])
def test_an_unknown_api_path_is_a_json_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Niet gevonden."}  # Dutch unless asked otherwise


def test_an_api_call_with_lang_sets_no_language_cookie(client, catalogue):
    response = client.get("/api/v1/categories/?lang=en")

    assert response.status_code == 200
    assert "django_language" not in response.cookies


def test_symptoms_of_another_category_are_refused(client, catalogue):
    laptop_symptom = catalogue.get(slug="laptop").symptoms.exclude(slug="other").first().slug
    washing_slugs = set(
        catalogue.get(slug="washing-machine").symptoms.values_list("slug", flat=True)
    )
    if laptop_symptom in washing_slugs:
        pytest.skip("symptom slug shared by both categories")
    response = post_verdict(client, symptoms=[laptop_symptom])
    assert response.status_code == 400
    assert "symptoms" in response.json()


def test_missing_category_is_reported(client, catalogue):
    response = client.post("/api/v1/verdicts/", data="{}", content_type="application/json")
    assert response.status_code == 400
    assert "category" in response.json()


def test_broken_json_is_a_400_not_a_500(client, catalogue):
    response = client.post(
        "/api/v1/verdicts/", data='{"category": "oven",', content_type="application/json"
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_unknown_verdict_id_is_404(client, catalogue):
    assert client.get(f"/api/v1/verdicts/{uuid.uuid4()}/").status_code == 404
    assert client.get(f"/api/v1/verdicts/{uuid.uuid4()}/explanation/").status_code == 404
    assert client.get("/api/v1/verdicts/not-a-uuid/").status_code == 404


def test_stats_count_verdicts_by_outcome(client, catalogue):
    verdict = post_verdict(client, age_years=2).json()["verdict"]
    stats = client.get("/api/v1/stats/").json()
    assert stats["verdicts"]["total"] == 1
    assert stats["verdicts"][verdict] == 1
    assert "price_records" in stats and "model_version" in stats


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/verdicts/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"https://" not in docs.content and b"http://" not in docs.content  # no CDN


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
