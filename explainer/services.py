"""Attaching explanations to verdicts."""

from explainer.template import template_explanation
from repair_advice.models import Verdict


def explanation_attach_initial(*, verdict: Verdict) -> None:
    """Give a new verdict its explanation without waiting for anything slow."""
    verdict.explanation_text = template_explanation(verdict.facts)
    verdict.explanation_source = Verdict.ExplanationSource.TEMPLATE
    verdict.explanation_status = Verdict.ExplanationStatus.READY
    verdict.save(update_fields=["explanation_text", "explanation_source", "explanation_status"])


def explanation_wait_ready(*, verdict: Verdict) -> Verdict:
    """The verdict with a ready explanation (the template text is always ready)."""
    return verdict
