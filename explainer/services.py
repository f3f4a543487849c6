"""Attaching explanations to verdicts: the template at once, a language model's text when ready.

The flow (see docs/explainer.md):
1. `explanation_attach_initial`, before verdict_create's INSERT, never calls the LLM. Without
   an LLM the template text is final. With one, the verdict is `pending` with the template text as
   the provisional (no-JavaScript) text, unless an identical prompt already has an explanation.
   `explanation_schedule`, after the INSERT, enqueues the generation when a Celery worker exists
   (after the commit of any enclosing transaction, so the worker finds the verdict).
2. `explanation_generate` (the task, or a request) claims the verdict, asks the LLM once within
   the deadline, checks the answer and stores it, or the template text.
3. `explanation_poll` (GET .../explanation/) answers at once with the current status. When
   nobody writes a pending explanation yet (embedded mode, or a worker that has not taken it),
   it starts `explanation_generate` in a background thread (common.background); a claim past
   its deadline, or an explanation nobody took up in time, ends with the template text.
"""

import logging
import time
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from common import background
from explainer import llm_client
from explainer.checks import answer_normalize, answer_problems
from explainer.models import Explanation, ExplanationClaim
from explainer.prompt import explanation_key, explanation_messages, prompt_facts
from explainer.template import template_explanation
from moeitewaard.celery import app as celery_app
from repair_advice.models import Verdict

logger = logging.getLogger(__name__)

GENERATE_EXPLANATION_TASK = "explainer.tasks.generate_explanation"

Status = Verdict.ExplanationStatus
Source = Verdict.ExplanationSource

# How long past its own deadline a claim by another process is still waited for.
CLAIM_GRACE_SECONDS = 2.0
# With a worker, the web process writes a pending explanation itself (in a background thread)
# when the worker has not claimed it within this time: Redis was down, or the worker is busy.
WORKER_GRACE_SECONDS = 3.0
# A pending explanation that nobody claimed within this time gets the template text.
UNCLAIMED_LIMIT_SECONDS = 30.0


def _key(verdict: Verdict) -> str:
    return explanation_key(facts=verdict.facts, description=verdict.description)


def _worker_exists() -> bool:
    return not celery_app.conf.task_always_eager


def _enqueue_generation(verdict_id) -> None:
    # By name: the task module imports these services, so they do not import it back.
    try:
        celery_app.send_task(GENERATE_EXPLANATION_TASK, args=[str(verdict_id)], retry=False)
    except Exception as exc:  # noqa: BLE001 - the explanation GET generates it instead
        logger.warning(
            "Could not enqueue the explanation of verdict %s (%s); it stays pending",
            verdict_id,
            type(exc).__name__,
        )


def explanation_attach_initial(*, verdict: Verdict) -> None:
    """Give a new, not yet saved verdict its explanation without waiting for anything slow.

    Sets the explanation fields only; the caller's INSERT stores them with the verdict.
    """
    verdict.explanation_text = template_explanation(verdict.facts)
    verdict.explanation_source = Source.TEMPLATE
    verdict.explanation_status = Status.READY
    if llm_client.llm_configured():
        shared = Explanation.objects.filter(key=_key(verdict)).first()
        if shared is not None:
            verdict.explanation_text, verdict.explanation_source = shared.text, shared.source
        else:
            verdict.explanation_status = Status.PENDING


def explanation_on_verdict_evaluated(sender, verdict: Verdict, **kwargs) -> None:
    """Receiver of repair_advice.signals.verdict_evaluated (connected in ExplainerConfig.ready)."""
    explanation_attach_initial(verdict=verdict)


def explanation_on_verdict_stored(sender, verdict: Verdict, **kwargs) -> None:
    """Receiver of repair_advice.signals.verdict_stored (connected in ExplainerConfig.ready)."""
    explanation_schedule(verdict=verdict)


def explanation_schedule(*, verdict: Verdict) -> None:
    """Enqueue the generation of a stored, pending explanation when a worker will take it."""
    if verdict.explanation_status == Status.PENDING and _worker_exists():
        transaction.on_commit(partial(_enqueue_generation, verdict.id))


def explanation_claim(*, verdict_id) -> bool:
    """Claim the writing of a verdict's explanation; True for exactly one caller, ever."""
    try:
        with transaction.atomic():
            ExplanationClaim.objects.create(verdict_id=verdict_id)
    except IntegrityError:
        return False
    return True


def explanation_finish(*, verdict_id, text: str, source: str) -> bool:
    """Mark a pending explanation ready; False (and no change) when it was ready already."""
    updated = Verdict.objects.filter(pk=verdict_id, explanation_status=Status.PENDING).update(
        explanation_status=Status.READY, explanation_source=source, explanation_text=text
    )
    return bool(updated)


def _llm_explanation(*, verdict: Verdict, key: str, deadline: float) -> str | None:
    """The language model's checked answer, or None (with the reason logged)."""
    facts = verdict.facts
    try:
        answer = llm_client.chat_complete(
            messages=explanation_messages(facts=facts, description=verdict.description),
            deadline=deadline,
        )
    except llm_client.LlmUnavailable as exc:
        logger.warning("Verdict %s gets the template explanation: %s", verdict.pk, exc.reason)
        return None
    text = answer_normalize(answer)
    problems = answer_problems(text, facts=prompt_facts(facts), language=facts["language"])
    if problems:
        logger.warning(
            "LLM explanation of verdict %s rejected, template used: %s",
            verdict.pk,
            "; ".join(problems),
        )
        return None
    try:
        with transaction.atomic():
            Explanation.objects.get_or_create(
                key=key,
                defaults={
                    "language": facts["language"],
                    "text": text,
                    "source": Explanation.Source.LLM,
                    "llm_model": settings.OPENAI_MODEL[:100],
                },
            )
    except IntegrityError:  # stored by a concurrent verdict with the same facts
        pass
    return text


def explanation_generate(*, verdict_id, deadline: float | None = None) -> bool:
    """Write a pending verdict's explanation once: the LLM's checked text, or the template.

    Returns False, doing nothing, when the explanation is ready or another process claimed it.
    `deadline` is a time.monotonic() value; by default LLM_TIMEOUT_SECONDS from now.
    """
    if deadline is None:
        deadline = time.monotonic() + settings.LLM_TIMEOUT_SECONDS
    verdict = Verdict.objects.filter(pk=verdict_id).first()
    if verdict is None or verdict.explanation_status != Status.PENDING:
        return False
    if not explanation_claim(verdict_id=verdict_id):
        return False
    key = _key(verdict)
    shared = Explanation.objects.filter(key=key).first()
    if shared is not None:
        text, source = shared.text, shared.source
    else:
        text = _llm_explanation(verdict=verdict, key=key, deadline=deadline)
        source = Source.LLM
        if text is None:
            text, source = template_explanation(verdict.facts), Source.TEMPLATE
    explanation_finish(verdict_id=verdict_id, text=text, source=source)
    return True


def _finish_with_template(*, verdict: Verdict, reason: str) -> None:
    if explanation_finish(
        verdict_id=verdict.pk, text=template_explanation(verdict.facts), source=Source.TEMPLATE
    ):
        logger.warning("Explanation of verdict %s %s: template", verdict.pk, reason)


def explanation_for_reader(*, verdict: Verdict, facts: dict) -> dict:
    """The explanation in the reader's language: `facts` from `verdict_facts_for_reader`.

    In the verdict's own language that is the verdict's explanation. In another language, a
    language model's text already written for the same facts in that language (the language is
    part of the shared key), else the template text from the facts; never waits for the LLM.
    Returns the explanation API's body: status, source, text.
    """
    if facts["language"] == verdict.facts.get("language"):
        return {
            "status": verdict.explanation_status,
            "source": verdict.explanation_source,
            "text": verdict.explanation_text,
        }
    shared = Explanation.objects.filter(
        key=explanation_key(facts=facts, description=verdict.description)
    ).first()
    if shared is not None:
        return {"status": Status.READY, "source": shared.source, "text": shared.text}
    return {"status": Status.READY, "source": Source.TEMPLATE, "text": template_explanation(facts)}


def explanation_poll(*, verdict: Verdict) -> Verdict:
    """The verdict with its explanation as it is now; never waits for the language model.

    A pending explanation that nobody is writing is started in a background thread (at once in
    embedded mode, after WORKER_GRACE_SECONDS with a worker). It ends with the template text when
    a claim is past the LLM deadline plus a grace (its writer died), or when nobody claimed it
    within UNCLAIMED_LIMIT_SECONDS. Clients poll until the status is `ready`.
    """
    if verdict.explanation_status == Status.READY:
        return verdict
    now = timezone.now()
    claim = ExplanationClaim.objects.filter(verdict_id=verdict.pk).first()
    if claim is not None:
        stale_after = timedelta(seconds=settings.LLM_TIMEOUT_SECONDS + CLAIM_GRACE_SECONDS)
        if now - claim.claimed_at > stale_after:
            _finish_with_template(verdict=verdict, reason="not written in time")
    else:
        waited = (now - verdict.created_at).total_seconds()
        if waited > UNCLAIMED_LIMIT_SECONDS:
            _finish_with_template(verdict=verdict, reason="never taken up")
        elif not _worker_exists() or waited > WORKER_GRACE_SECONDS:
            background.background_submit(
                f"explanation:{verdict.pk}", explanation_generate, verdict_id=verdict.pk
            )
    verdict.refresh_from_db(fields=["explanation_status", "explanation_source", "explanation_text"])
    return verdict
