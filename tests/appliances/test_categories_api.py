"""`GET /api/v1/categories/?q=WORD&lang=nl|en`: the categories everyday words name, best first."""

import pytest

from appliances.selectors import catalogue_cache_clear


@pytest.fixture(autouse=True)
def fresh_index(catalogue):
    catalogue_cache_clear()
    yield
    catalogue_cache_clear()


def slugs(response) -> list[str]:
    assert response.status_code == 200
    return [item["slug"] for item in response.json()]


def test_an_everyday_word_returns_its_category_first(client):
    assert slugs(client.get("/api/v1/categories/", {"q": "koelkast"}))[0] == "fridge-freezer"
    assert slugs(client.get("/api/v1/categories/", {"q": "Wasmachien"}))[0] == "washing-machine"
    assert slugs(client.get("/api/v1/categories/", {"q": "iPhone"}))[0] == "smartphone"


def test_nothing_close_is_an_empty_list(client):
    assert slugs(client.get("/api/v1/categories/", {"q": "xyzzy"})) == []


def test_matches_keep_the_full_category_shape_with_a_score_best_first(client):
    items = client.get("/api/v1/categories/", {"q": "was", "lang": "en"}).json()
    assert len(items) >= 2
    first = items[0]
    assert {"slug", "name", "ords_category", "is_small_appliance", "new_price_eur", "symptoms"} <= (
        set(first)
    )
    assert first["symptoms"] and {"slug", "name"} == set(first["symptoms"][0])
    scores = [item["score"] for item in items]
    assert all(0 < score <= 1 for score in scores)
    assert scores == sorted(scores, reverse=True)


def test_lang_names_the_matches_in_that_language(client):
    english = client.get("/api/v1/categories/", {"q": "koelkast", "lang": "en"}).json()[0]
    dutch = client.get("/api/v1/categories/", {"q": "fridge", "lang": "nl"}).json()[0]
    assert english["name"] == "Fridge-freezer"
    assert dutch["name"] == "Koel-vriescombinatie"


def test_limit_caps_the_suggestions(client):
    assert len(slugs(client.get("/api/v1/categories/", {"q": "ko", "limit": "2"}))) == 2
    assert len(slugs(client.get("/api/v1/categories/", {"q": "ko", "limit": "nope"}))) <= 8


def test_without_q_the_list_is_unchanged_every_category_by_name_without_score(client, catalogue):
    items = client.get("/api/v1/categories/").json()
    assert len(items) == catalogue.count()
    names = [item["name"].lower() for item in items]
    assert names == sorted(names)
    assert all("score" not in item for item in items)
    assert slugs(client.get("/api/v1/categories/", {"q": "  "})) == [i["slug"] for i in items]


def test_an_overlong_q_is_an_empty_list_not_an_error(client):
    assert slugs(client.get("/api/v1/categories/", {"q": "koelkast " * 100})) == []


def test_the_schema_documents_q_and_the_optional_score(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/categories/"]["get"]
    assert {"q", "lang", "limit"} <= {p["name"] for p in operation["parameters"]}
    category = schema["components"]["schemas"]["Category"]
    assert "score" in category["properties"]
    assert "score" not in category.get("required", [])
