"""The partner API: token authentication, all-or-nothing batches, isolation, limits, outcomes."""

import datetime
import json

import pytest
from django.utils import timezone

from partners.services import MAX_BATCH_RECORDS, partner_rotate_api_token
from prices.models import PriceRecord
from tests.partners.factories import LeadFactory, PartnerFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/partner/price-records/"
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def record(**fields):
    return {
        "record_id": "job-1",
        "repaired_on": "2024-05-01",
        "category": "washing-machine",
        "symptom": "",
        "brand": "Miele",
        "age_years": 6,
        "parts_eur": 40,
        "labour_eur": 60,
        "callout_eur": 35,
        "total_eur": 135,
        "outcome": "repaired",
        "postcode": "3511AB",
        "repairer": "",
        **fields,
    }


def post(client, records):
    return client.post(URL, data=json.dumps({"records": records}), content_type="application/json")


def test_a_missing_token_is_401(client, partner):
    response = post(client, [record()])
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_token_is_401(client, partner):
    token = partner_rotate_api_token(partner=partner)
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token[:-2]}xx")
    assert response.status_code == 401


def test_a_token_of_an_inactive_partner_is_401(client, partner):
    token = partner_rotate_api_token(partner=partner)
    partner.is_active = False
    partner.save()
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_the_token_is_stored_only_as_a_hash(partner):
    token = partner_rotate_api_token(partner=partner)
    partner.refresh_from_db()
    assert token not in partner.api_token_hash
    assert token.startswith(partner.api_token_prefix)
    assert len(partner.api_token_hash) == 64


def test_a_valid_batch_is_stored_for_the_partner_and_201(api_client):
    response = post(
        api_client,
        [
            record(),
            record(
                record_id="job-2",
                total_eur="99.50",
                parts_eur=None,
                labour_eur=None,
                callout_eur=None,
            ),
        ],
    )
    assert response.status_code == 201, response.json()
    assert response.json() == {"added": 2, "updated": 0}
    stored = PriceRecord.objects.get(record_id="job-1")
    assert stored.partner == api_client.partner
    assert stored.origin == PriceRecord.Origin.PARTNER_API
    assert stored.repairer == api_client.partner.name
    assert stored.postcode == "3511 AB"


def test_sending_a_record_id_again_updates_it(api_client):
    post(api_client, [record()])
    response = post(api_client, [record(total_eur=140, callout_eur=40)])
    assert response.json() == {"added": 0, "updated": 1}
    assert PriceRecord.objects.get(record_id="job-1").total_eur == 140


def test_one_bad_record_stores_nothing_and_names_index_and_field(api_client):
    response = post(
        api_client,
        [
            record(record_id="ok"),
            record(record_id="x2"),
            record(record_id="bad", total_eur="abc", category="spaceship"),
        ],
    )
    assert response.status_code == 400
    errors = response.json()["records"]
    assert set(errors) == {"2"}
    assert set(errors["2"]) == {"total_eur", "category"}
    assert not PriceRecord.objects.exists()


def test_the_rules_are_those_of_the_csv_import(api_client):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = post(api_client, [record(repaired_on=future, brand="=HYPERLINK()")])
    errors = response.json()["records"]["0"]
    assert "in the future" in errors["repaired_on"][0]
    assert "formula" in errors["brand"][0]


def test_a_duplicate_record_id_in_one_batch_is_refused(api_client):
    response = post(api_client, [record(), record()])
    assert response.status_code == 400
    assert "record_id" in response.json()["records"]["1"]


def _client_of(partner):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {partner_rotate_api_token(partner=partner)}")
    return client


def test_a_partner_never_changes_another_partners_record_with_the_same_id(api_client, catalogue):
    other = PartnerFactory()
    assert (
        post(_client_of(other), [record(total_eur=80, parts_eur=None, labour_eur=None)]).status_code
        == 201
    )

    response = post(api_client, [record()])

    assert response.status_code == 201
    assert response.json() == {"added": 1, "updated": 0}
    theirs = PriceRecord.objects.get(record_id="job-1", partner=other)
    assert (theirs.total_eur, theirs.source_key) == (80, f"partner:{other.pk}")
    mine = PriceRecord.objects.get(record_id="job-1", partner=api_client.partner)
    assert mine.total_eur == 135


def test_two_partners_using_the_same_record_ids_both_succeed_and_each_updates_its_own(
    api_client, catalogue
):
    other_client = _client_of(PartnerFactory())
    batch = [record(record_id=f"mw-lead-{n}") for n in range(1, 21)]
    assert post(other_client, batch).status_code == 201

    assert post(api_client, batch).json() == {"added": 20, "updated": 0}
    assert post(
        api_client, [record(record_id="mw-lead-2", total_eur=150, callout_eur=50)]
    ).json() == {
        "added": 0,
        "updated": 1,
    }

    assert PriceRecord.objects.filter(record_id="mw-lead-2").count() == 2
    listed = api_client.get(URL, {"page_size": 100}).json()["results"]
    assert sorted(r["record_id"] for r in listed) == sorted(f"mw-lead-{n}" for n in range(1, 21))
    assert next(r for r in listed if r["record_id"] == "mw-lead-2")["total_eur"] == "150.00"


def test_a_partner_reusing_one_of_its_ids_in_one_batch_is_still_refused(api_client, catalogue):
    response = post(api_client, [record(), record(brand="Bosch")])

    assert response.status_code == 400
    assert "also appears in record 0" in response.json()["records"]["1"]["record_id"][0]
    assert not PriceRecord.objects.exists()


def test_another_partners_record_ids_never_block_a_lead_outcome(api_client, repair_verdict):
    lead = LeadFactory(partner=api_client.partner, verdict=repair_verdict)
    squatted = [record(record_id=f"mw-lead-{n}") for n in range(lead.pk - 1, lead.pk + 20)]
    assert post(_client_of(PartnerFactory()), squatted).status_code == 201

    response = api_client.post(
        f"/api/v1/partner/leads/{lead.pk}/outcome/",
        {"outcome": "repaired", "total_eur": "85"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["record_id"] == f"mw-lead-{lead.pk}"
    lead.refresh_from_db()
    assert lead.price_record.partner == api_client.partner
    assert lead.price_record.source_key == f"partner:{api_client.partner.pk}"


def test_a_batch_over_the_maximum_is_400(api_client):
    response = post(api_client, [record(record_id=f"r{i}") for i in range(MAX_BATCH_RECORDS + 1)])
    assert response.status_code == 400
    assert "At most" in response.json()["records"][0]


def test_records_must_be_a_list_of_objects(api_client):
    response = api_client.post(URL, data={"records": "nope"}, format="json")
    assert response.status_code == 400
    response = post(api_client, [record(), 7])
    assert "non_field_errors" in response.json()["records"]["1"]


def test_the_list_shows_only_the_partners_own_records_paginated(api_client, catalogue):
    post(api_client, [record(record_id=f"mine-{i}") for i in range(3)])
    PriceRecord.objects.create(
        record_id="theirs",
        repaired_on=datetime.date(2024, 1, 1),
        total_eur=80,
        category=catalogue.get(slug="washing-machine"),
        outcome="repaired",
        partner=PartnerFactory(),
    )
    body = api_client.get(URL, {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2 and body["next"]
    assert {r["record_id"] for r in body["results"]} <= {"mine-0", "mine-1", "mine-2"}


def test_requests_over_the_rate_are_429(api_client, settings):
    settings.PARTNER_API_RATE = "2/min"
    assert api_client.get(URL).status_code == 200
    assert api_client.get(URL).status_code == 200
    assert api_client.get(URL).status_code == 429


def test_a_cache_outage_does_not_fail_the_api(api_client, settings):
    settings.CACHES = UNREACHABLE_REDIS
    assert api_client.get(URL).status_code == 200


def test_an_outcome_becomes_a_partner_price_record(api_client, repair_verdict):
    lead = LeadFactory(partner=api_client.partner, verdict=repair_verdict)
    response = api_client.post(
        f"/api/v1/partner/leads/{lead.pk}/outcome/",
        {"outcome": "repaired", "total_eur": "85.00"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    lead.refresh_from_db()
    record = lead.price_record
    assert lead.outcome == "repaired" and lead.outcome_repaired_on == timezone.localdate()
    assert record.origin == PriceRecord.Origin.PARTNER_API and record.partner == api_client.partner
    assert record.category == repair_verdict.category
    assert record.age_years == 2 and record.total_eur == 85
    assert record.postcode == "3511 AB"


def test_reporting_an_outcome_again_replaces_it(api_client, repair_verdict):
    lead = LeadFactory(partner=api_client.partner, verdict=repair_verdict)
    url = f"/api/v1/partner/leads/{lead.pk}/outcome/"
    api_client.post(url, {"outcome": "repaired", "total_eur": "85"}, format="json")
    api_client.post(
        url,
        {"outcome": "quote_declined", "total_eur": "120", "repaired_on": "2024-03-01"},
        format="json",
    )
    assert PriceRecord.objects.filter(partner=api_client.partner).count() == 1
    assert PriceRecord.objects.get().outcome == "quote_declined"


def test_an_outcome_is_validated(api_client, repair_verdict):
    lead = LeadFactory(partner=api_client.partner, verdict=repair_verdict)
    url = f"/api/v1/partner/leads/{lead.pk}/outcome/"
    response = api_client.post(url, {"outcome": "exploded", "total_eur": "0"}, format="json")
    assert response.status_code == 400
    assert "outcome" in response.json()
    response = api_client.post(url, {"outcome": "repaired", "total_eur": "0"}, format="json")
    assert response.status_code == 400 and "total_eur" in response.json()


def test_another_partners_lead_is_404(api_client, repair_verdict):
    lead = LeadFactory(partner=PartnerFactory(), verdict=repair_verdict)
    response = api_client.post(
        f"/api/v1/partner/leads/{lead.pk}/outcome/",
        {"outcome": "repaired", "total_eur": "85"},
        format="json",
    )
    assert response.status_code == 404
    assert not PriceRecord.objects.exists()


def test_the_schema_documents_the_bearer_token(client):
    schema = client.get("/api/schema/?format=json").json()
    assert schema["components"]["securitySchemes"]["PartnerToken"]["scheme"] == "bearer"
    assert "/api/v1/partner/price-records/" in schema["paths"]
