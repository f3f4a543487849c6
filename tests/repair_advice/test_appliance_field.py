"""The advice form's appliance field takes everyday names, also without JavaScript."""

import pytest

from appliances.selectors import catalogue_cache_clear
from repair_advice.models import Verdict


@pytest.fixture(autouse=True)
def fresh_index(catalogue):
    catalogue_cache_clear()
    yield
    catalogue_cache_clear()


def checkbox_values(response) -> set[str]:
    html = response.content.decode()
    symptoms = response.context["form"].fields["symptoms"].choices
    return {slug for slug, _ in symptoms if f'value="{slug}"' in html}


@pytest.mark.parametrize(
    ("typed", "slug"),
    [("koelkast", "fridge-freezer"), ("Wasmachien", "washing-machine"), ("iPhone", "smartphone")],
)
def test_an_everyday_name_gets_a_verdict_for_its_category(client, typed, slug):
    response = client.post("/advies/", {"category": typed, "age_years": "4"})
    assert response.status_code == 302
    assert Verdict.objects.latest("created_at").category.slug == slug


def test_show_symptoms_lists_the_symptoms_of_the_category_an_everyday_name_means(client, catalogue):
    response = client.post("/advies/", {"category": "koelkast", "show_symptoms": "1"})
    assert response.status_code == 200
    expected = set(catalogue.get(slug="fridge-freezer").symptoms.values_list("slug", flat=True))
    assert expected and checkbox_values(response) == expected


def test_a_link_with_an_everyday_name_prefills_the_catalogue_name(client):
    response = client.get("/advies/?category=koelkast")
    assert 'value="Koel-vriescombinatie"' in response.content.decode()


def test_an_ambiguous_word_asks_which_one_and_lists_the_candidates(client):
    response = client.post("/advies/", {"category": "keyboard", "age_years": "4"})
    assert response.status_code == 400  # the form again, with its errors
    errors = response.context["form"].errors["category"]
    assert len(errors) == 1 and errors[0].startswith("Welk apparaat bedoel je: ")
    assert "Elektrisch muziekinstrument of versterker" in errors[0]
    assert "Computeraccessoire (toetsenbord, muis, router)" in errors[0]
    assert not Verdict.objects.exists()


def test_the_candidates_are_named_in_english_on_the_english_page(client):
    response = client.post("/advies/?lang=en", {"category": "keyboard"})
    error = response.context["form"].errors["category"][0]
    assert error.startswith("Which appliance do you mean: ")
    assert "PC accessory (keyboard, mouse, router)" in error


def test_an_unknown_thing_is_still_not_known(client):
    response = client.post("/advies/", {"category": "xyzzy", "age_years": "4"})
    assert response.context["form"].errors["category"] == [
        "Dit apparaat kennen we niet. Kies er een uit de lijst."
    ]


def test_the_field_carries_what_the_combobox_script_needs(client):
    html = client.get("/advies/?lang=en").content.decode()
    assert 'data-suggest-url="/api/v1/categories/?lang=en"' in html
    assert 'id="category-status"' in html and "js/appliance-field.js" in html
    dutch = client.get("/advies/?lang=nl").content.decode()
    assert "Voorgestelde apparaten" in dutch
    assert "Geen apparaat gevonden. Probeer een ander woord." in dutch
