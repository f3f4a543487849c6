"""The compiled projection renders exactly what the output serializer would, for real verdicts
of several kinds (so the API body stays declared in one place: the serializer)."""

import pytest
from django.test import RequestFactory

from repair_advice.apis import VerdictOutputSerializer, explanation_payload, verdict_payload
from repair_advice.facts import facts_from_json
from repair_advice.services import verdict_create

pytestmark = pytest.mark.django_db

CASES = [
    {"category_slug": "washing-machine", "symptom_slugs": ["drum-does-not-turn"], "age_years": 5},
    {"category_slug": "smartphone", "symptom_slugs": ["broken-screen"], "age_years": 4},
    {"category_slug": "television", "age_years": 1, "purchase_price_eur": 899},
    {"category_slug": "vacuum-cleaner", "age_years": None, "repair_quote_eur": 240},
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["category_slug"])
def test_the_verdict_body_equals_the_serializers_output(catalogue, case):
    verdict = verdict_create(**case)
    request = RequestFactory().get("/")
    declared = VerdictOutputSerializer(
        {
            **facts_from_json(verdict.facts).to_json(),
            "id": verdict.id,
            "url": request.build_absolute_uri(verdict.get_absolute_url()),
            "created_at": verdict.created_at,
            "explanation": explanation_payload(verdict),
        }
    ).data

    assert verdict_payload(verdict, request) == declared
    assert list(verdict_payload(verdict, request)) == list(declared)
