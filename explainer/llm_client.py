"""The one door to a language model: the OpenAI Chat Completions API, which every
OpenAI-compatible server speaks (OpenAI, Azure, vLLM, Ollama, LM Studio).

Every call is bounded: one deadline for all attempts together (at most LLM_TIMEOUT_SECONDS),
at most one retry, a cap on output tokens and a global budget of calls per hour. Failures are
logged here and reach callers only as `LlmUnavailable`, whose reason is for logs, never for people.
"""

import logging
import time

import httpx
import openai
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 2  # one call and at most one retry
# Starting an attempt with less time than this left only produces a timeout.
MIN_ATTEMPT_SECONDS = 0.25
TEMPERATURE = 0.2
BUDGET_KEY_PREFIX = "llm-calls"
# Worth one retry: the next attempt may well succeed. (Timeouts are not: the deadline is spent.)
RETRYABLE_ERRORS = (openai.APIConnectionError, openai.InternalServerError, openai.RateLimitError)


class LlmUnavailable(Exception):
    """No usable answer from the language model; `reason` says why (for the logs)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def llm_configured() -> bool:
    """Whether a language model is configured at all (without a key nothing is ever called)."""
    return bool(settings.OPENAI_API_KEY)


def budget_key(now=None) -> str:
    """The cache key counting this hour's calls, e.g. 'llm-calls:2025010314'."""
    return f"{BUDGET_KEY_PREFIX}:{(now or timezone.now()):%Y%m%d%H}"


def budget_take() -> bool:
    """Count one call against this hour's budget; False when spent or when the cache is down."""
    key = budget_key()
    try:
        cache.add(key, 0, timeout=2 * 3600)
        used = cache.incr(key)
    except Exception as exc:  # noqa: BLE001 - an unreachable cache means no budget, not a 500
        logger.warning("LLM budget unavailable (cache error: %s)", type(exc).__name__)
        return False
    if used > settings.LLM_CALLS_PER_HOUR:
        logger.warning("LLM budget of %s calls this hour is spent", settings.LLM_CALLS_PER_HOUR)
        return False
    return True


def _create(*, messages: list[dict], timeout: float, response_format: dict | None):
    options = {"response_format": response_format} if response_format else {}
    with openai.OpenAI(
        api_key=settings.OPENAI_API_KEY,
        base_url=settings.OPENAI_BASE_URL or None,
        timeout=httpx.Timeout(timeout),
        max_retries=0,  # retries are ours, so that they share one deadline
    ) as client:
        return client.chat.completions.create(
            model=settings.OPENAI_MODEL,
            messages=messages,
            max_tokens=settings.LLM_MAX_OUTPUT_TOKENS,
            temperature=TEMPERATURE,
            **options,
        )


def chat_complete(
    *, messages: list[dict], deadline: float | None = None, response_format: dict | None = None
) -> str:
    """The model's answer to these messages, within `deadline` (a time.monotonic() value).

    Raises LlmUnavailable when no key is configured, the budget is spent, time runs out, the
    server fails twice, or the answer is empty or cut off at the token cap.
    """
    if not llm_configured():
        raise LlmUnavailable("no LLM configured")
    latest = time.monotonic() + settings.LLM_TIMEOUT_SECONDS
    deadline = latest if deadline is None else min(deadline, latest)
    failure = "no attempt made"
    for attempt in range(1, MAX_ATTEMPTS + 1):
        remaining = deadline - time.monotonic()
        if remaining < MIN_ATTEMPT_SECONDS:
            failure = f"out of time before attempt {attempt}"
            break
        if not budget_take():
            raise LlmUnavailable("over the hourly budget or budget unavailable")
        try:
            response = _create(
                messages=messages, timeout=remaining, response_format=response_format
            )
        except openai.APITimeoutError:
            failure = f"timed out on attempt {attempt}"
            break  # the deadline is spent: a retry would only time out again
        except (
            openai.APIConnectionError,
            openai.InternalServerError,
            openai.RateLimitError,
        ) as exc:
            failure = f"{type(exc).__name__} on attempt {attempt}"
            logger.warning("LLM call failed, %s", failure)
            continue
        except openai.OpenAIError as exc:  # a 4xx or a malformed response: retrying will not help
            failure = f"{type(exc).__name__} on attempt {attempt}"
            break
        choice = response.choices[0] if response.choices else None
        content = (choice.message.content or "").strip() if choice else ""
        if not content:
            failure = "empty answer"
            break
        if choice.finish_reason == "length":
            failure = "answer cut off at the output token cap"
            break
        return content
    logger.warning("LLM unavailable: %s", failure)
    raise LlmUnavailable(failure)
