"""Age and brand from a sentence."""

from datetime import date

import pytest

from intake.extract import age_years_from_text, brand_from_text

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("mijn koelkast koelt niet meer, hij is 7 jaar oud", 7),
        ("wasmachine van 2019", 7),
        ("gekocht in 2021", 5),
        ("anderhalf jaar oud", 1.5),
        ("hij is 2,5 jaar", 2.5),
        ("pas 6 maanden oud", 0.5),
        ("bought 3 years ago", 3),
        ("zeven jaar geleden gekocht", 7),
        ("een half jaar oud", 0.5),
        ("twee en een half jaar", 2.5),
        ("it's 10 yrs old", 10),
    ],
)
def test_ages_as_people_write_them(text, age):
    assert age_years_from_text(text, today=TODAY) == age


@pytest.mark.parametrize(
    "text", ["koelt niet meer", "van 2031", "uit 1890", "model 2000 serie", "900 jaar oud"]
)
def test_no_age_where_none_is_stated(text):
    assert age_years_from_text(text, today=TODAY) is None


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("mijn Bosch wasmachine", "Bosch"),
        ("miele vaatwasser lekt", "Miele"),
        ("iPhone 12 scherm kapot", "Apple"),
        ("black and decker boor vonkt", "Black & Decker"),
        ("de phillips scheerapparaat", "Philips"),
        ("my De Longhi coffee machine", "DeLonghi"),
    ],
)
def test_known_brands_in_their_usual_spelling(text, brand):
    assert brand_from_text(text) == brand


@pytest.mark.parametrize("text", ["de schakelaar is kapot", "mijn wasmachine", "een merkloze föhn"])
def test_no_brand_where_none_is_named(text):
    assert brand_from_text(text) is None
