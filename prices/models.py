"""Repair price records: one row per repair job or quote, from repairers or synthetic demo data."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class PriceRecord(models.Model):
    """One repair job or quote and what it cost; the training data of the cost model."""

    class Outcome(models.TextChoices):
        REPAIRED = "repaired", _("repaired")
        NOT_REPAIRABLE = "not_repairable", _("not repairable")
        QUOTE_DECLINED = "quote_declined", _("quote declined")

    class Origin(models.TextChoices):
        IMPORT = "import", _("CSV import")
        SYNTHETIC = "synthetic", _("synthetic demo data")
        PARTNER_API = "partner_api", _("partner API")
        CONSUMER = "consumer", _("consumer-reported")

    record_id = models.CharField(
        max_length=100, null=True, blank=True,
        help_text="The sender's own id, unique within its source (source_key).",
    )  # fmt: skip
    repaired_on = models.DateField()
    category = models.ForeignKey(
        "appliances.Category", on_delete=models.PROTECT, related_name="price_records"
    )
    symptom = models.ForeignKey(
        "appliances.Symptom",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="price_records",
    )
    brand = models.CharField(max_length=80, blank=True)
    age_years = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(60)]
    )
    parts_eur = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    labour_eur = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    callout_eur = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    total_eur = models.DecimalField(max_digits=9, decimal_places=2)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    postcode = models.CharField(max_length=7, blank=True)
    repairer = models.CharField(max_length=120, blank=True)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.IMPORT)
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="price_records", help_text="The partner that sent this record, if any.",
    )  # fmt: skip
    source_key = models.CharField(
        max_length=40, default="import", editable=False,
        help_text="Namespace of record_id: the origin, or partner:<id> for a partner's records.",
    )  # fmt: skip
    trusted = models.BooleanField(
        default=True, help_text="False: kept for the record, but never used to train the models."
    )
    excluded_reason = models.CharField(
        max_length=300, blank=True, help_text="Why the record is not trusted, or was flagged."
    )
    needs_review = models.BooleanField(
        default=False,
        help_text="Flagged on arrival (a consumer price far outside the trusted band): not trained "
        "on until a data steward confirms it.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", help_text="The data steward who confirmed or rejected a flagged price.",
    )  # fmt: skip
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-repaired_on", "-id"]
        indexes = [
            models.Index(fields=["category", "symptom"]),
            models.Index(fields=["created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total_eur__gt=0), name="price_total_positive"
            ),
            models.UniqueConstraint(
                fields=["source_key", "record_id"], name="price_record_id_unique_per_source"
            ),
        ]

    def __str__(self):
        return f"{self.category_id} {self.total_eur} EUR on {self.repaired_on}"

    @property
    def is_synthetic(self) -> bool:
        return self.origin == self.Origin.SYNTHETIC
