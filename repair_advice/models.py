"""Verdicts: what a person asked, what the decision model answered, and its explanation."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Verdict(models.Model):
    """One repair-or-replace advice. The id is unguessable so the page can be shared by link."""

    class Outcome(models.TextChoices):
        REPAIR = "repair", _("repair")
        REPLACE = "replace", _("replace")
        DOUBT = "doubt", _("doubt")

    class Language(models.TextChoices):
        DUTCH = "nl", "Nederlands"
        ENGLISH = "en", "English"

    class ExplanationStatus(models.TextChoices):
        PENDING = "pending", _("pending")
        READY = "ready", _("ready")

    class ExplanationSource(models.TextChoices):
        TEMPLATE = "template", "template"
        LLM = "llm", "llm"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    # What the person told us.
    category = models.ForeignKey(
        "appliances.Category", on_delete=models.PROTECT, related_name="verdicts"
    )
    # Slugs of the category's symptoms, as chosen: in the verdict's own row (like `facts`), so
    # storing a verdict is one INSERT, and the record keeps what was asked if the catalogue changes.
    symptom_slugs = models.JSONField(default=list, blank=True)
    age_years = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(60)]
    )
    brand = models.CharField(max_length=80, blank=True)
    purchase_price_eur = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    repair_quote_eur = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    description = models.TextField(blank=True, max_length=2000)
    postcode = models.CharField(max_length=7, blank=True)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.DUTCH)

    # What the decision model answered.
    outcome = models.CharField(max_length=8, choices=Outcome.choices, db_index=True)
    confidence = models.FloatField()
    facts = models.JSONField(help_text="Every number of the verdict, as returned by the API.")
    model_version = models.ForeignKey(
        "ml.ModelVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="verdicts"
    )

    explanation_status = models.CharField(
        max_length=8, choices=ExplanationStatus.choices, default=ExplanationStatus.READY
    )
    explanation_source = models.CharField(
        max_length=8, choices=ExplanationSource.choices, default=ExplanationSource.TEMPLATE
    )
    explanation_text = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.category_id}: {self.outcome} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("verdict-detail", kwargs={"verdict_id": self.id})
