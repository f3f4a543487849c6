"""Background writing of explanations (only enqueued when a Celery worker exists)."""

import logging

from celery import shared_task

from explainer.services import GENERATE_EXPLANATION_TASK, explanation_generate

logger = logging.getLogger(__name__)


@shared_task(name=GENERATE_EXPLANATION_TASK, ignore_result=True)
def generate_explanation(verdict_id: str) -> None:
    """Write a pending verdict's explanation; a no-op when it is ready or being written."""
    if not explanation_generate(verdict_id=verdict_id):
        logger.info("Explanation of verdict %s already ready or claimed", verdict_id)
