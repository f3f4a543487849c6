"""POST /api/v1/intake/: the advice form filled from one sentence."""

import json

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/intake/"


def intake(client, **payload):
    body = {"text": "mijn koelkast koelt niet meer, hij is 7 jaar oud", "language": "nl", **payload}
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def test_a_sentence_fills_category_symptoms_age_and_brand(client, catalogue, no_llm):
    response = intake(client, text="Mijn Bosch koelkast koelt niet meer, hij is 7 jaar oud")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "category", "category_candidates", "symptoms", "age_years", "brand", "source"
    }  # fmt: skip
    assert body["category"] == "fridge-freezer"
    assert body["category_candidates"][0] == {
        "slug": "fridge-freezer", "name": "Koel-vriescombinatie", "score": 1.0
    }  # fmt: skip
    assert body["symptoms"][0]["slug"] == "not-cooling"
    assert body["symptoms"][0]["name"] == "Koelt niet (goed)"
    assert 0 < body["symptoms"][0]["score"] <= 1
    assert body["age_years"] == 7
    assert body["brand"] == "Bosch"
    assert body["source"] == "vocabulary"  # no quest model for fridges


def test_names_follow_the_requested_language(client, catalogue, no_llm):
    body = intake(client, text="my fridge stopped cooling", language="en").json()
    assert body["category_candidates"][0]["name"] == "Fridge-freezer"
    assert body["symptoms"][0] == {
        "slug": "not-cooling", "name": "Not cooling properly", "score": body["symptoms"][0]["score"]
    }  # fmt: skip


def test_a_category_with_quest_data_is_classified_by_the_model(client, catalogue, no_llm):
    body = intake(client, text="de stofzuiger zuigt niet meer").json()
    assert body["category"] == "vacuum-cleaner"
    assert body["source"] == "model"
    assert body["symptoms"][0]["slug"] == "no-suction"
    scores = [s["score"] for s in body["symptoms"]]
    assert scores == sorted(scores, reverse=True)


def test_a_text_that_names_no_appliance_gives_nulls(client, catalogue, no_llm):
    body = intake(client, text="hij doet het niet meer").json()
    assert body["category"] is None
    assert body["category_candidates"] == []
    assert body["symptoms"] == []
    assert body["age_years"] is None
    assert body["brand"] is None


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"text": ""}, "text", "Beschrijf in een paar woorden wat er mis is."),
        ({"text": "x" * 2001}, "text", "Hoogstens 2000 tekens."),
        ({"language": "de"}, "language", "Kies nl of en."),
    ],
)
def test_bad_input_is_a_400_in_dutch_by_default(client, catalogue, no_llm, payload, field, message):
    response = intake(client, **payload)
    assert response.status_code == 400
    assert response.json()[field] == [message]


def test_errors_are_in_the_requests_language(client, catalogue, no_llm):
    response = intake(client, text="", language="en")
    assert response.status_code == 400
    assert response.json()["text"] == ["Describe what is wrong in a few words."]


def test_text_is_required(client, catalogue, no_llm):
    response = client.post(
        URL, data=json.dumps({"language": "en"}), content_type="application/json"
    )
    assert response.status_code == 400
    assert "text" in response.json()


def test_the_endpoint_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/intake/"]["post"]
    assert "requestBody" in operation
    assert "200" in operation["responses"] and "400" in operation["responses"]


def test_without_a_language_in_the_body_errors_follow_the_request(client, catalogue, no_llm):
    response = client.post(
        f"{URL}?lang=en", data=json.dumps({"text": ""}), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["text"] == ["Describe what is wrong in a few words."]
