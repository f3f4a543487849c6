"""Finding 11 and 12: one rule per input, the same at every entry point, checked before lookups."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.api_errors import DomainError
from common.postcodes import (
    municipality_of,
    pc4_centroid,
    postcode_normalize,
    postcode_pc4,
    postcode_region,
)
from maintenance.services import follow_up_record
from partners.services import lead_outcome_record, partner_rotate_api_token
from prices.models import PriceRecord
from repair_advice.models import Verdict
from repair_advice.services import verdict_create
from tests.partners.factories import LeadFactory, PartnerFactory

pytestmark = pytest.mark.django_db

# Inputs the outside review found accepted by a verdict and refused later, and their neighbours.
TRICKY_BRANDS = [
    "-",
    "=",
    "@",
    "+",
    " -Bosch",
    "=HYPERLINK(1)",
    "Bosch\x00",
    "Miele",
    "AEG-Electrolux",
]
TRICKY_POSTCODES = [
    "１２３４AB",
    "١٢٣٤AB",
    "1234\u00a0AB",
    "0123 AB",
    "3511ab",
    " 3511 ",
    "3511  AB",
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("3511ab", "3511 AB"), (" 3511 ", "3511"), ("3511  AB", "3511 AB"), ("", ""), ("  ", "")],
)
def test_a_dutch_postcode_is_normalised(raw, expected):
    assert postcode_normalize(raw) == expected


@pytest.mark.parametrize("raw", ["１２３４AB", "١٢٣٤", "0123 AB", "12345", "3511 A", "3" * 100_000])
def test_non_ascii_digits_and_other_non_postcodes_are_refused(raw):
    with pytest.raises(ValueError):
        postcode_normalize(raw)
    assert postcode_pc4(raw) == ""


def _verdict_or_none(**inputs):
    try:
        return verdict_create(category_slug="washing-machine", age_years=3, **inputs)
    except DomainError:
        return None


@pytest.mark.parametrize("brand", TRICKY_BRANDS)
def test_a_brand_a_verdict_accepts_is_accepted_by_its_follow_up_and_lead_outcome(catalogue, brand):
    verdict = _verdict_or_none(brand=brand, postcode="3511 AB")
    if verdict is None:
        return  # refused at the start, with the field named: nothing later can trip over it

    follow_up = follow_up_record(
        verdict=verdict, choice="repaired", repaired_where="Jansen", price_eur=Decimal("95")
    )
    lead = lead_outcome_record(
        lead=LeadFactory(verdict=verdict), outcome="repaired", total_eur=Decimal("120")
    )

    assert follow_up.price_record is not None
    assert lead.price_record.brand == verdict.brand


@pytest.mark.parametrize("postcode", TRICKY_POSTCODES)
def test_a_postcode_a_verdict_accepts_is_accepted_by_its_follow_up_and_lead_outcome(
    catalogue, postcode
):
    verdict = _verdict_or_none(postcode=postcode)
    if verdict is None:
        return

    follow_up = follow_up_record(
        verdict=verdict, choice="repaired", repaired_where="Jansen", price_eur=Decimal("95")
    )
    lead = lead_outcome_record(
        lead=LeadFactory(verdict=verdict), outcome="repaired", total_eur=Decimal("120")
    )

    assert follow_up.price_record.postcode == verdict.postcode
    assert lead.price_record.postcode == verdict.postcode


@pytest.mark.parametrize(
    ("field", "value"),
    [("brand", "-Bosch"), ("brand", "=1+1"), ("brand", "Bosch\x00"), ("postcode", "１２３４AB")],
)
def test_the_verdict_api_refuses_what_the_price_rules_refuse_naming_the_field(
    client, catalogue, field, value
):
    body = {"category": "washing-machine", field: value}
    response = client.post(
        "/api/v1/verdicts/", data=json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("field", ["brand", "repairer", "record_id", "postcode", "symptom"])
def test_a_nul_character_in_a_partner_record_is_a_400_naming_the_field(client, catalogue, field):
    token = partner_rotate_api_token(partner=PartnerFactory())
    record = {
        "repaired_on": "2024-05-01", "category": "washing-machine", "total_eur": "95.00",
        "outcome": "repaired", field: "Bo\x00sch",
    }  # fmt: skip

    response = client.post(
        "/api/v1/partner/price-records/",
        data=json.dumps({"records": [record]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 400
    assert field in response.json()["records"]["0"]
    assert not PriceRecord.objects.exists()


def test_the_advice_form_refuses_a_formula_brand_next_to_the_field(client, catalogue):
    response = client.post("/advies/", {"category": "wasmachine", "brand": "=cmd"})

    assert response.status_code == 400
    assert "brand" in response.context["form"].errors


def test_a_100000_character_category_in_the_form_never_reaches_a_query(client, catalogue):
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/advies/", {"category": "x" * 100_000})

    assert response.status_code == 400
    assert "category" in response.context["form"].errors
    assert not any("x" * 100 in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("typed", ["-", "?", "...", " - "])
def test_a_brand_without_letters_or_digits_means_no_brand(client, catalogue, typed):
    body = {"category": "washing-machine", "brand": typed}
    response = client.post(
        "/api/v1/verdicts/", data=json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 201
    assert Verdict.objects.get(pk=response.json()["id"]).brand == ""


def test_the_pc4_table_gives_centroid_municipality_and_region_from_one_reading():
    assert pc4_centroid("3511 AB").place == "Utrecht"
    assert municipality_of("3511ab") == "Utrecht"
    assert municipality_of("not a postcode") is None
    assert postcode_region(" 3511 AB ") == "35"
