"""The appliance catalogue: categories, their symptoms and the reference figures behind a verdict.

Every figure that drives a verdict sits next to a `*_source` field that cites where it comes from
(or says "Estimate: ..." with the reasoning). Staff edit these in the admin.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from simple_history.models import HistoricalRecords

from appliances.parameters import parameter_range_error

ORDS_CATEGORIES = [
    "Aircon/dehumidifier", "Battery/charger/adapter", "Decorative or safety lights",
    "Desktop computer", "Digital compact camera", "DSLR/video camera", "Fan", "Flat screen",
    "Hair & beauty item", "Handheld entertainment device", "Headphones", "Hi-Fi integrated",
    "Hi-Fi separates", "Kettle", "Lamp", "Laptop", "Large home electrical", "Misc", "Mobile",
    "Musical instrument", "Paper shredder", "PC accessory", "Portable radio", "Power tool",
    "Printer/scanner", "Projector", "Sewing machine", "Small home electrical",
    "Small kitchen item", "Tablet", "Toaster", "Toy", "TV and gaming-related accessories", "Vacuum",
    "Watch/clock", "Coffee maker", "Food processor", "Games console", "Hair dryer", "Iron",
]  # fmt: skip


def _localized(obj, field: str, language: str | None = None) -> str:
    language = (language or get_language() or "nl")[:2]
    return getattr(obj, f"{field}_en" if language == "en" else f"{field}_nl")


class Category(models.Model):
    """An appliance category with the reference data a verdict needs."""

    slug = models.SlugField(
        unique=True, help_text="Stable English identifier, e.g. washing-machine."
    )
    name_nl = models.CharField(max_length=80)
    name_en = models.CharField(max_length=80)
    ords_category = models.CharField(
        max_length=60,
        choices=[(name, name) for name in ORDS_CATEGORIES],
        help_text="The Open Repair Data product category this corresponds to.",
    )
    is_small_appliance = models.BooleanField(
        default=False, help_text="Small items that a Repair Café typically handles."
    )
    aliases_nl = models.JSONField(
        default=list,
        blank=True,
        help_text="Everyday Dutch words for it, as a JSON list: synonyms, plurals, brand names "
        'used as product words (e.g. ["koelkast", "ijskast"]). The appliance field matches them.',
    )
    aliases_en = models.JSONField(
        default=list,
        blank=True,
        help_text='Everyday English words for it, as a JSON list (e.g. ["fridge", "freezer"]).',
    )

    new_price_low_eur = models.DecimalField(max_digits=8, decimal_places=2)
    new_price_high_eur = models.DecimalField(max_digits=8, decimal_places=2)
    new_price_source = models.TextField()

    lifetime_weibull_shape = models.FloatField(
        validators=[MinValueValidator(1.0), MaxValueValidator(10.0)],
        help_text="Weibull shape k (>= 1: failures become likelier with age).",
    )
    lifetime_weibull_scale_years = models.FloatField(
        validators=[MinValueValidator(0.5), MaxValueValidator(60)],
        help_text="Weibull scale (years).",
    )
    lifetime_source = models.TextField()

    embodied_co2e_kg = models.FloatField(validators=[MinValueValidator(0)])
    embodied_co2e_source = models.TextField()

    energy_kwh_per_year = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Yearly energy use of a new appliance, where it matters.",
    )
    energy_source = models.TextField(blank=True)

    callout_fee_eur = models.DecimalField(
        max_digits=7, decimal_places=2, help_text="Typical call-out / diagnosis fee."
    )
    callout_fee_source = models.TextField()

    repair_cost_low_eur = models.DecimalField(
        max_digits=8, decimal_places=2, help_text="Typical repair (parts + labour), low end."
    )
    repair_cost_high_eur = models.DecimalField(
        max_digits=8, decimal_places=2, help_text="Typical repair (parts + labour), high end."
    )
    repair_cost_source = models.TextField()

    legal_expected_lifetime_years = models.FloatField(
        validators=[MinValueValidator(0.5), MaxValueValidator(30)],
        help_text="Lifetime a buyer may reasonably expect under Dutch consumer law (conformity).",
    )
    legal_lifetime_source = models.TextField()

    # The routes out besides a professional repair and a new appliance (docs/decision-model.md).
    repair_cafe_accepts = models.BooleanField(
        default=False,
        help_text="A Repair Café takes it: portable, not built-in or heavy white goods.",
    )
    repair_cafe_source = models.TextField(blank=True)
    professional_success_prior = models.FloatField(
        default=0.85,
        validators=[MinValueValidator(0.01), MaxValueValidator(0.99)],
        help_text="Chance a professional repair attempt ends with a working appliance, before "
        "partners' reported outcomes are counted.",
    )
    professional_success_source = models.TextField(blank=True)
    refurbished_available = models.BooleanField(
        default=True, help_text="A refurbished or second-hand one can be bought."
    )
    refurbished_price_share = models.FloatField(
        default=0.7,
        validators=[MinValueValidator(0.05), MaxValueValidator(1.0)],
        help_text="Price of a refurbished one as a share of a new one (expected).",
    )
    refurbished_price_share_low = models.FloatField(
        default=0.5, validators=[MinValueValidator(0.05), MaxValueValidator(1.0)]
    )
    refurbished_price_share_high = models.FloatField(
        default=0.85, validators=[MinValueValidator(0.05), MaxValueValidator(1.0)]
    )
    refurbished_life_years = models.FloatField(
        default=4.0,
        validators=[MinValueValidator(0.5), MaxValueValidator(40)],
        help_text="Expected years of use of a refurbished or second-hand one.",
    )
    refurbished_co2e_fraction = models.FloatField(
        default=0.2,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="Footprint of a refurbished one as a share of a new one's embodied CO2e.",
    )
    refurbished_source = models.TextField(blank=True)
    energy_drift_per_year = models.FloatField(
        default=0.0,
        validators=[MinValueValidator(0.0), MaxValueValidator(0.5)],
        help_text="Extra energy an old appliance uses per year of age, relative to a new one.",
    )
    energy_drift_max = models.FloatField(
        default=0.0,
        validators=[MinValueValidator(0.0), MaxValueValidator(3.0)],
        help_text="Cap on that extra energy (fraction of a new one's use).",
    )
    energy_drift_source = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_nl"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(new_price_low_eur__lte=models.F("new_price_high_eur")),
                name="category_new_price_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(repair_cost_low_eur__lte=models.F("repair_cost_high_eur")),
                name="category_repair_cost_range_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.name_en} ({self.slug})"

    def clean(self):
        for low, high in (("new_price_low_eur", "new_price_high_eur"),
                          ("repair_cost_low_eur", "repair_cost_high_eur")):  # fmt: skip
            low_value, high_value = getattr(self, low), getattr(self, high)
            if low_value is not None and high_value is not None and low_value > high_value:
                raise ValidationError({high: "Must be at least the low value."})
        low, expected, high = (
            self.refurbished_price_share_low,
            self.refurbished_price_share,
            self.refurbished_price_share_high,
        )
        if None not in (low, expected, high) and not low <= expected <= high:
            raise ValidationError(
                {"refurbished_price_share": "Must lie between the low and the high share."}
            )
        for field in ("aliases_nl", "aliases_en"):
            aliases = getattr(self, field)
            if not isinstance(aliases, list) or not all(
                isinstance(alias, str) and alias.strip() for alias in aliases
            ):
                raise ValidationError(
                    {field: 'A JSON list of words, e.g. ["koelkast", "ijskast"].'}
                )

    def name(self, language: str | None = None) -> str:
        return _localized(self, "name", language)

    @property
    def new_price_typical_eur(self) -> float:
        """Midpoint of the typical new-price range."""
        return float(self.new_price_low_eur + self.new_price_high_eur) / 2


class Symptom(models.Model):
    """A way an appliance of one category can be broken, as a person would describe it."""

    class Cause(models.TextChoices):
        DEFECT = "defect", "defect or wear"
        DAMAGE = "damage", "damage (dropped, cracked glass, water)"
        UNKNOWN = "unknown", "unknown"

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="symptoms")
    slug = models.SlugField()
    name_nl = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    cost_factor = models.FloatField(
        default=1.0,
        validators=[MinValueValidator(0.1), MaxValueValidator(5.0)],
        help_text="Repair cost relative to the category's typical repair (1 = typical).",
    )
    keywords = models.TextField(
        blank=True, help_text="Words (Dutch and English, comma-separated) that suggest it."
    )
    position = models.PositiveSmallIntegerField(default=0)
    cause = models.CharField(
        max_length=8,
        choices=Cause.choices,
        default=Cause.UNKNOWN,
        help_text="Usual cause: damage is no conformity defect, so the legal guarantee does not "
        "cover it.",
    )
    cost_factor_source = models.TextField(blank=True)
    diy_parts_cost_low_eur = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True,
        help_text="Set (with the high end and the chance) when a person can fix it themselves.",
    )  # fmt: skip
    diy_parts_cost_high_eur = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True
    )
    diy_success_probability = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0.01), MaxValueValidator(0.99)]
    )
    diy_source = models.TextField(blank=True)
    professional_success_prior = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0.01), MaxValueValidator(0.99)],
        help_text="Overrides the category's prior where this fault is repaired far less often.",
    )
    professional_success_source = models.TextField(blank=True)
    repair_cafe_suitable = models.BooleanField(
        default=True,
        help_text="Off where the fix is a part that costs about as much as a new appliance (a TV "
        "panel): volunteers cannot make that cheaper.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["category", "slug"], name="symptom_unique_per_category")
        ]

    def __str__(self):
        return f"{self.category.slug}/{self.slug}"

    def name(self, language: str | None = None) -> str:
        return _localized(self, "name", language)

    def clean(self):
        diy = (self.diy_parts_cost_low_eur, self.diy_parts_cost_high_eur,
               self.diy_success_probability)  # fmt: skip
        if any(v is not None for v in diy) and any(v is None for v in diy):
            raise ValidationError(
                "A do-it-yourself fix needs the low and high parts cost and the chance it works."
            )
        if diy[0] is not None and diy[1] is not None and diy[0] > diy[1]:
            raise ValidationError({"diy_parts_cost_high_eur": "Must be at least the low value."})

    @property
    def has_diy_fix(self) -> bool:
        return self.diy_success_probability is not None


class ReferenceParameter(models.Model):
    """A global figure of the decision model (e.g. the displacement factor), with its source."""

    key = models.SlugField(max_length=60, unique=True)
    value = models.FloatField()
    unit = models.CharField(max_length=40, blank=True)
    description = models.TextField()
    source = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return f"{self.key} = {self.value} {self.unit}".strip()

    def clean(self):
        if problem := parameter_range_error(self.key, self.value):
            raise ValidationError({"value": problem})
