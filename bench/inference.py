"""Model inference inside one verdict: the active predictor's success_probability + repair_cost.

Run by bench/run.py as a child process with the bench database in DATABASE_URL; prints one JSON
line. The case is built exactly as `verdict_evaluate` builds it.
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

from appliances.selectors import category_get_for_verdict, decision_parameters  # noqa: E402
from ml.predictor import ApplianceCase  # noqa: E402
from ml.registry import get_predictor  # noqa: E402
from ml.selectors import category_reference  # noqa: E402

CALLS = 1000
WARM_UP = 50


def main() -> None:
    category = category_get_for_verdict(slug="washing-machine")
    reference = category_reference(
        category,
        baseline_success_probability=decision_parameters().baseline_success_probability,
    )
    predictor = get_predictor()
    case = ApplianceCase(
        category_slug=category.slug,
        ords_category=category.ords_category,
        symptom_slugs=("drum-does-not-turn",),
        age_years=5.0,
        brand="Bosch",
        description="",
        postcode="9711 AA",
    )
    for _ in range(WARM_UP):
        predictor.success_probability(case, reference)
        predictor.repair_cost(case, reference)
    both, success, cost = [], [], []
    for _ in range(CALLS):
        start = time.perf_counter()
        predictor.success_probability(case, reference)
        middle = time.perf_counter()
        predictor.repair_cost(case, reference)
        end = time.perf_counter()
        success.append(middle - start)
        cost.append(end - middle)
        both.append(end - start)
    ms = 1000
    print(
        json.dumps(
            {
                "model_version": predictor.version_label,
                "calls": CALLS,
                "median_ms": statistics.median(both) * ms,
                "p95_ms": statistics.quantiles(both, n=20)[-1] * ms,
                "success_probability_median_ms": statistics.median(success) * ms,
                "repair_cost_median_ms": statistics.median(cost) * ms,
                "target_ms": 2.0,
            }
        )
    )


if __name__ == "__main__":
    main()
