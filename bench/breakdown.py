"""Where a verdict's time goes: each step of `POST /api/v1/verdicts/`, timed on its own.

Run by bench/run.py as a child process with the bench database in DATABASE_URL and production
settings; prints one JSON line. Both whole requests go through Django's full middleware stack in
this process (Django's test client, no HTTP server), so the parts can be set against them.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moeitewaard.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from rest_framework.renderers import JSONRenderer  # noqa: E402

from appliances.selectors import category_get_for_verdict, decision_parameters  # noqa: E402
from common.throttling import window_hit  # noqa: E402
from explainer.services import explanation_attach_initial  # noqa: E402
from ml.predictor import ApplianceCase  # noqa: E402
from ml.registry import get_predictor  # noqa: E402
from ml.selectors import category_reference  # noqa: E402
from repair_advice import services as repair_advice_services  # noqa: E402
from repair_advice.apis import VerdictCreateApi, verdict_payload  # noqa: E402
from repair_advice.models import Verdict  # noqa: E402
from repair_advice.services import verdict_evaluate  # noqa: E402

CALLS = 500
WARM_UP = 50
CASE = {"category": "washing-machine", "symptoms": ["drum-does-not-turn"], "age_years": 5}


def median_ms(step) -> float:
    for _ in range(WARM_UP):
        step()
    samples = []
    for _ in range(CALLS):
        start = time.perf_counter()
        step()
        samples.append(time.perf_counter() - start)
    return round(statistics.median(samples) * 1000, 3)


class _Request:
    """What verdict_payload needs of a request."""

    def build_absolute_uri(self, path: str) -> str:
        return f"http://localhost{path}"


def main() -> None:
    client = Client(SERVER_NAME="localhost")
    body = json.dumps(CASE)
    category = category_get_for_verdict(slug=CASE["category"])
    predictor = get_predictor()
    reference = category_reference(
        category,
        baseline_success_probability=decision_parameters().baseline_success_probability,
    )
    case = ApplianceCase(
        category_slug=category.slug,
        ords_category=category.ords_category,
        symptom_slugs=tuple(CASE["symptoms"]),
        age_years=CASE["age_years"],
        brand="",
        description="",
        postcode="",
    )
    facts, model_version_id = verdict_evaluate(
        category=category, symptom_slugs=CASE["symptoms"], age_years=CASE["age_years"]
    )

    def unsaved_verdict() -> Verdict:
        verdict = Verdict(
            category=category,
            symptom_slugs=CASE["symptoms"],
            age_years=CASE["age_years"],
            outcome=facts["verdict"],
            confidence=facts["confidence"],
            facts=facts,
            model_version_id=model_version_id,
        )
        explanation_attach_initial(verdict=verdict)
        return verdict

    stored = unsaved_verdict()
    stored.save(force_insert=True)

    unsaved = [unsaved_verdict() for _ in range(WARM_UP + CALLS)]  # built outside the timing

    def whole_verdict():
        response = client.post("/api/v1/verdicts/", body, content_type="application/json")
        assert response.status_code == 201, response.content

    def whole_healthz():
        assert client.get("/healthz").status_code == 200

    parts = {
        "rate limit (one Redis round trip)": lambda: window_hit(
            key="bench:breakdown", period_seconds=60
        ),
        "input validation (DRF serializer)": lambda: VerdictCreateApi.InputSerializer(
            data=CASE
        ).is_valid(raise_exception=True),
        "models (success + cost)": lambda: (
            predictor.success_probability(case, reference),
            predictor.repair_cost(case, reference),
        ),
        "verdict_evaluate (models + decision rules + facts)": lambda: verdict_evaluate(
            category=category, symptom_slugs=CASE["symptoms"], age_years=CASE["age_years"]
        ),
        "template explanation": unsaved_verdict,
        "INSERT of the verdict (one statement, autocommit)": lambda: unsaved.pop().save(
            force_insert=True
        ),
        "response body (payload + JSON)": lambda: JSONRenderer().render(
            verdict_payload(stored, _Request())
        ),
    }
    parts_ms = {name: median_ms(step) for name, step in parts.items()}
    parts_ms["decision rules alone (decide: 256-draw comparison, break-even grid)"] = _decide_ms()
    result = {
        "calls_each": CALLS,
        "whole_request_ms": {
            "POST /api/v1/verdicts/": median_ms(whole_verdict),
            "GET /healthz": median_ms(whole_healthz),
        },
        "parts_ms": parts_ms,
        "nested": {
            "models (success + cost)": "verdict_evaluate (models + decision rules + facts)",
            "decision rules alone (decide: 256-draw comparison, break-even grid)": (
                "verdict_evaluate (models + decision rules + facts)"
            ),
        },
    }
    print(json.dumps(result))


def _decide_ms() -> float:
    """decide() timed inside real verdict_evaluate calls (it needs their inputs)."""
    durations: list[float] = []
    original = repair_advice_services.decide

    def timed(inputs):
        start = time.perf_counter()
        result = original(inputs)
        durations.append(time.perf_counter() - start)
        return result

    repair_advice_services.decide = timed
    try:
        for _ in range(WARM_UP + CALLS):
            verdict_evaluate(
                category=category_get_for_verdict(slug=CASE["category"]),
                symptom_slugs=CASE["symptoms"],
                age_years=CASE["age_years"],
            )
    finally:
        repair_advice_services.decide = original
    return round(statistics.median(durations[WARM_UP:]) * 1000, 3)


if __name__ == "__main__":
    main()
