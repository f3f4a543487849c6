"""Finding 10: any JSON body that cannot be parsed or nests too deep is a 400 JSON answer."""

import pytest

from common.parsers import MAX_JSON_DEPTH, json_depth_exceeds
from partners.services import partner_rotate_api_token
from repair_advice.services import verdict_create
from tests.partners.factories import LeadFactory

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(DEEP, id="100k-nested-lists"),
        pytest.param('{"a":' * 50_000 + "1" + "}" * 50_000, id="50k-nested-objects"),
        pytest.param('{"category": ' + "[" * 21 + "1" + "]" * 21 + "}", id="22-levels"),
        pytest.param('{"category": "washing-machine",', id="truncated"),
        pytest.param(b"\xff\xfe{}", id="not-utf8"),
    ],
)
def test_a_bad_json_body_on_the_verdict_api_is_a_400_json_answer(client, catalogue, body):
    response = client.post(
        "/api/v1/verdicts/", data=body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "Malformed JSON" in response.json()["non_field_errors"][0]


@pytest.mark.parametrize("path", ["/api/v1/partner/price-records/", "lead-outcome"])
def test_a_deeply_nested_body_on_the_partner_api_is_a_400_json_answer(client, catalogue, path):
    lead = LeadFactory(verdict=verdict_create(category_slug="washing-machine"))
    token = partner_rotate_api_token(partner=lead.partner)
    if path == "lead-outcome":
        path = f"/api/v1/partner/leads/{lead.pk}/outcome/"

    response = client.post(
        path, data=DEEP, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )

    assert response.status_code == 400, response.content[:200]
    assert response["Content-Type"] == "application/json"


def test_nesting_up_to_the_limit_is_parsed():
    data: object = 1
    for _ in range(MAX_JSON_DEPTH):
        data = [data]
    assert not json_depth_exceeds(data, MAX_JSON_DEPTH)
    assert json_depth_exceeds([data], MAX_JSON_DEPTH)
