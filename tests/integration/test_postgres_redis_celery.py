"""Integration on the real services CI starts: PostgreSQL, Redis and a Celery worker process."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def post_verdict(client, **payload):
    return client.post(
        "/api/v1/verdicts/", data=json.dumps(payload), content_type="application/json"
    )


def test_the_suite_runs_on_postgresql_and_redis(catalogue):
    assert connection.vendor == "postgresql"
    cache.set("integration-probe", "ok", 10)
    assert cache.get("integration-probe") == "ok"


def test_a_verdict_round_trips_through_postgresql(client, catalogue):
    created = post_verdict(client, category="fridge-freezer", age_years=7, postcode="9711AA")
    assert created.status_code == 201
    again = client.get(f"/api/v1/verdicts/{created.json()['id']}/").json()
    assert again["verdict"] == created.json()["verdict"]


def _dear_records_csv(*, category: str, symptom: str, total: float, rows: int) -> str:
    lines = ["record_id,repaired_on,category,symptom,age_years,total_eur,outcome"]
    for index in range(rows):
        day = date.today() - timedelta(days=1 + index % 300)
        lines.append(
            f"dear-{index},{day.isoformat()},{category},{symptom},{3 + index % 8},"
            f"{total + index % 40},repaired"
        )
    return "\n".join(lines) + "\n"


def test_import_then_retrain_on_a_worker_activates_a_version_the_next_verdict_uses(
    client, catalogue, celery_worker_process, tmp_path
):
    worker = celery_worker_process
    from ml.models import ModelVersion
    from ml.tasks import retrain

    call_command("load_demo_prices", count=2000)
    first = retrain.apply_async(kwargs={"force": True}, queue=worker.queue).get(timeout=600)
    assert first["status"] == "active", first
    case = {"category": "washing-machine", "symptoms": ["drum-does-not-turn"], "age_years": 5}
    before = post_verdict(client, **case).json()

    csv_path = tmp_path / "dear.csv"
    csv_path.write_text(
        _dear_records_csv(
            category="washing-machine", symptom="drum-does-not-turn", total=950, rows=400
        )  # fmt: skip
    )
    call_command("import_prices", str(csv_path), stdout=io.StringIO())
    result = retrain.apply_async(kwargs={"force": True}, queue=worker.queue).get(timeout=600)

    new_version = ModelVersion.objects.get(label=result["version"])
    assert new_version.status == "active", result
    after = post_verdict(client, **case).json()
    assert after["model_version"] == new_version.label != before["model_version"]
    assert after["repair_cost_eur"]["expected"] > before["repair_cost_eur"]["expected"] * 1.3
