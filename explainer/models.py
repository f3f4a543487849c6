"""Explanations written by a language model, and the guard that writes each at most once."""

from django.db import models
from django.utils import timezone


class Explanation(models.Model):
    """An explanation for one set of facts, shared by every verdict whose prompt is identical.

    Only accepted language-model answers are stored: the template explanation is rebuilt from
    the facts whenever it is needed, and a failed call is tried again for the next verdict.
    """

    class Source(models.TextChoices):
        TEMPLATE = "template", "template"
        LLM = "llm", "llm"

    key = models.CharField(
        max_length=64,
        unique=True,
        help_text="sha256 of the canonical prompt facts, language and description.",
    )
    language = models.CharField(max_length=2)
    text = models.TextField()
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.LLM)
    llm_model = models.CharField(
        max_length=100, blank=True, help_text="OPENAI_MODEL that wrote it."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.key[:12]} ({self.language}, {self.source})"


class ExplanationClaim(models.Model):
    """A process is writing this verdict's explanation; the primary key lets only one claim it."""

    verdict = models.OneToOneField(
        "repair_advice.Verdict",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="explanation_claim",
    )
    claimed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.verdict_id} claimed at {self.claimed_at:%Y-%m-%d %H:%M:%S}"
