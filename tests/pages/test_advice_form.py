"""The advice form: errors next to their field, in the person's language, and symptoms by step."""

import pytest
from page_html import element_by_id, parse

pytestmark = pytest.mark.django_db


def test_form_offers_category_names_in_a_datalist(client, catalogue):
    response = client.get("/advies/")
    assert response.status_code == 200
    tag, attrs = element_by_id(response, "id_category")
    assert tag == "input" and attrs["list"] == "category-options"
    options = [a["value"] for t, a in parse(response).elements if t == "option"]
    assert "Wasmachine" in options and len(options) == catalogue.count()


def test_category_link_prefills_the_name_and_lists_its_symptoms(client, catalogue):
    response = client.get("/advies/?category=washing-machine")
    assert element_by_id(response, "id_category")[1]["value"] == "Wasmachine"
    html = response.content.decode()
    for symptom in catalogue.get(slug="washing-machine").symptoms.all():
        assert f'value="{symptom.slug}"' in html
        assert symptom.name_nl in html


@pytest.mark.parametrize(
    ("language", "category_error", "postcode_error"),
    [
        ("nl", "Dit apparaat kennen we niet. Kies er een uit de lijst.",
         "Vul een Nederlandse postcode in, bijvoorbeeld 3511 AB."),
        ("en", "We do not know this appliance. Pick one from the list.",
         "Enter a Dutch postcode, e.g. 3511 AB."),
    ],
)  # fmt: skip
def test_errors_are_shown_next_to_their_field_in_the_persons_language(
    client, catalogue, language, category_error, postcode_error
):
    response = client.post(
        f"/advies/?lang={language}",
        {"category": "flux capacitor", "postcode": "12", "age_years": "99"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    for field, message in (("category", category_error), ("postcode", postcode_error)):
        error_tag, error = element_by_id(response, f"id_{field}_error")
        assert error_tag == "p"
        _, field_input = element_by_id(response, f"id_{field}")
        assert field_input["aria-invalid"] == "true"
        assert f"id_{field}_error" in field_input["aria-describedby"].split()
        assert message in html
    _, age_input = element_by_id(response, "id_age_years")
    assert age_input["aria-invalid"] == "true"
    assert "60" in html[html.index('id="id_age_years_error"') :][:300]


def test_error_summary_links_to_each_invalid_field(client, catalogue):
    response = client.post("/advies/", {"category": "", "postcode": "abc"})
    assert response.status_code == 400
    element_by_id(response, "error-summary")
    links = {a["href"] for t, a in parse(response).elements if t == "a"}
    assert {"#id_category", "#id_postcode"} <= links
    assert "Kies wat voor apparaat het is." in response.content.decode()


def test_show_symptoms_lists_the_categorys_symptoms_without_deciding(client, catalogue):
    response = client.post("/advies/", {"category": "Wasmachine", "show_symptoms": "1"})
    assert response.status_code == 200
    assert response.templates[0].name == "repair_advice/advice_form.html"
    checkboxes = [
        a for t, a in parse(response).elements
        if t == "input" and a.get("type") == "checkbox" and a.get("name") == "symptoms"
    ]  # fmt: skip
    expected = list(catalogue.get(slug="washing-machine").symptoms.values_list("slug", flat=True))
    assert sorted(a["value"] for a in checkboxes) == sorted(expected)


def test_show_symptoms_button_is_offered_without_javascript(client, catalogue):
    response = client.get("/advies/?lang=en")
    tag, attrs = element_by_id(response, "show-symptoms")
    assert tag == "button" and attrs["name"] == "show_symptoms"
    assert "Show symptoms" in response.content.decode()


def test_symptom_choices_survive_the_show_symptoms_step(client, catalogue):
    symptom = catalogue.get(slug="washing-machine").symptoms.first()
    response = client.post(
        "/advies/",
        {"category": "washing-machine", "symptoms": [symptom.slug], "show_symptoms": "1"},
    )
    checked = [
        a["value"] for t, a in parse(response).elements
        if t == "input" and a.get("type") == "checkbox" and "checked" in a
    ]  # fmt: skip
    assert checked == [symptom.slug]


def test_a_valid_form_redirects_to_the_verdict_page(client, catalogue):
    response = client.post("/advies/", {"category": "Wasmachine", "age_years": "4"})
    assert response.status_code == 302
    assert response["Location"].startswith("/advies/")
    assert client.get(response["Location"]).status_code == 200
