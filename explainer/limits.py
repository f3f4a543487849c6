"""The share of the hourly LLM budget that symptom suggestions may spend: suggestions fire at
every pause in typing, so without a share one client (or suggestions as a whole) could spend the
budget that verdict explanations need."""

from django.conf import settings

from common.client_ip import client_key
from common.throttling import rate_limit_hit
from explainer.llm_client import llm_configured


def suggestion_llm_allowed(request) -> bool:
    """Whether this suggestion may ask the language model: within the client's own share
    (SUGGESTION_LLM_CLIENT_RATE) and within the suggestions' part of the hourly budget
    (SUGGESTION_LLM_CALLS_PER_HOUR). Otherwise the ML model suggests, as when no LLM answers."""
    if not llm_configured():
        return False
    client_over = rate_limit_hit(
        scope="llm-suggestions-client",
        ident=client_key(request),
        rate=settings.SUGGESTION_LLM_CLIENT_RATE,
    )
    if client_over is not None:
        return False
    all_over = rate_limit_hit(
        scope="llm-suggestions",
        ident="all",
        rate=f"{settings.SUGGESTION_LLM_CALLS_PER_HOUR}/hour",
    )
    return all_over is None
