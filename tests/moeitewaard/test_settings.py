"""Configuration comes from the environment; bad values stop start-up naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-grade-secret-key-0123456789"


def run_manage(*args: str, **env_overrides: str) -> subprocess.CompletedProcess:
    configured = (
        "DJANGO_",
        "DATABASE_URL",
        "REDIS_URL",
        "OPENAI_",
        "LLM_",
        "VERDICT_",
        "ML_",
        "LOG_",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(configured)}
    env.update({"DJANGO_SECRET_KEY": GOOD_KEY, **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_DEBUG", "maybe"),
        ("DATABASE_URL", "nosuchdb://x"),
        ("REDIS_URL", "http://localhost:6379"),
        ("OPENAI_BASE_URL", "ftp://llm.example"),
        ("LLM_TIMEOUT_SECONDS", "60"),
        ("LLM_CALLS_PER_HOUR", "-3"),
        ("DJANGO_ADMIN_URL", "/admin"),
        ("VERDICT_RATE_LIMIT", "abc"),
        ("VERDICT_RATE_LIMIT", "0/min"),
        ("ML_TRAINING_MAX_ROWS", "-5"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_invalid_setting_stops_start_up_naming_the_variable(variable, value):
    result = run_manage("check", **{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr


def test_missing_secret_key_stops_start_up_naming_it():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
         "'moeitewaard.settings'); django.setup()"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_deploy_check_is_clean_with_production_defaults():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", DJANGO_ALLOWED_HOSTS="demoeitewaard.nl"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_defaults_are_safe(settings):
    from django.conf import settings as live

    assert live.X_FRAME_OPTIONS == "DENY"
    assert live.SESSION_COOKIE_HTTPONLY
    assert live.SECURE_CONTENT_TYPE_NOSNIFF
