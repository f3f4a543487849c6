"""The reuse check at drop-off points: staff, checks, kringloop outcomes and model versions."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

LOCATION_KINDS = ("milieustraat", "kringloop")


class Condition(models.TextChoices):
    WORKS = "works", "works"
    SMALL_FAULT = "small_fault", "works with a small fault"
    BROKEN = "broken", "broken"
    DAMAGED = "damaged", "damaged housing or missing parts"


class LocationStaff(models.Model):
    """A staff login of one pilot location; it sees and creates checks of that location only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reuse_staff"
    )
    location = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        related_name="reuse_staff",
        limit_choices_to={"kind__in": LOCATION_KINDS},
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "location staff"

    def __str__(self):
        return f"{self.user} @ {self.location}"


class ReuseModelVersion(models.Model):
    """A trained set of reuse parameters (learned per category × condition), with holdout metrics.

    Only the active version answers checks; a version becomes active when it passes the gate.
    """

    version = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    parameters = models.JSONField(help_text="Learned multipliers per 'category|condition' cell.")
    metrics = models.JSONField(
        default=dict, help_text="Holdout metrics of this and the active one."
    )
    data_snapshot = models.JSONField(default=dict, help_text="Which outcomes it was trained on.")
    is_active = models.BooleanField(default=False)
    promoted_at = models.DateTimeField(null=True, blank=True)
    gate_passed = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-version"]
        permissions = [
            ("retrain_reusemodelversion", "Can retrain reuse model versions"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="reuse_one_active_model_version",
            )
        ]

    def __str__(self):
        return f"reuse v{self.version}{' (active)' if self.is_active else ''}"


class ReuseCheck(models.Model):
    """One appliance checked at a location: the inputs, the answer and the model that gave it."""

    class Potential(models.TextChoices):
        HIGH = "high", "high"
        MEDIUM = "medium", "medium"
        LOW = "low", "low"

    class Destination(models.TextChoices):
        REUSE = "reuse", "reuse container (kringloop)"
        REPAIR_CAFE = "repair_cafe", "Repair Café"
        RETAILER = "retailer", "take-back by the retailer"
        RECYCLING = "recycling", "recycling"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="reuse_checks"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    category = models.ForeignKey(
        "appliances.Category", on_delete=models.PROTECT, related_name="reuse_checks"
    )
    brand = models.CharField(max_length=80, blank=True)
    age_years = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text="Empty when the age is unknown (then the average life of the category is used).",
    )
    condition = models.CharField(max_length=12, choices=Condition.choices)
    appliance = models.ForeignKey(
        "maintenance.Appliance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reuse_checks",
        help_text="The passport that was scanned, if any.",
    )
    potential = models.CharField(max_length=6, choices=Potential.choices)
    sold_probability = models.FloatField()
    value_low_eur = models.DecimalField(max_digits=8, decimal_places=2)
    value_high_eur = models.DecimalField(max_digits=8, decimal_places=2)
    destination = models.CharField(max_length=12, choices=Destination.choices)
    reason_code = models.CharField(max_length=20, help_text="Which one-line reason is shown.")
    weight_kg = models.FloatField(help_text="Typical weight of the category at check time.")
    embodied_co2e_kg = models.FloatField(help_text="The category's embodied CO2e at check time.")
    model_version = models.ForeignKey(
        ReuseModelVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="checks"
    )

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("view_all_locations", "Can see the reuse checks of every location"),
        ]

    def __str__(self):
        return f"{self.category.slug} @ {self.location} ({self.created_at:%Y-%m-%d})"


class ReuseOutcome(models.Model):
    """What a kringloop partner reports for an item: sold (with price), not sold or recycled."""

    class Result(models.TextChoices):
        SOLD = "sold", "sold"
        NOT_SOLD = "not_sold", "not sold"
        RECYCLED = "recycled", "recycled"

    class Origin(models.TextChoices):
        PARTNER_API = "partner_api", "partner API"
        CSV_IMPORT = "csv_import", "CSV import"

    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.CASCADE, related_name="reuse_outcomes"
    )
    record_id = models.CharField(max_length=100, help_text="The partner's own id of the item.")
    check_ref = models.ForeignKey(
        ReuseCheck,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
        help_text="The reuse check the item came from, when known.",
    )
    category = models.ForeignKey("appliances.Category", on_delete=models.PROTECT, related_name="+")
    condition = models.CharField(max_length=12, choices=Condition.choices)
    age_years = models.DecimalField(
        max_digits=4, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(60)]
    )
    result = models.CharField(max_length=10, choices=Result.choices)
    price_eur = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    reported_on = models.DateField()
    origin = models.CharField(max_length=12, choices=Origin.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "record_id"], name="reuse_outcome_unique_id"
            ),
            models.CheckConstraint(
                condition=models.Q(result="sold", price_eur__isnull=False)
                | (~models.Q(result="sold") & models.Q(price_eur__isnull=True)),
                name="reuse_outcome_price_iff_sold",
            ),
        ]
        permissions = [("import_reuseoutcome", "Can import reuse outcomes")]

    def __str__(self):
        return f"{self.partner} {self.record_id}: {self.result}"
