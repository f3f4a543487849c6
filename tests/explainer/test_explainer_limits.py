"""Symptom suggestions spend only their share of the hourly LLM budget: a client over its own
share gets the ML model's suggestions, and others still get the LLM's."""

import json

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_rate_window")]

URL = "/api/v1/symptom-suggestions/"
BODY = {"category": "washing-machine", "description": "Er staat water op de vloer"}


def source_for(client: Client) -> str:
    response = client.post(URL, json.dumps(BODY), content_type="application/json")
    assert response.status_code == 200
    return response.json()["source"]


def test_a_client_over_its_llm_share_gets_model_suggestions_and_others_keep_the_llm(
    catalogue, fake_llm, settings
):
    settings.SUGGESTION_LLM_CLIENT_RATE = "2/hour"
    fake_llm.answer_with(json.dumps({"symptoms": ["leaks-water"]}))
    greedy, other = Client(REMOTE_ADDR="203.0.113.5"), Client(REMOTE_ADDR="198.51.100.7")

    greedy_sources = [source_for(greedy) for _ in range(4)]

    assert greedy_sources == ["llm", "llm", "model", "model"]
    assert source_for(other) == "llm"
    assert len(fake_llm.requests) == 3


def test_suggestions_together_spend_at_most_their_part_of_the_budget(catalogue, fake_llm, settings):
    settings.SUGGESTION_LLM_CALLS_PER_HOUR = 2
    fake_llm.answer_with(json.dumps({"symptoms": ["leaks-water"]}))

    sources = [source_for(Client(REMOTE_ADDR=f"203.0.113.{i}")) for i in range(3)]

    assert sources == ["llm", "llm", "model"]
