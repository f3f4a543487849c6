"""The loopback fake OpenAI server of the explainer tests, for the intake's LLM path."""

import pytest

from tests.explainer.conftest import FakeLlm, fake_llm  # noqa: F401


@pytest.fixture(autouse=True)
def patient_intake(monkeypatch):
    """A busy test machine may need more than the production 1.5 s for the fake LLM's answer."""
    from intake import services

    monkeypatch.setattr(services, "INTAKE_LLM_SECONDS", 8.0)


@pytest.fixture
def no_llm(settings):
    settings.OPENAI_API_KEY = ""
