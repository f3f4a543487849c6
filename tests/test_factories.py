"""The shared factories make what the product makes: a verdict from the factory has complete,
typed facts (the old helpers wrote a few keys of them)."""

import pytest

from repair_advice.apis import verdict_payload
from repair_advice.facts import FACTS_VERSION, facts_from_json
from tests.factories import VerdictFactory

pytestmark = pytest.mark.django_db


def test_a_factory_verdict_has_complete_typed_facts(catalogue, rf):
    verdict = VerdictFactory(category_slug="smartphone", symptom_slugs=["broken-screen"])

    facts = facts_from_json(verdict.facts)

    assert facts.facts_version == FACTS_VERSION
    assert facts.category == "smartphone" and verdict.pk is not None
    assert verdict_payload(verdict, rf.get("/"))["verdict"] == verdict.outcome
