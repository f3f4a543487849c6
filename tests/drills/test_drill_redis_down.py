"""Drill: Redis goes away. Verdicts are still served and stored; retraining says what is wrong."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

QUICK_SECONDS = 3.0


def test_verdicts_are_served_and_stored_while_redis_is_down(
    catalogue, app_env, start_server, private_redis
):
    from repair_advice.models import Verdict

    server = start_server({**app_env, "REDIS_URL": private_redis.url})
    assert server.post_verdict().status == 201  # with Redis: the rate limit counts there

    private_redis.kill()
    replies = [server.post_verdict(age_years=age) for age in (1, 4, 9, 14, 20)]

    assert [r.status for r in replies] == [201] * 5, server.log()
    assert max(r.seconds for r in replies) < QUICK_SECONDS
    stored = set(Verdict.objects.values_list("id", flat=True))
    assert {r.json()["id"] for r in replies} <= {str(pk) for pk in stored}
    assert Verdict.objects.count() == 6
    assert server.get("/healthz").status == 200


def test_retrain_command_names_redis_and_exits_non_zero_without_a_traceback(app_env, private_redis):
    private_redis.kill()
    completed = subprocess.run(
        [sys.executable, "manage.py", "retrain"],
        cwd=ROOT, env={**app_env, "REDIS_URL": private_redis.url},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip

    assert completed.returncode != 0
    assert "Redis" in completed.stderr
    assert "Traceback" not in completed.stderr + completed.stdout
    assert os.environ.get("REDIS_URL") != private_redis.url  # the real Redis was not touched
