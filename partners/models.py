"""Repair partners (shops, Repair Cafés, manufacturer services), their widget and their leads."""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.origins import origins_normalize

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a colour like #1b7f3b.")


def new_public_key() -> str:
    return f"pk_{secrets.token_urlsafe(18)}"


class Partner(models.Model):
    """A repairer that embeds our widget, receives leads and sends us prices and outcomes."""

    class Kind(models.TextChoices):
        REPAIR_SHOP = "repair_shop", _("repair shop")
        REPAIR_CAFE = "repair_cafe", _("Repair Café")
        MANUFACTURER = "manufacturer", _("manufacturer service")
        # The second-hand and maintenance pilots (issue 16): drop-off points and sellers.
        MILIEUSTRAAT = "milieustraat", _("milieustraat (municipal recycling centre)")
        KRINGLOOP = "kringloop", _("kringloop (second-hand shop)")
        RETAILER = "retailer", _("retailer")

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REPAIR_SHOP)
    contact_email = models.EmailField()
    phone = models.CharField(max_length=30, blank=True)
    website = models.URLField(blank=True)
    address = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=7, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    categories = models.ManyToManyField(
        "appliances.Category", blank=True, related_name="partners",
        help_text="The categories it repairs.",
    )  # fmt: skip
    is_repair_cafe = models.BooleanField(default=False, help_text="Free, volunteer repairs.")
    brand_name = models.CharField(max_length=120, blank=True)
    brand_colour = models.CharField(max_length=7, default="#1b7f3b", validators=[hex_colour])
    brand_logo_url = models.URLField(blank=True)
    public_key = models.CharField(max_length=40, unique=True, default=new_public_key)
    allowed_origins = models.JSONField(
        default=list, blank=True, help_text="Origins allowed to embed the widget, e.g. https://x.nl"
    )
    api_token_hash = models.CharField(max_length=128, blank=True, editable=False)
    api_token_prefix = models.CharField(max_length=12, blank=True, editable=False)
    show_other_repairers = models.BooleanField(
        default=False,
        help_text="In its own widget, list other repairers nearby after this partner "
        "(otherwise only this partner is shown under 'repairers near you').",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        try:
            self.allowed_origins = origins_normalize(self.allowed_origins)
        except ValueError as error:
            raise ValidationError({"allowed_origins": str(error)}) from None

    @property
    def display_name(self) -> str:
        """The name shown in the widget: the brand name if set."""
        return self.brand_name or self.name


class Lead(models.Model):
    """A person who asked a partner for a repair quote from the widget, and what came of it."""

    class Outcome(models.TextChoices):
        REPAIRED = "repaired", _("repaired")
        NOT_REPAIRABLE = "not_repairable", _("not repairable")
        QUOTE_DECLINED = "quote_declined", _("quote declined")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="leads")
    verdict = models.ForeignKey(
        "repair_advice.Verdict", on_delete=models.PROTECT, related_name="leads"
    )
    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    message = models.TextField(blank=True, max_length=2000)
    consent_at = models.DateTimeField(help_text="When the person agreed to share these details.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_total_eur = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    outcome_repaired_on = models.DateField(null=True, blank=True)
    outcome_reported_at = models.DateTimeField(null=True, blank=True)
    price_record = models.OneToOneField(
        "prices.PriceRecord", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="lead", help_text="The price record made from the reported outcome.",
    )  # fmt: skip

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="", phone=""), name="lead_has_email_or_phone"
            )
        ]

    def __str__(self):
        # No contact details: this text shows in admin titles, breadcrumbs and the change log,
        # which staff without the lead contact permission read too.
        return f"Lead {self.pk} → {self.partner} ({self.created_at:%Y-%m-%d})"
