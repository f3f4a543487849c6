"""Maintenance and second life: appliance passports, reminders, follow-ups and where old ones go.

No account is involved: an appliance passport is reached through an unguessable token, and an
e-mail address is only stored for the one purpose the person opted in to.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, override, pgettext

from partners.models import Partner

SITE_URL_HELP = "The site address the person used; links in e-mails use it."


def _localized(obj, field: str, language: str | None = None) -> str:
    language = (language or get_language() or "nl")[:2]
    return getattr(obj, f"{field}_en" if language == "en" else f"{field}_nl")


class MaintenanceTask(models.Model):
    """A recurring care task for a category of appliance, with a tip and its cited source."""

    category = models.ForeignKey(
        "appliances.Category", on_delete=models.CASCADE, related_name="maintenance_tasks"
    )
    slug = models.SlugField(max_length=60)
    interval_days = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="How often the task is due, in days.",
    )
    title_nl = models.CharField(max_length=120)
    title_en = models.CharField(max_length=120)
    tip_nl = models.TextField()
    tip_en = models.TextField()
    source = models.TextField(
        help_text="Where the advice comes from; 'Estimate: ...' if it is one."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category", "position", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "slug"], name="maintenance_task_unique_per_category"
            )
        ]

    def __str__(self):
        return f"{self.category.slug}/{self.slug}"

    def title(self, language: str | None = None) -> str:
        return _localized(self, "title", language)

    def tip(self, language: str | None = None) -> str:
        return _localized(self, "tip", language)

    def source_text(self, language: str | None = None) -> str:
        """The cited source in the reader's language: the Dutch wording lives in the maintenance
        catalogue (context "maintenance source"), so no field or migration per language."""
        with override((language or get_language() or "nl")[:2]):
            return pgettext("maintenance source", self.source)


class Appliance(models.Model):
    """A registered appliance (its passport); only the holder of the token can see it."""

    token = models.CharField(max_length=64, unique=True, editable=False)
    category = models.ForeignKey(
        "appliances.Category", on_delete=models.PROTECT, related_name="registered_appliances"
    )
    brand = models.CharField(max_length=80, blank=True)
    model_name = models.CharField(max_length=120, blank=True)
    purchase_date = models.DateField(null=True, blank=True)
    purchase_price_eur = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    language = models.CharField(max_length=2, default="nl")
    issued_by = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_passports",
        help_text="The retailer that issued this passport with what it sold.",
    )
    issue_batch = models.CharField(
        max_length=32, blank=True, db_index=True, editable=False,
        help_text="The retailer upload it came from; its labels print together.",
    )  # fmt: skip
    label_scans = models.PositiveIntegerField(
        default=0, editable=False, help_text="Opens of the page through the printed label."
    )
    first_scanned_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        label = " ".join(part for part in (self.brand, self.model_name) if part)
        return f"{self.category.slug}: {label or 'appliance'} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("maintenance:appliance-detail", kwargs={"token": self.token})


class LogEntry(models.Model):
    """Something done to an appliance: maintenance (optionally one of the tasks) or a repair."""

    class Kind(models.TextChoices):
        MAINTENANCE = "maintenance", "maintenance"
        REPAIR = "repair", "repair"

    appliance = models.ForeignKey(Appliance, on_delete=models.CASCADE, related_name="log_entries")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    task = models.ForeignKey(
        MaintenanceTask, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_on = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    cost_eur = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-done_on", "-id"]
        verbose_name_plural = "log entries"

    def __str__(self):
        return f"{self.kind} on {self.done_on}"


class ReminderSubscription(models.Model):
    """Consent to maintenance reminders for one appliance; nothing is sent before confirmation."""

    appliance = models.OneToOneField(
        Appliance, on_delete=models.CASCADE, related_name="reminder_subscription"
    )
    email = models.EmailField()
    site_url = models.CharField(
        max_length=200, help_text="The site address the person used; links in mails use it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"reminders for appliance {self.appliance_id}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Reminder(models.Model):
    """One reminder e-mail to send; the unique row plus the claim make it go out once."""

    appliance = models.ForeignKey(Appliance, on_delete=models.CASCADE, related_name="reminders")
    task = models.ForeignKey(MaintenanceTask, on_delete=models.CASCADE, related_name="reminders")
    due_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["appliance", "task", "due_date"], name="reminder_unique_per_due_date"
            )
        ]

    def __str__(self):
        return f"{self.task} for appliance {self.appliance_id} due {self.due_date}"


class FollowUp(models.Model):
    """What a person did after a verdict, and what it cost."""

    class Choice(models.TextChoices):
        REPAIRED = "repaired", "repaired"
        REPLACED = "replaced", "replaced"
        DECIDING = "deciding", "still deciding"

    verdict = models.ForeignKey(
        "repair_advice.Verdict", on_delete=models.CASCADE, related_name="follow_ups"
    )
    choice = models.CharField(max_length=10, choices=Choice.choices)
    repaired_where = models.CharField(max_length=120, blank=True)
    price_eur = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    worked = models.BooleanField(null=True, blank=True)
    price_record = models.OneToOneField(
        "prices.PriceRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up",
        help_text="The consumer-reported price record made from this answer, if any.",
    )
    # SHA-256 of the secret given to the person who answered (in a cookie): only they may change
    # the answer. Empty: nobody can (answers stored before the secret existed).
    answer_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.choice} after verdict {self.verdict_id}"


class FollowUpRequest(models.Model):
    """Consent to one follow-up e-mail a few weeks after a verdict."""

    verdict = models.ForeignKey(
        "repair_advice.Verdict", on_delete=models.CASCADE, related_name="follow_up_requests"
    )
    email = models.EmailField()
    site_url = models.CharField(
        max_length=200, help_text="The site address the person used; links in mails use it."
    )
    consented_at = models.DateTimeField()
    send_after = models.DateTimeField(db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["send_after", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["verdict", "email"], name="follow_up_request_unique_per_verdict"
            )
        ]

    def __str__(self):
        return f"follow-up e-mail for verdict {self.verdict_id}"


class SecondLifeLocation(models.Model):
    """A place where an old appliance can go: a kringloop shop, Repair Café or milieustraat."""

    class Kind(models.TextChoices):
        KRINGLOOP = "kringloop", "kringloop shop"
        REPAIR_CAFE = "repair_cafe", "Repair Café"
        MILIEUSTRAAT = "milieustraat", "municipal collection point (milieustraat)"
        OTHER = "other", "other"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = models.CharField(max_length=120)
    municipality = models.CharField(
        max_length=80, db_index=True, help_text="As spelled in the GeoNames PC4 data."
    )
    address = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=7, blank=True)
    url = models.URLField(blank=True)
    is_demo = models.BooleanField(
        default=True, help_text="Demo entry: not a checked real address. Shown as 'Demo'."
    )

    class Meta:
        ordering = ["municipality", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name", "municipality"], name="second_life_location_unique"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()}, {self.municipality})"


class RetailerPassports(Partner):
    """A retailer seen through the passports it issued: the admin's per-retailer figures."""

    class Meta:
        proxy = True
        verbose_name = "retailer passports"
        verbose_name_plural = "retailer passports"
